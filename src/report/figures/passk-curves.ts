import type { TopLevelSpec } from 'vega-lite';
import type { ReportData } from '../report-data.js';
import { CONFIG, kAxis, Labels, maxK, SCHEMA, slug, type Figure } from './common.js';

/**
 * One figure per benchmark: the pass@k curve of every model with its confidence band, on a log₂ k
 * axis; each base-vs-other crossover is a dashed rule at its k with the k interval shaded.
 */
export function passKCurveFigures(data: ReportData): Figure[] {
  const labels = new Labels(data);
  const figures: Figure[] = [];
  for (const bench of data.benchmarks) {
    const curves = data.passK.filter((c) => c.benchmark === bench.id);
    if (curves.length === 0) continue;
    const points = curves.flatMap((c) => c.points.map((p) => ({ model: labels.model(c.model), k: p.k, value: p.value, lo: p.lo, hi: p.hi })));
    const top = maxK(curves);
    // A null upper bound means "beyond the measured k" in too many resamples: shade to the edge.
    const crossings = data.comparisons
      .filter((c) => c.benchmark === bench.id && c.crossover.k !== null)
      .map((c) => ({
        other: labels.model(c.other),
        otherId: c.other,
        k: c.crossover.k,
        lo: c.crossover.lo ?? c.crossover.k,
        hi: c.crossover.hi ?? top,
      }))
      // Labels stack upwards from the bottom of the plot, where curves rarely are at the k of a
      // crossover, so several crossovers at the same k stay readable.
      .map((c, i) => ({ ...c, hex: labels.modelColor(c.otherId), row: 0.02 + i * 0.05, text: `k ≈ ${Number((c.k ?? 0).toPrecision(3))} vs ${c.other}` }));
    const color = { field: 'model', type: 'nominal', title: 'model', scale: labels.modelColorScale() };
    const x = kAxis(top);
    const y = { field: 'value', type: 'quantitative', title: 'pass@k', scale: { domain: [0, 1] }, axis: { format: '.0%' } };
    const layers: unknown[] = [
      { data: { values: points }, mark: { type: 'area', opacity: 0.18 }, encoding: { x, y: { field: 'lo', type: 'quantitative', title: 'pass@k', scale: { domain: [0, 1] } }, y2: { field: 'hi' }, color } },
      { data: { values: points }, mark: { type: 'line', point: true, strokeWidth: 2 }, encoding: { x, y, color } },
    ];
    if (crossings.length > 0) {
      layers.push(
        { data: { values: crossings }, mark: { type: 'rect', color: '#888888', opacity: 0.08 }, encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
        { data: { values: crossings }, mark: { type: 'rule', strokeDash: [5, 3], strokeWidth: 1.5 }, encoding: { x: { field: 'k', type: 'quantitative' }, color: { field: 'hex', type: 'nominal', scale: null } } },
        {
          data: { values: crossings },
          mark: { type: 'text', align: 'left', dx: 3, baseline: 'bottom', fontSize: 10 },
          encoding: { x: { field: 'k', type: 'quantitative' }, y: { field: 'row', type: 'quantitative' }, text: { field: 'text' }, color: { field: 'hex', type: 'nominal', scale: null } },
        },
      );
    }
    const spec = {
      $schema: SCHEMA,
      title: { text: `pass@k — ${labels.benchmark(bench.id)}`, subtitle: `bands: ${Math.round(data.confidence * 100)}% bootstrap interval over problems` },
      width: 440,
      height: 280,
      layer: layers,
      resolve: { scale: { y: 'shared' } },
      config: CONFIG,
    } as TopLevelSpec;
    figures.push({
      id: `passk-${slug(bench.id)}`,
      title: `pass@k on ${labels.benchmark(bench.id)}`,
      caption:
        'Unbiased pass@k per model against k on a log₂ axis; shaded bands are bootstrap intervals over problems. ' +
        (crossings.length > 0
          ? 'Dashed rules mark where the base model catches up (crossover k), the grey span its interval.'
          : 'No crossover was found in the measured range.'),
      spec,
    });
  }
  return figures;
}
