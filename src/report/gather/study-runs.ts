import { InputError } from '../../errors.js';
import { chooseVerifier, formatVerifierKey, type StudyStore } from '../../study/index.js';
import type { BenchmarkRecord, ModelRecord, RunRecord, VerifierKey } from '../../study/index.js';
import { runSettings } from '../run-settings.js';

/** The runs a report reads: at most one per (model, benchmark). */
export interface StudyRuns {
  models: ModelRecord[];
  benchmarks: BenchmarkRecord[];
  /** Keyed by `runKey(modelId, benchmarkId)`. */
  runs: Map<string, RunRecord>;
  /** How the runs were chosen, for the provenance block. */
  selectedBy: 'only-runs' | 'runs' | 'study-file';
}

/** One (model, benchmark) cell of a study file with the sampling settings its main run was made with. */
export interface StudyFileCell {
  model: string;
  benchmark: string;
  temperature: number;
  top_p: number;
  max_tokens: number;
  /** Null when the study file does not set one (then any base seed matches). */
  seed: number | null;
}

/** Which runs to read when a model has several on one benchmark. */
export interface RunSelection {
  /** Run ids (`--runs`); at most one per (model, benchmark). */
  runs?: readonly number[];
  /** The cells of a study file (`--study-file`, or a YAML `--study`): runs that match their settings. */
  studyFile?: { file: string; cells: readonly StudyFileCell[] };
}

export const runKey = (modelId: number, benchmarkId: number): string => `${modelId}/${benchmarkId}`;

/**
 * Loads models, benchmarks and the runs the report reads. Never guesses: with `runs` exactly those
 * runs; with a study file the runs matching its cells; with neither, the store must hold one run
 * per (model, benchmark) — otherwise `AmbiguousRunsError` lists the candidates and their settings.
 */
export async function loadStudyRuns(store: StudyStore, selection: RunSelection = {}): Promise<StudyRuns> {
  const [models, benchmarks, all] = await Promise.all([store.listModels(), store.listBenchmarks(), store.listRuns()]);
  const modelName = new Map(models.map((m) => [m.id, m.name]));
  const benchName = new Map(benchmarks.map((b) => [b.id, b.name]));
  let chosen: RunRecord[];
  let selectedBy: StudyRuns['selectedBy'] = 'only-runs';
  if (selection.runs !== undefined) {
    selectedBy = 'runs';
    const byId = new Map(all.map((r) => [r.id, r]));
    const missing = selection.runs.filter((id) => !byId.has(id));
    if (missing.length > 0)
      throw new InputError(`no run ${missing.join(', ')} in this study (runs: ${all.map((r) => r.id).join(', ') || 'none'})`, { field: '--runs' });
    chosen = [...new Set(selection.runs)].map((id) => byId.get(id)!);
  } else if (selection.studyFile !== undefined) {
    selectedBy = 'study-file';
    const cells = selection.studyFile.cells;
    chosen = all.filter((r) => {
      const s = runSettings(r);
      // A setting the run did not record (an import without it) does not rule the run out.
      const same = (v: number | null, want: number): boolean => v === null || v === want;
      return cells.some(
        (c) =>
          c.model === modelName.get(r.modelId) &&
          c.benchmark === benchName.get(r.benchmarkId) &&
          same(s.temperature, c.temperature) &&
          same(s.top_p, c.top_p) &&
          same(s.max_tokens, c.max_tokens) &&
          (c.seed === null || s.seed === c.seed),
      );
    });
  } else chosen = all;
  const runs = new Map<string, RunRecord>();
  const clashes = new Map<string, RunRecord[]>();
  for (const run of chosen) {
    const key = runKey(run.modelId, run.benchmarkId);
    const prev = runs.get(key);
    if (prev) clashes.set(key, [...(clashes.get(key) ?? [prev]), run]);
    else runs.set(key, run);
  }
  if (clashes.size > 0) {
    const candidates = [...clashes.values()]
      .flat()
      .map((r) => ({ run: r, model: modelName.get(r.modelId) ?? '?', benchmark: benchName.get(r.benchmarkId) ?? '?' }));
    throw new AmbiguousRunsError(
      candidates,
      selectedBy,
      await verifiersOf(
        store,
        candidates.map((c) => c.run.id),
      ),
    );
  }
  return { models, benchmarks, runs, selectedBy };
}

async function verifiersOf(store: StudyStore, runIds: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const id of runIds) out.set(id, (await store.listVerifierKeys(id)).map(formatVerifierKey).join(', ') || 'no verdicts');
  return out;
}

/**
 * A store with several runs of one model on one benchmark and no selection saying which counts.
 * Reporting either silently could put the wrong sampling settings behind every number, so the
 * report refuses and prints the candidates side by side (exit 2).
 */
export class AmbiguousRunsError extends InputError {
  constructor(
    candidates: ReadonlyArray<{ run: RunRecord; model: string; benchmark: string }>,
    selectedBy: StudyRuns['selectedBy'],
    verifiers: Map<number, string>,
  ) {
    const rows = candidates.map((c) => {
      const s = runSettings(c.run);
      const v = (x: number | null): string => (x === null ? '—' : String(x));
      return [
        String(c.run.id),
        c.model,
        c.benchmark,
        v(s.temperature),
        v(s.top_p),
        v(s.max_tokens),
        String(s.n),
        s.template,
        String(s.seed),
        verifiers.get(c.run.id) ?? '',
      ];
    });
    const head = ['run', 'model', 'benchmark', 'T', 'top-p', 'max tokens', 'n', 'template', 'seed', 'verifier'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]): string =>
      cells
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd();
    const table = [line(head), ...rows.map(line)].join('\n');
    const why =
      selectedBy === 'study-file'
        ? "several runs match the study file's settings for one model and benchmark"
        : selectedBy === 'runs'
          ? '--runs names two runs of one model on one benchmark'
          : 'the study holds several runs of one model on one benchmark';
    super(`${why}; say which to report with --runs ID,ID,… (or --study-file STUDY.yaml):\n${table}`, { field: '--runs' });
  }
}

/**
 * Checks a requested verifier: it must have verdicts in this study, since a report built on a
 * grader with no verdicts would silently show nothing. No request: null (each run then uses its own).
 */
export async function resolveVerifier(store: StudyStore, requested?: VerifierKey): Promise<VerifierKey | null> {
  if (!requested) return null;
  const keys = await store.listVerifierKeys();
  const found = keys.find((k) => k.verifier === requested.verifier && k.policy === requested.policy && k.version === requested.version);
  if (!found)
    throw new InputError(
      `no verdicts from verifier ${formatVerifierKey(requested)} in this study (present: ${keys.map(formatVerifierKey).join(', ') || 'none'})`,
      { field: 'verifier' },
    );
  return found;
}

/**
 * The verdicts a run is read with: the requested verifier, else the run's only one (a study mixes
 * math, code and lab benchmarks, each graded by its own verifier); several on one run without a
 * choice is an error that lists them. Null when the run has no verdicts yet.
 */
export async function runVerifier(store: StudyStore, runId: number, requested: VerifierKey | null): Promise<VerifierKey | null> {
  return requested ?? (await chooseVerifier(store, runId, undefined)) ?? null;
}
