import { InputError } from '../errors.js';
import { crossoverIndex, leaderOf } from './crossover.js';
import { alignOutcomes, sampleCounts, validateOutcomes, type ProblemOutcome } from './outcome.js';
import { datasetPassAtK, powersOfTwoUpTo } from './passk.js';

/**
 * Grader audit: the same samples graded by several verifiers or policies (strict, paper, an
 * imported harness's) — where the grades disagree, and how far each headline moves with the
 * grader. A conclusion that flips with the grader is a statement about the grader.
 */
export interface GraderAuditInput {
  /** Grader names (e.g. formatted verifier keys), at least two. */
  graders: readonly string[];
  /** Per model: its outcomes under each grader (problems matched by id across graders). */
  models: ReadonlyArray<{ model: string; byGrader: ReadonlyMap<string, readonly ProblemOutcome[]> }>;
  /** [base, other]: the pair whose crossover k is audited. */
  pair?: readonly [string, string];
}

export interface GraderDisagreement {
  model: string;
  a: string;
  b: string;
  /** Samples graded by both (null without per-sample scores: then only problems are compared). */
  samples: number | null;
  disagree: number | null;
  share: number | null;
  /** Problems solved (c > 0) under one grader and not the other. */
  problemsDiffer: number;
  exampleProblems: string[];
}

export interface GraderHeadline {
  grader: string;
  model: string;
  pass1: number;
  k: number;
  passAtK: number;
  solved: number;
}

export interface GraderAudit {
  graders: string[];
  disagreements: GraderDisagreement[];
  headlines: GraderHeadline[];
  crossover: Array<{ grader: string; base: string; other: string; k: number | null }>;
  /** Per model: the largest minus the smallest value of each headline across graders. */
  moves: Array<{ model: string; pass1: number; passAtK: number; solved: number }>;
  /** Whether the crossover k is the same under every grader. */
  crossoverStable: boolean | null;
}

export function graderAudit(input: GraderAuditInput): GraderAudit {
  const graders = [...input.graders];
  if (graders.length < 2) throw new InputError(`a grader audit needs at least two graders (got ${graders.length})`, { field: 'verifier' });
  const disagreements: GraderDisagreement[] = [];
  const headlines: GraderHeadline[] = [];
  const moves: GraderAudit['moves'] = [];
  for (const { model, byGrader } of input.models) {
    const per = graders.map((g) => {
      const o = byGrader.get(g);
      if (!o) throw new InputError(`model "${model}" has no verdicts from grader ${g}`, { field: 'verifier' });
      validateOutcomes(o, `${model} under ${g}`);
      return o;
    });
    const k = Math.min(...per.map((o) => sampleCounts(o).nMin));
    const hs = per.map((o, gi): GraderHeadline => {
      const curve = datasetPassAtK(o, k === 1 ? [1] : [1, k]);
      return {
        grader: graders[gi]!,
        model,
        pass1: curve.passAtK[0]!,
        k,
        passAtK: curve.passAtK[curve.passAtK.length - 1]!,
        solved: o.filter((x) => x.c > 0).length,
      };
    });
    headlines.push(...hs);
    const spread = (f: (h: GraderHeadline) => number): number => Math.max(...hs.map(f)) - Math.min(...hs.map(f));
    moves.push({ model, pass1: spread((h) => h.pass1), passAtK: spread((h) => h.passAtK), solved: spread((h) => h.solved) });
    for (let i = 0; i < graders.length; i++) {
      for (let j = i + 1; j < graders.length; j++) {
        const { a, b } = alignOutcomes(per[i]!, per[j]!, [graders[i]!, graders[j]!]);
        let samples: number | null = 0;
        let disagree = 0;
        const differ: string[] = [];
        a.forEach((x, p) => {
          const y = b[p]!;
          if (x.c > 0 !== y.c > 0) differ.push(x.problemId);
          if (samples === null) return;
          if (x.scores === undefined || y.scores === undefined || x.n !== y.n) {
            samples = null;
            return;
          }
          samples += x.n;
          for (let s = 0; s < x.n; s++) if (x.scores[s] !== y.scores[s]) disagree++;
        });
        disagreements.push({
          model,
          a: graders[i]!,
          b: graders[j]!,
          samples,
          disagree: samples === null ? null : disagree,
          share: samples === null || samples === 0 ? null : disagree / samples,
          problemsDiffer: differ.length,
          exampleProblems: differ.slice(0, 10),
        });
      }
    }
  }
  const crossover: GraderAudit['crossover'] = [];
  if (input.pair) {
    const [base, other] = input.pair;
    const mb = input.models.find((m) => m.model === base);
    const mo = input.models.find((m) => m.model === other);
    if (!mb || !mo) throw new InputError(`the audited pair ${base} / ${other} is not among the models`, { field: 'compare' });
    for (const g of graders) {
      const { a, b } = alignOutcomes(mo.byGrader.get(g)!, mb.byGrader.get(g)!, [other, base]);
      const nMin = Math.min(sampleCounts(a).nMin, sampleCounts(b).nMin);
      const ks = powersOfTwoUpTo(nMin);
      const ca = datasetPassAtK(a, ks).passAtK;
      const cb = datasetPassAtK(b, ks).passAtK;
      const diff = ca.map((v, i) => v - cb[i]!);
      const idx = crossoverIndex(diff, leaderOf(diff[0]!));
      crossover.push({ grader: g, base, other, k: idx < 0 ? null : ks[idx]! });
    }
  }
  const crossoverStable = crossover.length === 0 ? null : crossover.every((c) => c.k === crossover[0]!.k);
  return { graders, disagreements, headlines, crossover, moves, crossoverStable };
}
