import type { TopLevelSpec } from 'vega-lite';
import type { ReportData } from '../report-data.js';
import { CONFIG, SCHEMA, type Figure } from './common.js';

/**
 * Duplicate-sample and truncation rates per run. A duplicate rate near 1 at temperature > 0 means
 * the server ignored the seeds; a high truncation rate means the token limit cut answers off.
 */
export function runHealthFigure(data: ReportData): Figure[] {
  if (data.runHealth.length === 0) return [];
  const rows = data.runHealth.flatMap((r) => [
    { run: r.run, metric: 'duplicate samples', rate: r.duplicateRate },
    { run: r.run, metric: 'truncated (length)', rate: r.truncationRate },
  ]);
  const spec = {
    $schema: SCHEMA,
    title: 'Duplicate and truncation rates per run',
    width: 380,
    height: { step: 12 },
    data: { values: rows },
    mark: 'bar',
    encoding: {
      y: { field: 'run', type: 'nominal', title: null, sort: data.runHealth.map((r) => r.run) },
      yOffset: { field: 'metric', type: 'nominal' },
      x: { field: 'rate', type: 'quantitative', title: 'share of samples', axis: { format: '.0%' } },
      color: { field: 'metric', type: 'nominal', title: null, scale: { range: ['#b07aa1', '#9c755f'] } },
      tooltip: [{ field: 'run' }, { field: 'metric' }, { field: 'rate', format: '.2%' }],
    },
    config: CONFIG,
  } as TopLevelSpec;
  return [
    {
      id: 'run-health',
      title: 'Run health',
      caption: 'Per run: share of samples whose text repeats an earlier sample of the same problem, and share cut off at the token limit.',
      spec,
    },
  ];
}
