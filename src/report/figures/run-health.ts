import type { TopLevelSpec } from 'vega-lite';
import type { ReportData } from '../report-data.js';
import { CONFIG, DOUBLE_COLUMN, SCHEMA, type Figure, type FigureLayout } from './common.js';

/**
 * Duplicate-sample and truncation rates per run. A duplicate rate near 1 at temperature > 0 means
 * the server ignored the seeds; a high truncation rate means the token limit cut answers off.
 */
export function runHealthFigure(data: ReportData, layout: FigureLayout = DOUBLE_COLUMN): Figure[] {
  if (data.runHealth.length === 0) return [];
  // A run without texts has no duplicate statistic: it gets no bar (and says why in the table), not a 0.
  const rows = data.runHealth.flatMap((r) => [
    ...(r.duplicateRate !== null ? [{ run: r.run, metric: 'duplicate samples', rate: r.duplicateRate }] : []),
    { run: r.run, metric: 'truncated (length)', rate: r.truncationRate },
  ]);
  const spec = {
    $schema: SCHEMA,
    title: 'Duplicate and truncation rates per run',
    width: layout.width - 260,
    height: { step: 12 },
    data: { values: rows },
    mark: 'bar',
    encoding: {
      y: { field: 'run', type: 'nominal', title: null, sort: data.runHealth.map((r) => r.run), axis: { labelLimit: 180 } },
      yOffset: { field: 'metric', type: 'nominal' },
      x: { field: 'rate', type: 'quantitative', title: 'share of samples', axis: { format: '.0%' } },
      color: {
        field: 'metric',
        type: 'nominal',
        title: null,
        scale: { domain: ['duplicate samples', 'truncated (length)'], range: ['#b07aa1', '#9c755f'] },
        legend: { orient: 'bottom', direction: 'horizontal' },
      },
      tooltip: [{ field: 'run' }, { field: 'metric' }, { field: 'rate', format: '.2%' }],
    },
    config: CONFIG,
  } as TopLevelSpec;
  return [
    {
      id: 'run-health',
      title: 'Run health',
      caption:
        'Per run: share of samples whose text repeats an earlier sample of the same problem, and share cut off at the token limit. Runs imported without texts, or as counts only, have no duplicate bar: that cannot be known for them (see the table).',
      spec,
    },
  ];
}
