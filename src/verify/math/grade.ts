import { allBoxed, extractAnswer } from './extract.js';
import { compareStrict, goldListSize } from './grade-strict.js';
import { comparePaper, extractPaper, paperChoiceStep, paperGold, paperPred } from './paper/grade-paper.js';
import { answerOrder } from './question.js';
import { GradeRequest, type MathVerdict } from './types.js';
import { MATH_VERIFIER_VERSION } from './version.js';

/**
 * Grades one answer synchronously, in-process. Pure computation; every verdict names the layer
 * that decided it, the policy and the verifier version.
 */
export function gradeMath(request: GradeRequest): MathVerdict {
  return gradeValidated(GradeRequest.parse(request));
}

/** gradeMath for a request that already passed GradeRequest.parse (the pool validates before sending). */
export function gradeValidated(r: ValidRequest): MathVerdict {
  try {
    return gradeParsed(r);
  } catch (err) {
    // A verifier bug must not take down a batch: report it in the verdict.
    const extracted = r.pred ?? null;
    return {
      correct: false,
      extracted,
      reason: `internal error: ${err instanceof Error ? err.message : String(err)}`,
      policy: r.policy,
      version: MATH_VERIFIER_VERSION,
    };
  }
}

export type ValidRequest = ReturnType<typeof GradeRequest.parse>;

function gradeParsed(r: ValidRequest): MathVerdict {
  const base = { policy: r.policy, version: MATH_VERIFIER_VERSION };
  if (r.policy === 'paper') {
    const gt = paperGold(r.gold, r.benchmark);
    let extracted = r.pred !== undefined ? paperPred(r.pred, r.benchmark) : extractPaper(r.response ?? '', r.benchmark);
    // The multiple-choice step reads the whole response; an already extracted pred has none.
    if (r.response !== undefined) extracted = paperChoiceStep(extracted, r.response, gt);
    const d = comparePaper(extracted, gt);
    return { ...base, correct: d.equal, extracted, reason: d.layer };
  }
  const extracted = r.pred ?? extractAnswer(r.response ?? '');
  if (extracted === null) return { ...base, correct: false, extracted: null, reason: 'no answer found' };
  const order = answerOrder(r.question);
  const d = compareStrict(extracted, r.gold, r.benchmark, order);
  if (!d.equal && r.response !== undefined) {
    // Several answers in several boxes ("\boxed{2} and \boxed{3}") against a gold list of as many.
    const k = goldListSize(r.gold);
    const boxes = allBoxed(r.response);
    if (k > 1 && boxes.length >= k) {
      const joined = boxes.slice(-k).join(', ');
      const dj = compareStrict(joined, r.gold, r.benchmark, order);
      if (dj.equal) return { ...base, correct: true, extracted: joined, reason: `${dj.layer} (answers in ${k} boxes)` };
    }
  }
  return { ...base, correct: d.equal, extracted, reason: d.layer };
}
