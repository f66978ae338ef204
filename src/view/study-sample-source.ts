import { loadStudyRuns, runKey, runVerifier, type RunSelection, type StudyRuns } from '../report/gather/study-runs.js';
import type { ProblemRecord, SampleTableRow, StudyStore, VerifierKey } from '../study/index.js';
import type { ProblemDetail, SamplePage, SampleQuery, SampleSource, SampleView } from './sample-source.js';

/** Longest reference answer shown (code benchmarks store whole test suites as gold). */
const MAX_REFERENCE = 4000;

interface VerdictView {
  correct: boolean | null;
  extracted: string | null;
  reason: string | null;
}

/** Fields a structured gold (a lab task's problem row, an imported record) keeps its final answer in. */
const ANSWER_FIELDS = ['answer', 'target', 'expected', 'final_answer', 'gt'];

function answerIn(value: unknown, depth = 0): string | null {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (value === null || typeof value !== 'object' || Array.isArray(value) || depth > 2) return null;
  const o = value as Record<string, unknown>;
  for (const f of ANSWER_FIELDS) if (typeof o[f] === 'string' || typeof o[f] === 'number') return String(o[f]);
  for (const v of Object.values(o)) {
    const inner = typeof v === 'object' ? answerIn(v, depth + 1) : null;
    if (inner !== null) return inner;
  }
  return null;
}

/**
 * The reference as a person reads it: a final answer (rendered as math by the client), found in a
 * plain string gold or a structured one's answer field; anything else (code tests) as text, cut.
 */
function referenceOf(problem: ProblemRecord): { reference: string | null; referenceKind: 'math' | 'text' } {
  const answer = answerIn(problem.gold) ?? answerIn(problem.metadata);
  if (answer !== null) return { reference: answer, referenceKind: 'math' };
  if (problem.gold === null || problem.gold === undefined) return { reference: null, referenceKind: 'text' };
  const text = JSON.stringify(problem.gold);
  return { reference: text.length > MAX_REFERENCE ? `${text.slice(0, MAX_REFERENCE)}… (${text.length} characters)` : text, referenceKind: 'text' };
}

/**
 * Samples and problems read through the study store, each run with its own verifier's verdicts
 * (or the requested verifier's). Uses the same run per (model, benchmark) as the report. Verdicts of a run are indexed on first use (one
 * pass over its sample table); texts are read per problem.
 */
export class StudySampleSource implements SampleSource {
  private runsPromise: Promise<StudyRuns> | null = null;
  private readonly problems = new Map<number, Promise<ProblemRecord[]>>();
  private readonly verdicts = new Map<number, Promise<Map<string, VerdictView>>>();

  constructor(
    private readonly store: StudyStore,
    private readonly requested: VerifierKey | null = null,
    private readonly selection: RunSelection = {},
  ) {}

  private runs(): Promise<StudyRuns> {
    return (this.runsPromise ??= loadStudyRuns(this.store, this.selection));
  }

  private async findProblem(benchmark: string, problemId: string): Promise<{ benchmarkId: number; problem: ProblemRecord } | null> {
    const bench = (await this.runs()).benchmarks.find((b) => b.name === benchmark);
    if (!bench) return null;
    let list = this.problems.get(bench.id);
    if (!list) this.problems.set(bench.id, (list = this.store.listProblems(bench.id)));
    const problem = (await list).find((p) => p.key === problemId);
    return problem ? { benchmarkId: bench.id, problem } : null;
  }

  private verdictIndex(runId: number): Promise<Map<string, VerdictView>> {
    let index = this.verdicts.get(runId);
    if (!index) {
      index = (async () => {
        const map = new Map<string, VerdictView>();
        const verifier = await runVerifier(this.store, runId, this.requested);
        if (!verifier) return map;
        for await (const row of this.store.iterateSampleTable({ runId, verifier })) {
          map.set(`${row.problem}\u0000${row.sampleIndex}`, { correct: row.correct, extracted: row.extracted, reason: row.reason });
        }
        return map;
      })();
      this.verdicts.set(runId, index);
    }
    return index;
  }

  async problem(benchmark: string, problemId: string): Promise<ProblemDetail | null> {
    const found = await this.findProblem(benchmark, problemId);
    if (!found) return null;
    return { benchmark, problemId, prompt: found.problem.prompt, ...referenceOf(found.problem) };
  }

  async samples(q: SampleQuery): Promise<SamplePage> {
    const found = await this.findProblem(q.benchmark, q.problemId);
    const runs = await this.runs();
    const model = runs.models.find((m) => m.name === q.model);
    const run = found && model ? runs.runs.get(runKey(model.id, found.benchmarkId)) : undefined;
    if (!found || !run) return { total: 0, samples: [] };
    const verdicts = await this.verdictIndex(run.id);
    const seen = new Set<string>();
    const all: SampleView[] = [];
    for await (const s of this.store.iterateSamples(run.id, { problemId: found.problem.id })) {
      if (s.text === null) {
        all.push({ index: s.sampleIndex, text: '', verdict: 'error', extracted: null, reason: s.error, finishReason: s.finishReason, duplicate: false });
        continue;
      }
      const v = verdicts.get(`${q.problemId}\u0000${s.sampleIndex}`);
      // Empty texts (verdicts imported without their responses) repeat each other without saying anything about the sampler.
      const duplicate = s.text.length > 0 && seen.has(s.text);
      seen.add(s.text);
      all.push({
        index: s.sampleIndex,
        text: s.text,
        verdict: v === undefined || v.correct === null ? 'unverified' : v.correct ? 'correct' : 'incorrect',
        extracted: v?.extracted ?? null,
        reason: v?.reason ?? null,
        finishReason: s.finishReason,
        duplicate,
      });
    }
    return { total: all.length, samples: all.slice(q.offset, q.offset + q.limit) };
  }
}
