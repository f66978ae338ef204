import type { TopLevelSpec } from 'vega-lite';
import type { AlgorithmComparison, PassKCurve, ReportData } from '../report-data.js';
import { CONFIG, DOUBLE_COLUMN, kAxis, Labels, lineLegend, panelWidth, SCHEMA, slug, type Figure, type FigureLayout } from './common.js';

/** Value of a curve at k, or at the largest measured k below it. */
function valueAt(curve: PassKCurve, k: number): number | undefined {
  const below = curve.points.filter((p) => p.k <= k);
  return below.length > 0 ? below.reduce((a, b) => (b.k > a.k ? b : a)).value : undefined;
}

/** A y range around some values, padded so the lines are not glued to the frame. */
function zoomDomain(values: number[]): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = Math.max(0.02, (hi - lo) * 0.3);
  return [Math.max(0, lo - pad), Math.min(1, hi + pad)];
}

/**
 * The paper's Fig. 8: pass@k of several RL algorithms and their base with a folded (broken) y
 * axis — the upper panel zooms on the values at the large k, the lower one on pass@1 — so both
 * ends are readable at once. The subtitle names the smallest ΔSE.
 */
export function algorithmFoldedFigures(data: ReportData, layout: FigureLayout = DOUBLE_COLUMN): Figure[] {
  const labels = new Labels(data);
  return data.algorithmComparisons.flatMap((cmp) => {
    const curves = [cmp.base, ...cmp.models].map((m) => data.passK.find((c) => c.benchmark === cmp.benchmark && c.model === m)).filter((c) => c !== undefined);
    if (curves.length < 2) return [];
    const rows = curves.flatMap((c) => c.points.filter((p) => p.k <= cmp.k).map((p) => ({ model: labels.model(c.model), k: p.k, value: p.value })));
    const atK = curves.map((c) => valueAt(c, cmp.k)).filter((v) => v !== undefined);
    const at1 = curves.map((c) => valueAt(c, 1)).filter((v) => v !== undefined);
    const color = { field: 'model', type: 'nominal', title: null, scale: labels.modelColorScale(curves.map((c) => c.model)), legend: lineLegend(layout) };
    const panel = (domain: [number, number], title: string, showX: boolean): Record<string, unknown> => ({
      width: panelWidth(layout, 1),
      height: layout.name === 'double' ? 130 : 110,
      mark: { type: 'line', point: true, clip: true },
      encoding: {
        x: {
          ...kAxis(cmp.k),
          axis: showX ? kAxis(cmp.k)['axis'] : { labels: false, ticks: false, title: null, values: [] },
          title: showX ? 'k (log₂ scale)' : null,
        },
        y: { field: 'value', type: 'quantitative', title, scale: { domain }, axis: { format: '.0%', tickCount: 4 } },
        color,
      },
    });
    const spec = {
      $schema: SCHEMA,
      title: { text: `RL algorithms vs base — ${labels.benchmark(cmp.benchmark)}`, subtitle: deltaSESubtitle(data, cmp, labels) },
      data: { values: rows },
      vconcat: [panel(zoomDomain(atK), `near k = ${cmp.k}`, false), panel(zoomDomain(at1), 'near k = 1', true)],
      spacing: 6,
      config: CONFIG,
    } as unknown as TopLevelSpec;
    return [
      {
        id: `algorithms-${slug(cmp.benchmark)}`,
        title: `Algorithms on ${labels.benchmark(cmp.benchmark)} (folded axis)`,
        caption: `pass@k of each algorithm and the base model. The y axis is folded: the upper panel zooms on k near ${cmp.k}, the lower on k = 1 (paper Fig. 8). ΔSE = pass@${cmp.k}(base) − pass@1(RL), lower is better.`,
        spec,
      },
    ];
  });
}

function deltaSESubtitle(data: ReportData, cmp: AlgorithmComparison, labels: Labels): string {
  const rows = data.deltaSE.filter((r) => r.benchmark === cmp.benchmark && r.base === cmp.base && r.k === cmp.k && cmp.models.includes(r.rl));
  if (rows.length === 0) return `base: ${labels.model(cmp.base)}`;
  const best = rows.reduce((a, b) => (b.deltaSE < a.deltaSE ? b : a));
  const interval = best.lo != null && best.hi != null ? ` [${(best.lo * 100).toFixed(1)}, ${(best.hi * 100).toFixed(1)}]` : '';
  return `base: ${labels.model(cmp.base)}; smallest ΔSE = ${(best.deltaSE * 100).toFixed(1)}${interval} points at k = ${best.k} (${labels.model(best.rl)})`;
}
