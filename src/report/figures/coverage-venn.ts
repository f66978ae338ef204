import type { TopLevelSpec } from 'vega-lite';
import type { ReportCoverage } from '../report-data.js';
import { CONFIG, Labels, SCHEMA } from './common.js';

/** Circle centres (unit radius) and the label position of every region, for 2 and 3 sets. */
const LAYOUTS: Record<
  2 | 3,
  { centres: Array<[number, number]>; names: Array<[number, number]>; regions: Array<{ members: number[]; at: [number, number] }> }
> = {
  2: {
    centres: [
      [-0.55, 0],
      [0.55, 0],
    ],
    names: [
      [-0.55, 1.2],
      [0.55, 1.2],
    ],
    regions: [
      { members: [0], at: [-0.95, 0] },
      { members: [1], at: [0.95, 0] },
      { members: [0, 1], at: [0, 0] },
    ],
  },
  3: {
    centres: [
      [-0.55, 0.35],
      [0.55, 0.35],
      [0, -0.6],
    ],
    names: [
      [-0.75, 1.55],
      [0.75, 1.55],
      [0, -1.78],
    ],
    regions: [
      { members: [0], at: [-1.0, 0.6] },
      { members: [1], at: [1.0, 0.6] },
      { members: [2], at: [0, -1.15] },
      { members: [0, 1], at: [0, 0.8] },
      { members: [0, 2], at: [-0.62, -0.4] },
      { members: [1, 2], at: [0.62, -0.4] },
      { members: [0, 1, 2], at: [0, 0.05] },
    ],
  },
};

const SIZE_PX = 360;
const DOMAIN: [number, number] = [-2, 2];

/**
 * A Venn diagram of solved sets for two or three models: circles drawn as symbols sized so one
 * data unit is the circle radius, with the number of problems in every region.
 */
export function vennSpec(cov: ReportCoverage, labels: Labels, title: string): TopLevelSpec {
  const setCount = cov.models.length as 2 | 3;
  const layout = LAYOUTS[setCount];
  const pxPerUnit = SIZE_PX / (DOMAIN[1] - DOMAIN[0]);
  const colors = labels.modelColorScale();
  const circles = cov.models.map((m, i) => {
    const [x, y] = layout.centres[i]!;
    const [lx, ly] = layout.names[i]!;
    return { model: labels.model(m), x, y, lx, ly };
  });
  const countOf = (members: string[]): number => {
    const key = [...members].sort().join('|');
    return cov.regions.find((r) => [...r.members].sort().join('|') === key)?.problemIds.length ?? 0;
  };
  const regionLabels = layout.regions.map((r) => ({ x: r.at[0], y: r.at[1], count: countOf(r.members.map((i) => cov.models[i]!)) }));
  const none = countOf([]);
  const x = { field: 'x', type: 'quantitative', scale: { domain: DOMAIN }, axis: null };
  const y = { field: 'y', type: 'quantitative', scale: { domain: DOMAIN }, axis: null };
  return {
    $schema: SCHEMA,
    title: { text: title, subtitle: `solved by none: ${none}` },
    width: SIZE_PX,
    height: SIZE_PX,
    layer: [
      {
        data: { values: circles },
        mark: { type: 'point', shape: 'circle', filled: true, opacity: 0.25, strokeWidth: 2 },
        encoding: { x, y, size: { value: (2 * pxPerUnit) ** 2 }, color: { field: 'model', type: 'nominal', scale: colors, legend: null } },
      },
      {
        data: { values: circles },
        mark: { type: 'text', fontSize: 12, fontWeight: 'bold' },
        encoding: {
          x: { ...x, field: 'lx' },
          y: { ...y, field: 'ly' },
          text: { field: 'model' },
          color: { field: 'model', type: 'nominal', scale: colors, legend: null },
        },
      },
      {
        data: { values: regionLabels },
        mark: { type: 'text', fontSize: 15, color: '#222222' },
        encoding: { x, y, text: { field: 'count', type: 'quantitative' } },
      },
    ],
    config: { ...CONFIG, view: { stroke: null } },
  } as TopLevelSpec;
}
