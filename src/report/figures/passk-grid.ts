import type { TopLevelSpec } from 'vega-lite';
import type { ReportData } from '../report-data.js';
import { CONFIG, kAxis, Labels, maxK, SCHEMA, type Figure } from './common.js';

/**
 * The paper's grid (Figs. 2 and 9): rows are benchmarks, columns are base-vs-other model pairs;
 * each cell holds both curves with bands and the crossover rule. Drawn when there is at least
 * one comparison.
 */
export function passKGridFigure(data: ReportData): Figure[] {
  if (data.comparisons.length === 0) return [];
  const labels = new Labels(data);
  const rows: Array<Record<string, unknown>> = [];
  const top = maxK(data.passK);
  for (const cmp of data.comparisons) {
    const pair = `${labels.model(cmp.base)} vs ${labels.model(cmp.other)}`;
    const benchmark = labels.benchmark(cmp.benchmark);
    for (const model of [cmp.base, cmp.other]) {
      const curve = data.passK.find((c) => c.benchmark === cmp.benchmark && c.model === model);
      for (const p of curve?.points ?? []) rows.push({ kind: 'curve', benchmark, pair, model: labels.model(model), k: p.k, value: p.value, lo: p.lo, hi: p.hi });
    }
    const x = cmp.crossover;
    if (x.k !== null) rows.push({ kind: 'cross', benchmark, pair, k: x.k, lo: x.lo ?? x.k, hi: x.hi ?? top });
  }
  const isCurve = { filter: "datum.kind === 'curve'" };
  const isCross = { filter: "datum.kind === 'cross'" };
  const color = { field: 'model', type: 'nominal', title: 'model', scale: labels.modelColorScale() };
  const y = { field: 'value', type: 'quantitative', title: 'pass@k', axis: { format: '.0%' }, scale: { zero: false } };
  const spec = {
    $schema: SCHEMA,
    title: 'pass@k: benchmarks × model pairs',
    data: { values: rows },
    facet: {
      row: { field: 'benchmark', type: 'nominal', title: null },
      column: { field: 'pair', type: 'nominal', title: null },
    },
    spec: {
      width: 220,
      height: 160,
      layer: [
        { transform: [isCurve], mark: { type: 'area', opacity: 0.18 }, encoding: { x: kAxis(top), y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color } },
        { transform: [isCurve], mark: { type: 'line', point: { size: 16 } }, encoding: { x: kAxis(top), y, color } },
        { transform: [isCross], mark: { type: 'rect', color: '#888888', opacity: 0.12 }, encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
        { transform: [isCross], mark: { type: 'rule', color: '#444444', strokeDash: [5, 3] }, encoding: { x: { field: 'k', type: 'quantitative' } } },
      ],
    },
    resolve: { scale: { y: 'independent' } },
    config: CONFIG,
  } as TopLevelSpec;
  return [
    {
      id: 'passk-grid',
      title: 'pass@k grid: benchmarks × model pairs',
      caption: 'Each cell compares a base model with another model on one benchmark (paper Figs. 2/9): curves with bootstrap bands; the dashed rule is the crossover k, the grey span its interval.',
      spec,
    },
  ];
}
