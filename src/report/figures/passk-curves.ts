import type { TopLevelSpec } from 'vega-lite';
import type { Comparison, PassKCurve, ReportData } from '../report-data.js';
import { CONFIG, DOUBLE_COLUMN, kAxis, Labels, lineLegend, maxK, panelWidth, SCHEMA, slug, type Figure, type FigureLayout } from './common.js';

/** A y range around some fractions, padded so lines are not glued to the frame. */
export function paddedDomain(values: number[], minPad = 0.02): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = Math.max(minPad, (hi - lo) * 0.12);
  return [Math.max(0, lo - pad), Math.min(1, hi + pad)];
}

interface Crossing {
  other: string;
  hex: string;
  k: number;
  lo: number;
  hi: number;
  text: string;
}

/** One grey span per distinct interval: overlapping identical spans would shade darker and read as more certain. */
function distinctSpans(crossings: Crossing[]): Array<{ lo: number; hi: number }> {
  return [...new Map(crossings.map((c) => [`${c.lo}/${c.hi}`, { lo: c.lo, hi: c.hi }])).values()];
}

function crossingsOf(comparisons: Comparison[], labels: Labels, top: number): Crossing[] {
  return comparisons
    .filter((c) => c.crossover.k !== null)
    .map((c) => {
      const k = c.crossover.k!;
      // A null upper bound means "beyond the measured k" in too many resamples: shade to the edge.
      const hi = c.crossover.hi ?? top;
      return {
        other: labels.model(c.other),
        hex: labels.modelColor(c.other),
        k,
        lo: c.crossover.lo ?? k,
        hi,
        text: `k = ${k} [${c.crossover.lo ?? '?'}, ${c.crossover.hi ?? `>${top}`}] vs ${labels.model(c.other)}`,
      };
    });
}

/**
 * pass@k of every model with its band on a log₂ k axis (points at powers of two), and — when a
 * base model catches up with another — a second panel zoomed on where the curves cross: x around
 * the crossover interval, y around the curves there, the exact crossover k as a dashed rule in the
 * other model's colour with its interval shaded and labelled. The paper's curves cross near the
 * top of a 0–100% axis, where the crossing cannot be seen; the zoom is what makes it visible.
 */
export function passKCurveFigures(data: ReportData, layout: FigureLayout = DOUBLE_COLUMN): Figure[] {
  const labels = new Labels(data);
  const figures: Figure[] = [];
  for (const bench of data.benchmarks) {
    const curves = data.passK.filter((c) => c.benchmark === bench.id);
    if (curves.length === 0) continue;
    const points = curves.flatMap((c) => c.points.map((p) => ({ model: labels.model(c.model), k: p.k, value: p.value, lo: p.lo, hi: p.hi })));
    const top = maxK(curves);
    const crossings = crossingsOf(
      data.comparisons.filter((c) => c.benchmark === bench.id),
      labels,
      top,
    );
    const color = { field: 'model', type: 'nominal', title: null, scale: labels.modelColorScale(curves.map((c) => c.model)), legend: lineLegend(layout) };
    const zoomed = crossings.length > 0;
    const width = zoomed && layout.name === 'double' ? panelWidth(layout, 2) : panelWidth(layout, 1);
    const height = layout.name === 'double' ? 230 : 180;
    const panel = (title: string, kRange: [number, number], yDomain: [number, number], labelled: boolean): Record<string, unknown> => {
      const x = { ...kAxis(top), scale: { type: 'log', base: 2, domain: kRange, nice: false } };
      const inRange = { filter: `datum.k >= ${kRange[0]} && datum.k <= ${kRange[1]}` };
      const y = { field: 'value', type: 'quantitative', title: 'pass@k', scale: { domain: yDomain, nice: false }, axis: { format: '.0%', tickCount: 5 } };
      const layers: unknown[] = [
        {
          data: { values: points },
          transform: [inRange],
          mark: { type: 'area', opacity: 0.16, clip: true },
          encoding: {
            x,
            y: { field: 'lo', type: 'quantitative', scale: { domain: yDomain, nice: false }, title: 'pass@k' },
            y2: { field: 'hi' },
            fill: { ...color, legend: null },
          },
        },
        { data: { values: points }, transform: [inRange], mark: { type: 'line', point: { size: 18 }, strokeWidth: 2, clip: true }, encoding: { x, y, color } },
      ];
      if (crossings.length > 0) {
        layers.push(
          {
            data: { values: distinctSpans(crossings) },
            mark: { type: 'rect', color: '#777777', opacity: 0.1, clip: true },
            encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } },
          },
          {
            data: { values: crossings },
            mark: { type: 'rule', strokeDash: [5, 3], strokeWidth: 1.5, clip: true },
            encoding: { x: { field: 'k', type: 'quantitative' }, color: { field: 'hex', type: 'nominal', scale: null } },
          },
        );
        if (labelled) {
          // One label row per crossover, from the top down: several crossovers never overlap.
          const rows = crossings.map((c, i) => ({ ...c, row: 6 + i * 13 }));
          layers.push({
            data: { values: rows },
            mark: { type: 'text', align: 'left', dx: 3, baseline: 'top', fontSize: 10, limit: width - 12 },
            encoding: {
              x: { value: 4 },
              y: { field: 'row', type: 'quantitative', scale: null },
              text: { field: 'text' },
              color: { field: 'hex', type: 'nominal', scale: null },
            },
          });
        }
      }
      return { title: { text: title, fontSize: 11, fontWeight: 'normal' }, width, height, layer: layers };
    };
    const all = points.flatMap((p) => [p.lo, p.hi]);
    const full = panel('all k', [1, Math.max(2, top)], paddedDomain(all), !zoomed);
    let body: Record<string, unknown> = full;
    if (zoomed) {
      const kLo = Math.max(1, Math.min(...crossings.map((c) => c.lo)) / 2);
      const kHi = Math.min(Math.max(2, top), Math.max(...crossings.map((c) => c.hi)) * 2);
      const near = points.filter((p) => p.k >= kLo && p.k <= kHi);
      const zoom = panel(
        `zoom where the curves cross (k ${Math.round(kLo)}–${Math.round(kHi)})`,
        [kLo, kHi],
        paddedDomain(
          near.flatMap((p) => [p.value, p.lo, p.hi]),
          0.01,
        ),
        true,
      );
      body = layout.name === 'double' ? { hconcat: [full, zoom], spacing: 16 } : { vconcat: [full, zoom], spacing: 10 };
    }
    const spec = {
      $schema: SCHEMA,
      title: { text: `pass@k — ${labels.benchmark(bench.id)}`, subtitle: `${Math.round(data.confidence * 100)}% bootstrap bands · exact crossover k` },
      ...body,
      config: CONFIG,
    } as TopLevelSpec;
    figures.push({
      id: `passk-${slug(bench.id)}`,
      title: `pass@k on ${labels.benchmark(bench.id)}`,
      caption:
        'Unbiased pass@k per model against k on a log₂ axis; shaded bands are bootstrap intervals over problems. ' +
        (zoomed
          ? 'The second panel zooms on the crossing: dashed rules mark the exact k (every k examined) at which the base model catches up, in the other model’s colour, the grey span its interval.'
          : 'No crossover was found in the measured range.'),
      spec,
    });
  }
  return figures;
}

/** The curve of one model on one benchmark. */
export function curveOf(data: ReportData, benchmark: string, model: string): PassKCurve | undefined {
  return data.passK.find((c) => c.benchmark === benchmark && c.model === model);
}
