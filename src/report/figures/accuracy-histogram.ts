import type { TopLevelSpec } from 'vega-lite';
import type { ReportData } from '../report-data.js';
import { swatchLegend, CONFIG, DOUBLE_COLUMN, Labels, panelWidth, SCHEMA, slug, type Figure, type FigureLayout } from './common.js';

/**
 * Per-problem accuracy histograms (paper Figs. 5/13): for each benchmark, grouped bars of the
 * share of problems whose c/n falls in each paper bin, one colour per model.
 */
export function accuracyHistogramFigures(data: ReportData, layout: FigureLayout = DOUBLE_COLUMN): Figure[] {
  const labels = new Labels(data);
  const figures: Figure[] = [];
  for (const bench of data.benchmarks) {
    const hists = data.histograms.filter((h) => h.benchmark === bench.id);
    if (hists.length === 0) continue;
    const binOrder = hists[0]!.bins.map((b) => b.label);
    const rows = hists.flatMap((h) => {
      const total = h.bins.reduce((s, b) => s + b.count, 0);
      return h.bins.map((b) => ({ model: labels.model(h.model), bin: b.label, count: b.count, share: total > 0 ? b.count / total : 0 }));
    });
    const spec = {
      $schema: SCHEMA,
      title: `Per-problem accuracy — ${labels.benchmark(bench.id)}`,
      width: panelWidth(layout, 1),
      height: layout.name === 'double' ? 200 : 160,
      data: { values: rows },
      mark: 'bar',
      encoding: {
        x: {
          field: 'bin',
          type: 'ordinal',
          sort: binOrder,
          title: 'accuracy c/n',
          axis: { labelAngle: -40, labelFontSize: layout.name === 'double' ? 11 : 9 },
        },
        xOffset: { field: 'model', type: 'nominal', sort: hists.map((h) => labels.model(h.model)) },
        y: { field: 'share', type: 'quantitative', title: 'share of problems', axis: { format: '.0%' } },
        color: { field: 'model', type: 'nominal', title: 'model', scale: labels.modelColorScale(hists.map((h) => h.model)), legend: swatchLegend(layout) },
        tooltip: [{ field: 'model' }, { field: 'bin' }, { field: 'count' }],
      },
      config: CONFIG,
    } as TopLevelSpec;
    figures.push({
      id: `accuracy-${slug(bench.id)}`,
      title: `Accuracy histogram on ${labels.benchmark(bench.id)}`,
      caption: 'Share of problems by per-problem accuracy c/n in the paper bins 0, (0,0.1], …, (0.9,1), 1. RL typically moves mass to 1 and also to 0.',
      spec,
    });
  }
  return figures;
}
