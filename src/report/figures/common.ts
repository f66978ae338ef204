import type { TopLevelSpec } from 'vega-lite';
import type { PassKCurve, ReportData } from '../report-data.js';

/** One figure of a report: a Vega-Lite spec plus the words printed around it. */
export interface Figure {
  /** File-safe, unique within a report: names `figures/<id>.svg` and `.png`. */
  id: string;
  title: string;
  /** What the figure shows and how to read it (one or two sentences). */
  caption: string;
  spec: TopLevelSpec;
}

/**
 * Fonts the PNG rasterizer can find on a Debian machine with Chromium installed; browsers fall
 * back to their sans-serif. Listed once so SVG and PNG look alike.
 */
export const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';

/** Shared look of every figure; passed as the spec's `config`. */
export const CONFIG = {
  font: FONT,
  background: 'white',
  view: { stroke: '#cccccc' },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: '#eeeeee' },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260 },
  title: { fontSize: 14, anchor: 'start' as const },
  header: { labelFontSize: 12, titleFontSize: 12 },
};

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Ten distinguishable colours (Tableau 10); models keep the same colour in every figure. */
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** Resolves model/benchmark ids to the labels people read, and fixes one colour per model. */
export class Labels {
  private readonly models: Map<string, string>;
  private readonly benchmarks: Map<string, string>;
  constructor(data: Pick<ReportData, 'models' | 'benchmarks'>) {
    this.models = new Map(data.models.map((m) => [m.id, m.label]));
    this.benchmarks = new Map(data.benchmarks.map((b) => [b.id, b.label]));
  }
  model(id: string): string {
    return this.models.get(id) ?? id;
  }
  benchmark(id: string): string {
    return this.benchmarks.get(id) ?? id;
  }
  /** The fixed colour of one model. */
  modelColor(id: string): string {
    const { domain, range } = this.modelColorScale();
    return range[domain.indexOf(this.model(id))] ?? '#444444';
  }
  /** A Vega-Lite colour scale mapping every model label to its fixed colour. */
  modelColorScale(): { domain: string[]; range: string[] } {
    const domain = [...this.models.values()];
    return { domain, range: domain.map((_, i) => PALETTE[i % PALETTE.length]!) };
  }
}

/** Powers of two from 1 up to (and including, if it is one) `maxK`: the paper's k ticks. */
export function powersOfTwo(maxK: number): number[] {
  const ks: number[] = [];
  for (let k = 1; k <= maxK; k *= 2) ks.push(k);
  return ks;
}

/** The x encoding shared by every pass@k plot: log₂ scale with ticks at powers of two. */
export function kAxis(maxK: number, field = 'k'): Record<string, unknown> {
  const top = Math.max(2, maxK);
  return {
    field,
    type: 'quantitative',
    title: 'k (log₂ scale)',
    scale: { type: 'log', base: 2, domain: [1, top], nice: false },
    axis: { values: powersOfTwo(top), format: 'd', labelOverlap: true },
  };
}

/** Largest k of a set of curves. */
export function maxK(curves: PassKCurve[]): number {
  return Math.max(1, ...curves.flatMap((c) => c.points.map((p) => p.k)));
}

/** A slug usable in file names: letters, digits and dashes only. */
export function slug(text: string): string {
  const s = text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return s.length > 0 ? s : 'x';
}

/** Percent with one decimal, the paper's precision. */
export function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}
