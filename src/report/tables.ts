import { Labels } from './figures/common.js';
import type { SectionId } from './figures/index.js';
import type { ReportData } from './report-data.js';

export type Cell = string | number | null;

/** One table of numbers: written as `tables/<id>.csv` and (unless `csvOnly`) shown in the HTML. */
export interface Table {
  id: string;
  /** Report section the table belongs to (same ids as the figure sections). */
  section: SectionId;
  title: string;
  columns: string[];
  /** Columns holding fractions, shown as percentages in the HTML (CSV keeps full precision). */
  percentColumns?: string[];
  rows: Cell[][];
  /** Too long to read on a page (one row per problem and model): linked, not inlined. */
  csvOnly?: boolean;
}

/** Every number of the report as tables. Pure; rows follow the order of the data. */
export function buildTables(data: ReportData): Table[] {
  const L = new Labels(data);
  const tables: Table[] = [
    {
      id: 'passk',
      section: 'passk',
      title: 'pass@k with bootstrap interval',
      columns: ['benchmark', 'model', 'k', 'pass@k', 'lo', 'hi', 'problems', 'samples per problem'],
      percentColumns: ['pass@k', 'lo', 'hi'],
      rows: data.passK.flatMap((c) =>
        c.points.map((p) => [L.benchmark(c.benchmark), L.model(c.model), p.k, p.value, p.lo, p.hi, c.problems, c.samplesPerProblem]),
      ),
      csvOnly: true,
    },
    passKSummary(data, L),
    {
      id: 'crossover',
      section: 'passk',
      title: 'Crossover k (where the base model catches up)',
      columns: ['benchmark', 'base', 'other', 'crossover k', 'k lo', 'k hi', 'k examined up to', 'share crossing', 'resamples', 'summary'],
      percentColumns: ['share crossing'],
      rows: data.comparisons.map((c) => [
        L.benchmark(c.benchmark),
        L.model(c.base),
        L.model(c.other),
        c.crossover.k,
        c.crossover.lo,
        c.crossover.hi,
        c.crossover.maxK ?? null,
        c.crossover.probability ?? null,
        c.crossover.resamples ?? null,
        c.crossover.summary,
      ]),
    },
    {
      id: 'passk-difference',
      section: 'passk',
      title: 'Paired difference pass@k(base) − pass@k(other)',
      columns: ['benchmark', 'base', 'other', 'k', 'difference', 'lo', 'hi'],
      percentColumns: ['difference', 'lo', 'hi'],
      rows: data.comparisons.flatMap((c) => c.points.map((p) => [L.benchmark(c.benchmark), L.model(c.base), L.model(c.other), p.k, p.diff, p.lo, p.hi])),
      csvOnly: true,
    },
    {
      id: 'coverage',
      section: 'coverage',
      title: 'Solved-set regions and their problems',
      columns: ['benchmark', 'solved by exactly', 'problems', 'problem ids'],
      rows: data.coverage.flatMap((c) =>
        c.regions.map((r) => [
          L.benchmark(c.benchmark),
          r.members.length === 0 ? 'none' : r.members.map((m) => L.model(m)).join(' + '),
          r.problemIds.length,
          r.problemIds.join(' '),
        ]),
      ),
    },
    {
      id: 'accuracy-histograms',
      section: 'accuracy',
      title: 'Per-problem accuracy histogram counts',
      columns: ['benchmark', 'model', 'bin', 'problems'],
      rows: data.histograms.flatMap((h) => h.bins.map((b) => [L.benchmark(h.benchmark), L.model(h.model), b.label, b.count])),
      csvOnly: true,
    },
    {
      id: 'problems',
      section: 'accuracy',
      title: 'Per-problem correct/sampled counts',
      columns: ['benchmark', 'problem', 'model', 'correct', 'samples', 'duplicates'],
      rows: data.problems.flatMap((p) => p.cells.map((c) => [L.benchmark(p.benchmark), p.problemId, L.model(c.model), c.correct, c.samples, c.duplicates])),
      csvOnly: true,
    },
    {
      id: 'perplexity',
      section: 'perplexity',
      title: 'Perplexity summaries',
      columns: ['panel', 'scorer', 'responses of', 'count', 'min', 'p5', 'p25', 'median', 'p75', 'p95', 'max'],
      rows: data.perplexity.map((g) => {
        const s = g.summary;
        return [g.panel, L.model(g.scorer), L.model(g.responder), s.count, s.min, s.p5, s.p25, s.median, s.p75, s.p95, s.max];
      }),
    },
    {
      id: 'delta-se',
      section: 'algorithms',
      title: 'ΔSE = pass@k(base) − pass@1(RL) (lower is better)',
      columns: ['benchmark', 'base', 'RL model', 'k', 'pass@k base', 'pass@1 RL', 'ΔSE', 'ΔSE lo', 'ΔSE hi', 'Monte-Carlo error', 'resamples'],
      percentColumns: ['pass@k base', 'pass@1 RL', 'ΔSE', 'ΔSE lo', 'ΔSE hi', 'Monte-Carlo error'],
      rows: data.deltaSE.map((r) => [
        L.benchmark(r.benchmark),
        L.model(r.base),
        L.model(r.rl),
        r.kRequested !== undefined ? `${r.k} (${r.kRequested} asked)` : r.k,
        r.basePassK,
        r.rlPass1,
        r.deltaSE,
        r.lo ?? null,
        r.hi ?? null,
        r.mcError ?? null,
        r.resamples ?? null,
      ]),
    },
    {
      id: 'training-steps',
      section: 'training',
      title: 'pass@1 and pass@k by training step',
      columns: ['benchmark', 'model', 'step', 'k', 'pass@1', 'pass@k'],
      percentColumns: ['pass@1', 'pass@k'],
      rows: data.trainingSteps.flatMap((t) =>
        [...t.points].sort((a, b) => a.step - b.step).map((p) => [L.benchmark(t.benchmark), L.model(p.model), p.step, t.k, p.pass1, p.passK]),
      ),
    },
    {
      id: 'run-health',
      section: 'health',
      title: 'Run health: duplicates, truncation, empty answers and errors per run',
      columns: [
        'run',
        'model',
        'benchmark',
        'origin',
        'samples',
        'duplicates',
        'duplicate rate',
        'truncated',
        'truncation rate',
        'empty texts',
        'failed slots',
        'note',
      ],
      percentColumns: ['duplicate rate', 'truncation rate'],
      rows: data.runHealth.map((r) => [
        r.run,
        L.model(r.model),
        L.benchmark(r.benchmark),
        r.origin ?? null,
        r.samples,
        r.duplicates,
        r.duplicateRate,
        r.truncated,
        r.truncationRate,
        r.emptyTexts ?? null,
        r.errors ?? null,
        r.note ?? null,
      ]),
    },
  ];
  return tables.filter((t) => t.rows.length > 0);
}

