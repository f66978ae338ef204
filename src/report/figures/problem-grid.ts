import type { TopLevelSpec } from 'vega-lite';
import type { ReportData } from '../report-data.js';
import { CONFIG, Labels, SCHEMA, slug, type Figure } from './common.js';

/** Above this many problems the x axis drops its labels (they would overlap). */
const LABELLED_PROBLEMS = 60;

/**
 * Per-problem heatmap of c/n: one column per problem (sorted by mean accuracy over models, hardest
 * left), one row per model. Blank-white columns are problems no model solved.
 */
export function problemGridFigures(data: ReportData): Figure[] {
  const labels = new Labels(data);
  const figures: Figure[] = [];
  for (const bench of data.benchmarks) {
    const problems = data.problems.filter((p) => p.benchmark === bench.id);
    if (problems.length === 0) continue;
    const mean = (cells: ReportData['problems'][number]['cells']): number => cells.reduce((s, c) => s + (c.samples > 0 ? c.correct / c.samples : 0), 0) / Math.max(1, cells.length);
    const order = [...problems].sort((a, b) => mean(a.cells) - mean(b.cells)).map((p) => p.problemId);
    const rows = problems.flatMap((p) =>
      p.cells.map((c) => ({ problem: p.problemId, model: labels.model(c.model), accuracy: c.samples > 0 ? c.correct / c.samples : 0, cn: `${c.correct}/${c.samples}` })),
    );
    const step = Math.max(2, Math.min(14, Math.floor(900 / problems.length)));
    const spec = {
      $schema: SCHEMA,
      title: `Per-problem accuracy c/n — ${labels.benchmark(bench.id)}`,
      width: { step },
      height: { step: 18 },
      data: { values: rows },
      mark: { type: 'rect', strokeWidth: 0 },
      encoding: {
        x: { field: 'problem', type: 'nominal', sort: order, scale: { paddingInner: problems.length > LABELLED_PROBLEMS ? 0 : 0.05 }, title: 'problem (hardest left)', axis: problems.length > LABELLED_PROBLEMS ? { labels: false, ticks: false } : { labelAngle: -60 } },
        y: { field: 'model', type: 'nominal', title: null, sort: data.models.map((m) => m.label) },
        color: { field: 'accuracy', type: 'quantitative', title: 'c/n', scale: { domain: [0, 1], range: ['#ffffff', '#08306b'] }, legend: { format: '.0%' } },
        tooltip: [{ field: 'problem' }, { field: 'model' }, { field: 'cn', title: 'c/n' }],
      },
      config: CONFIG,
    } as TopLevelSpec;
    figures.push({
      id: `problems-${slug(bench.id)}`,
      title: `Problem grid on ${labels.benchmark(bench.id)}`,
      caption: 'Each cell is one problem (column) and model (row), coloured by the fraction c/n of correct samples; the viewer (rlbound view) shows the samples behind every cell.',
      spec,
    });
  }
  return figures;
}
