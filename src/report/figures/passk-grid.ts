import type { TopLevelSpec } from 'vega-lite';
import type { ReportData } from '../report-data.js';
import { CONFIG, columnsFor, DOUBLE_COLUMN, kAxis, Labels, lineLegend, maxK, pairOrder, panelWidth, SCHEMA, type Figure, type FigureLayout } from './common.js';

/**
 * The paper's grid (Figs. 2 and 9): one cell per (benchmark, base-vs-other pair), each with both
 * curves, their bands and the exact crossover rule. Cells wrap into as many columns as the
 * layout's width holds, so a study with many pairs grows downwards instead of off the page; pairs
 * follow training-step order.
 */
export function passKGridFigure(data: ReportData, layout: FigureLayout = DOUBLE_COLUMN): Figure[] {
  if (data.comparisons.length === 0) return [];
  const labels = new Labels(data);
  const rows: Array<Record<string, unknown>> = [];
  const top = maxK(data.passK);
  const ordered = pairOrder(data, data.comparisons);
  const cellOrder: string[] = [];
  for (const cmp of ordered) {
    const cell = `${labels.benchmark(cmp.benchmark)}: ${labels.model(cmp.base)} vs ${labels.model(cmp.other)}`;
    cellOrder.push(cell);
    for (const model of [cmp.base, cmp.other]) {
      const curve = data.passK.find((c) => c.benchmark === cmp.benchmark && c.model === model);
      for (const p of curve?.points ?? []) rows.push({ kind: 'curve', cell, model: labels.model(model), k: p.k, value: p.value, lo: p.lo, hi: p.hi });
    }
    const x = cmp.crossover;
    if (x.k !== null) rows.push({ kind: 'cross', cell, k: x.k, lo: x.lo ?? x.k, hi: x.hi ?? top, hex: labels.modelColor(cmp.other) });
  }
  const columns = columnsFor(layout, cellOrder.length, 150);
  const isCurve = { filter: "datum.kind === 'curve'" };
  const isCross = { filter: "datum.kind === 'cross'" };
  const drawn = [...new Set(ordered.flatMap((c) => [c.base, c.other]))];
  const color = { field: 'model', type: 'nominal', title: null, scale: labels.modelColorScale(drawn), legend: lineLegend(layout) };
  const y = { field: 'value', type: 'quantitative', title: 'pass@k', axis: { format: '.0%', tickCount: 4 }, scale: { zero: false } };
  const x = { ...kAxis(top), axis: { ...(kAxis(top)['axis'] as object), labelOverlap: 'greedy' } };
  const spec = {
    $schema: SCHEMA,
    title: 'pass@k: every benchmark × model pair',
    data: { values: rows },
    facet: { field: 'cell', type: 'nominal', title: null, sort: cellOrder, header: { labelFontSize: 10, labelLimit: panelWidth(layout, columns) + 40 } },
    columns,
    spacing: { row: 14, column: 16 },
    spec: {
      width: panelWidth(layout, columns),
      height: layout.name === 'double' ? 140 : 150,
      layer: [
        {
          transform: [isCurve],
          mark: { type: 'area', opacity: 0.16 },
          encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, fill: { ...color, legend: null } },
        },
        { transform: [isCurve], mark: { type: 'line', point: { size: 12 }, strokeWidth: 1.6 }, encoding: { x, y, color } },
        {
          transform: [isCross],
          mark: { type: 'rect', color: '#777777', opacity: 0.12 },
          encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } },
        },
        {
          transform: [isCross],
          mark: { type: 'rule', strokeDash: [5, 3], strokeWidth: 1.4 },
          encoding: { x: { field: 'k', type: 'quantitative' }, color: { field: 'hex', type: 'nominal', scale: null } },
        },
      ],
    },
    resolve: { scale: { y: 'independent' } },
    config: CONFIG,
  } as TopLevelSpec;
  return [
    {
      id: 'passk-grid',
      title: 'pass@k grid: benchmarks × model pairs',
      caption:
        'Each cell compares a base model with another model on one benchmark (paper Figs. 2/9): curves with bootstrap bands; the dashed rule is the exact crossover k, the grey span its interval. Cells wrap to the page width.',
      spec,
    },
  ];
}
