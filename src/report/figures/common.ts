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
 * The figure font first (shipped with the package and used for PNG, outlined SVG and PDF; see
 * render/fonts.ts), then what a browser showing the inline SVG falls back to.
 */
export const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';

/**
 * The width a figure is laid out for, in CSS pixels at 96 per inch: a two-column paper's full
 * text width (7 in) or one column (3.5 in). Exported at that physical size, an 11 px label prints
 * at 8.25 pt. Builders size panels and wrap grids to fit; nothing is clipped.
 */
export interface FigureLayout {
  name: 'double' | 'single';
  /** Whole figure, legend and axes included. */
  width: number;
  /** Physical width in inches. */
  inches: number;
}

export const DOUBLE_COLUMN: FigureLayout = { name: 'double', width: 672, inches: 7 };
export const SINGLE_COLUMN: FigureLayout = { name: 'single', width: 336, inches: 3.5 };

/** Room a y axis with percent labels and its title takes. */
const Y_AXIS = 66;

/** Panel width when `columns` panels share the layout's width (each with its own y axis). */
export function panelWidth(layout: FigureLayout, columns: number, gap = 16): number {
  return Math.floor((layout.width - columns * Y_AXIS - (columns - 1) * gap) / columns);
}

/** How many panels of at least `minWidth` fit side by side. */
export function columnsFor(layout: FigureLayout, panels: number, minWidth: number): number {
  let columns = Math.max(1, Math.min(panels, 4));
  while (columns > 1 && panelWidth(layout, columns) < minWidth) columns--;
  return columns;
}

/**
 * A legend below the plot with the lines' own colour and stroke: a pale band swatch would not
 * match the line a reader looks for.
 */
/** A legend of filled swatches (bars, boxes) below the plot, wrapped to the layout's width. */
export function swatchLegend(layout: FigureLayout): Record<string, unknown> {
  return { orient: 'bottom', direction: 'horizontal', columns: layout.name === 'double' ? 4 : 2, symbolType: 'square', symbolOpacity: 1, labelLimit: 130 };
}

export function lineLegend(layout: FigureLayout): Record<string, unknown> {
  return {
    orient: 'bottom',
    direction: 'horizontal',
    columns: layout.name === 'double' ? 4 : 2,
    symbolType: 'stroke',
    symbolStrokeWidth: 3,
    symbolOpacity: 1,
    labelLimit: 130,
    title: null,
  };
}

/** Shared look of every figure; passed as the spec's `config`. */
export const CONFIG = {
  font: FONT,
  background: 'white',
  view: { stroke: '#cccccc' },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: '#eeeeee' },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260 },
  title: { fontSize: 14, subtitleFontSize: 11, subtitleColor: '#444444', anchor: 'start' as const },
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
  /**
   * A Vega-Lite colour scale mapping model labels to their fixed colours; given ids, only those
   * models (a legend must not list a model the figure does not draw).
   */
  modelColorScale(only?: readonly string[]): { domain: string[]; range: string[] } {
    const all = [...this.models.values()];
    const range = all.map((_, i) => PALETTE[i % PALETTE.length]!);
    if (only === undefined) return { domain: all, range };
    const keep = new Set(only.map((id) => this.model(id)));
    const idx = all.map((l, i) => (keep.has(l) ? i : -1)).filter((i) => i >= 0);
    return { domain: idx.map((i) => all[i]!), range: idx.map((i) => range[i]!) };
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
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s.length > 0 ? s : 'x';
}

/**
 * Comparison panels in reading order: by benchmark, then by the other model's training step when
 * it has one (step50 before step100 — not alphabetically), then as the data lists them.
 */
export function pairOrder<T extends { benchmark: string; other: string }>(data: Pick<ReportData, 'models'>, items: readonly T[]): T[] {
  const step = new Map(data.models.map((m) => [m.id, m.step]));
  const benchmarks = [...new Set(items.map((x) => x.benchmark))];
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => {
      if (a.item.benchmark !== b.item.benchmark) return benchmarks.indexOf(a.item.benchmark) - benchmarks.indexOf(b.item.benchmark);
      const sa = step.get(a.item.other);
      const sb = step.get(b.item.other);
      if (sa !== undefined && sb !== undefined && sa !== sb) return sa - sb;
      return a.i - b.i;
    })
    .map((x) => x.item);
}

/** Percent with one decimal, the paper's precision. */
export function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}
