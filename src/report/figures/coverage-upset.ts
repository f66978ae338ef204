import type { TopLevelSpec } from 'vega-lite';
import type { ReportCoverage } from '../report-data.js';
import { CONFIG, Labels, SCHEMA } from './common.js';

/**
 * An UpSet plot of solved sets for any number of models: bars give the size of each exact
 * intersection (largest first), the dot matrix below says which models it contains.
 */
export function upsetSpec(cov: ReportCoverage, labels: Labels, title: string): TopLevelSpec {
  const regions = cov.regions
    .filter((r) => r.problemIds.length > 0)
    .sort((a, b) => b.problemIds.length - a.problemIds.length || a.members.length - b.members.length);
  const bars = regions.map((r, i) => ({
    set: i + 1,
    count: r.problemIds.length,
    name: r.members.length === 0 ? 'none' : r.members.map((m) => labels.model(m)).join(' ∩ '),
  }));
  const dots = regions.flatMap((r, i) => cov.models.map((m) => ({ set: i + 1, model: labels.model(m), member: r.members.includes(m) })));
  const lines = regions
    .map((r, i) => {
      const rows = cov.models.map((m, row) => (r.members.includes(m) ? row : -1)).filter((row) => row >= 0);
      return rows.length >= 2 ? { set: i + 1, from: labels.model(cov.models[Math.min(...rows)]!), to: labels.model(cov.models[Math.max(...rows)]!) } : null;
    })
    .filter((l) => l !== null);
  const width = Math.max(160, bars.length * 26);
  const x = { field: 'set', type: 'ordinal', axis: null };
  const modelOrder = cov.models.map((m) => labels.model(m));
  return {
    $schema: SCHEMA,
    title,
    vconcat: [
      {
        width,
        height: 160,
        data: { values: bars },
        layer: [
          {
            mark: { type: 'bar', color: '#4e79a7' },
            encoding: { x, y: { field: 'count', type: 'quantitative', title: 'problems' }, tooltip: [{ field: 'name' }, { field: 'count' }] },
          },
          {
            mark: { type: 'text', dy: -6, fontSize: 10 },
            encoding: { x, y: { field: 'count', type: 'quantitative' }, text: { field: 'count', type: 'quantitative' } },
          },
        ],
      },
      {
        width,
        height: Math.max(60, cov.models.length * 22),
        layer: [
          {
            data: { values: lines },
            mark: { type: 'rule', strokeWidth: 2, color: '#333333' },
            encoding: { x, y: { field: 'from', type: 'nominal', sort: modelOrder }, y2: { field: 'to' } },
          },
          {
            data: { values: dots },
            mark: { type: 'circle', size: 110, opacity: 1 },
            encoding: {
              x,
              y: { field: 'model', type: 'nominal', title: null, sort: modelOrder },
              color: { condition: { test: 'datum.member', value: '#333333' }, value: '#dddddd' },
            },
          },
        ],
      },
    ],
    config: CONFIG,
  } as TopLevelSpec;
}
