import type { TopLevelSpec } from 'vega-lite';
import type { ReportData } from '../report-data.js';
import { CONFIG, columnsFor, DOUBLE_COLUMN, Labels, pairOrder, panelWidth, powersOfTwo, SCHEMA, type Figure, type FigureLayout } from './common.js';

/**
 * The paired difference base − other in percentage points against k with its paired-bootstrap
 * band, one panel per comparison (wrapping, training-step order). Every power of two is labelled
 * on the k axis; where the band lies above zero the base model is ahead.
 */
export function passKDifferenceFigure(data: ReportData, layout: FigureLayout = DOUBLE_COLUMN): Figure[] {
  const withPoints = pairOrder(
    data,
    data.comparisons.filter((c) => c.points.length > 0),
  );
  if (withPoints.length === 0) return [];
  const labels = new Labels(data);
  const panelOf = (c: (typeof withPoints)[number]): string => `${labels.benchmark(c.benchmark)}: ${labels.model(c.base)} − ${labels.model(c.other)}`;
  const order = withPoints.map(panelOf);
  const rows = withPoints.flatMap((c) =>
    c.points.map((p) => ({ panel: panelOf(c), hex: labels.modelColor(c.other), k: p.k, diff: p.diff * 100, lo: p.lo * 100, hi: p.hi * 100 })),
  );
  const top = Math.max(2, ...rows.map((r) => r.k));
  const columns = columnsFor(layout, order.length, 170);
  const x = {
    field: 'k',
    type: 'quantitative',
    title: 'k (log₂ scale)',
    scale: { type: 'log', base: 2, domain: [1, top], nice: false },
    // Every power of two labelled: small and turned so they fit instead of being thinned out.
    axis: { values: powersOfTwo(top), format: 'd', labelOverlap: false, labelFontSize: 9, labelAngle: top > 64 ? -45 : 0 },
  };
  const spec = {
    $schema: SCHEMA,
    title: { text: 'pass@k(base) − pass@k(other)', subtitle: 'percentage points · paired bootstrap band' },
    data: { values: rows },
    facet: { field: 'panel', type: 'nominal', title: null, sort: order, header: { labelFontSize: 10, labelLimit: panelWidth(layout, columns) + 40 } },
    columns,
    spacing: { row: 14, column: 16 },
    spec: {
      width: panelWidth(layout, columns),
      height: layout.name === 'double' ? 130 : 140,
      layer: [
        {
          mark: { type: 'area', opacity: 0.22 },
          encoding: {
            x,
            y: { field: 'lo', type: 'quantitative', title: 'difference (points)' },
            y2: { field: 'hi' },
            color: { field: 'hex', type: 'nominal', scale: null },
          },
        },
        {
          mark: { type: 'line', point: { size: 14 }, strokeWidth: 1.6 },
          encoding: { x, y: { field: 'diff', type: 'quantitative', axis: { format: '+.0f' } }, color: { field: 'hex', type: 'nominal', scale: null } },
        },
        { mark: { type: 'rule', color: '#555555', strokeWidth: 1 }, encoding: { y: { datum: 0 } } },
      ],
    },
    resolve: { scale: { y: 'independent' }, axis: { x: 'independent' } },
    config: CONFIG,
  } as TopLevelSpec;
  return [
    {
      id: 'passk-difference',
      title: 'Paired pass@k difference',
      caption:
        'base − other at each k, in percentage points, with a paired bootstrap interval (problems resampled together for both models). Above zero: the base model solves more.',
      spec,
    },
  ];
}
