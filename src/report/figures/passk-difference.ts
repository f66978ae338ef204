import type { TopLevelSpec } from 'vega-lite';
import type { ReportData } from '../report-data.js';
import { CONFIG, kAxis, Labels, SCHEMA, type Figure } from './common.js';

/**
 * The paired difference base − other against k with its bootstrap band, one panel per comparison.
 * Where the band lies above zero the base model is ahead; the crossover is where it turns positive.
 */
export function passKDifferenceFigure(data: ReportData): Figure[] {
  const withPoints = data.comparisons.filter((c) => c.points.length > 0);
  if (withPoints.length === 0) return [];
  const labels = new Labels(data);
  const rows = withPoints.flatMap((c) =>
    c.points.map((p) => ({ panel: `${labels.benchmark(c.benchmark)}: ${labels.model(c.base)} − ${labels.model(c.other)}`, k: p.k, diff: p.diff, lo: p.lo, hi: p.hi })),
  );
  const top = Math.max(2, ...rows.map((r) => r.k));
  const spec = {
    $schema: SCHEMA,
    title: 'Paired difference pass@k(base) − pass@k(other)',
    data: { values: rows },
    facet: { field: 'panel', type: 'nominal', title: null },
    columns: 3,
    spec: {
      width: 240,
      height: 150,
      layer: [
        { mark: { type: 'area', opacity: 0.2, color: '#4e79a7' }, encoding: { x: kAxis(top), y: { field: 'lo', type: 'quantitative', title: 'difference' }, y2: { field: 'hi' } } },
        { mark: { type: 'line', point: { size: 16 }, color: '#4e79a7' }, encoding: { x: kAxis(top), y: { field: 'diff', type: 'quantitative', axis: { format: '+.0%' } } } },
        { mark: { type: 'rule', color: '#666666' }, encoding: { y: { datum: 0 } } },
      ],
    },
    config: CONFIG,
  } as TopLevelSpec;
  return [
    {
      id: 'passk-difference',
      title: 'Paired pass@k difference',
      caption: 'base − other at each k with a paired bootstrap interval (problems resampled together for both models). Above zero: the base model solves more.',
      spec,
    },
  ];
}
