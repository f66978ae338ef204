import type { TopLevelSpec } from 'vega-lite';
import type { ProblemRow, ReportData } from '../report-data.js';
import { CONFIG, DOUBLE_COLUMN, Labels, SCHEMA, slug, type Figure, type FigureLayout } from './common.js';

/** At most this many columns; more problems are binned (500 problems → bins of 5). */
const MAX_COLUMNS = 100;
/** Room for the model names left of the grid and the colour legend right of it. */
const MARGINS = 190;

const rate = (c: { correct: number; samples: number } | undefined): number => (c && c.samples > 0 ? c.correct / c.samples : 0);

/**
 * Per-problem c/n heatmap: one row per model; problems sorted by the base model's solve rate
 * (hardest for the base on the left; ties by the other models' mean), so the problems RL gains or
 * loses stand out against a smooth base gradient. Above 100 problems, neighbouring problems in that
 * order are binned and a cell shows the bin's mean c/n — 500 single columns cannot be read.
 */
export function problemGridFigures(data: ReportData, layout: FigureLayout = DOUBLE_COLUMN): Figure[] {
  const labels = new Labels(data);
  const base = data.models.find((m) => m.role === 'base')?.id;
  const figures: Figure[] = [];
  for (const bench of data.benchmarks) {
    const problems = data.problems.filter((p) => p.benchmark === bench.id);
    if (problems.length === 0) continue;
    const models = [...new Set(problems.flatMap((p) => p.cells.map((c) => c.model)))];
    const baseRate = (p: ProblemRow): number => rate(p.cells.find((c) => c.model === base));
    const others = (p: ProblemRow): number =>
      p.cells.filter((c) => c.model !== base).reduce((s, c) => s + rate(c), 0) / Math.max(1, p.cells.length - (base ? 1 : 0));
    const sorted = [...problems].sort((a, b) => (base ? baseRate(a) - baseRate(b) : 0) || others(a) - others(b));
    const binSize = Math.ceil(sorted.length / MAX_COLUMNS);
    const bins = Math.ceil(sorted.length / binSize);
    const rows: Array<Record<string, unknown>> = [];
    for (let b = 0; b < bins; b++) {
      const members = sorted.slice(b * binSize, (b + 1) * binSize);
      for (const model of models) {
        const cells = members.map((p) => p.cells.find((c) => c.model === model)).filter((c) => c !== undefined);
        if (cells.length === 0) continue;
        const accuracy = cells.reduce((s, c) => s + rate(c), 0) / cells.length;
        const solved = cells.filter((c) => c.correct > 0).length;
        rows.push({
          bin: b + 1,
          model: labels.model(model),
          accuracy,
          problems: binSize === 1 ? members[0]!.problemId : `${members[0]!.problemId} … ${members.at(-1)!.problemId} (${members.length})`,
          detail:
            binSize === 1
              ? `${cells[0]!.correct}/${cells[0]!.samples}`
              : `mean c/n ${(accuracy * 100).toFixed(1)}%, ${solved}/${cells.length} solved at least once`,
        });
      }
    }
    const step = Math.max(2, Math.min(14, Math.floor((layout.width - MARGINS) / bins)));
    const sortedBy = base ? `${labels.model(base)}’s solve rate` : 'mean solve rate';
    const xTitle = binSize === 1 ? `problems, sorted by ${sortedBy} (hardest left)` : `problems sorted by ${sortedBy}, in bins of ${binSize} (hardest left)`;
    const spec = {
      $schema: SCHEMA,
      title: { text: `Per-problem accuracy c/n — ${labels.benchmark(bench.id)}`, subtitle: `${problems.length} problems; white = never solved` },
      width: { step },
      height: { step: 16 },
      data: { values: rows },
      mark: { type: 'rect', strokeWidth: 0 },
      encoding: {
        x: {
          field: 'bin',
          type: 'ordinal',
          title: xTitle,
          scale: { paddingInner: bins > 60 ? 0 : 0.05 },
          axis: { labels: false, ticks: false, titleFontSize: 10, titleLimit: layout.width - 40 },
        },
        y: {
          field: 'model',
          type: 'nominal',
          title: null,
          sort: [...(base ? [labels.model(base)] : []), ...models.filter((m) => m !== base).map((m) => labels.model(m))],
          axis: { labelLimit: 110 },
        },
        color: {
          field: 'accuracy',
          type: 'quantitative',
          title: 'c/n',
          scale: { domain: [0, 1], range: ['#ffffff', '#08306b'] },
          legend: { format: '.0%', gradientLength: 60 },
        },
        tooltip: [{ field: 'problems', title: 'problems' }, { field: 'model' }, { field: 'detail', title: binSize === 1 ? 'c/n' : 'bin' }],
      },
      config: CONFIG,
    } as TopLevelSpec;
    figures.push({
      id: `problems-${slug(bench.id)}`,
      title: `Problem grid on ${labels.benchmark(bench.id)}`,
      caption:
        `Each column is ${binSize === 1 ? 'one problem' : `a bin of ${binSize} neighbouring problems`} and each row a model, coloured by ${binSize === 1 ? 'the fraction c/n of correct samples' : 'the mean c/n in the bin'}; problems are sorted by ${sortedBy}. ` +
        'The viewer (rlbound view) shows every problem and the samples behind every cell.',
      spec,
    });
  }
  return figures;
}