/** pass@k at the powers of two as "value [lo, hi]" in percent: one row per benchmark and model. */
function passKSummary(data: ReportData, L: Labels): Table {
  // Powers of two, plus each curve's largest k (its n when that is not a power of two).
  const ks = [...new Set(data.passK.flatMap((c) => c.points.map((p) => p.k).filter((k, i, all) => (k & (k - 1)) === 0 || i === all.length - 1)))].sort(
    (a, b) => a - b,
  );
  const pc = (x: number): string => (x * 100).toFixed(1);
  return {
    id: 'passk-summary',
    section: 'passk',
    title: 'pass@k [interval] in percent at powers of two',
    columns: ['benchmark', 'model', 'n', ...ks.map((k) => `k=${k}`)],
    rows: data.passK.map((c) => [
      L.benchmark(c.benchmark),
      L.model(c.model),
      c.samplesPerProblem,
      ...ks.map((k) => {
        const p = c.points.find((q) => q.k === k);
        return p ? `${pc(p.value)} [${pc(p.lo)}, ${pc(p.hi)}]` : null;
      }),
    ]),
  };
}

/** RFC 4180 CSV: fields with a comma, quote or line break are quoted; null is an empty field. */
export function toCsv(table: Pick<Table, 'columns' | 'rows'>): string {
  const field = (v: Cell): string => {
    const s = v === null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [table.columns, ...table.rows].map((row) => row.map(field).join(',')).join('\n') + '\n';
}
