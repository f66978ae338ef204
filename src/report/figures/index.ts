import type { ReportData } from '../report-data.js';
import { accuracyHistogramFigures } from './accuracy-histogram.js';
import { algorithmFoldedFigures } from './algorithms-folded.js';
import { CONFIG, DOUBLE_COLUMN, type Figure, type FigureLayout } from './common.js';
import { coverageFigures } from './coverage.js';
import { passKCurveFigures } from './passk-curves.js';
import { passKDifferenceFigure } from './passk-difference.js';
import { passKGridFigure } from './passk-grid.js';
import { perplexityFigure } from './perplexity.js';
import { problemGridFigures } from './problem-grid.js';
import { runHealthFigure } from './run-health.js';
import { trainingStepFigures } from './training-steps.js';

export { DOUBLE_COLUMN, SINGLE_COLUMN, type Figure, type FigureLayout } from './common.js';

/** A report section: a heading and the figures under it, in reading order. */
export interface FigureSection {
  id: string;
  heading: string;
  figures: Figure[];
}

/** Report sections in reading order, with their headings (tables use the same ids). */
export const SECTION_HEADINGS = {
  passk: 'pass@k curves',
  coverage: 'Coverage (solvable problems)',
  accuracy: 'Per-problem accuracy',
  perplexity: 'Perplexity',
  algorithms: 'ΔSE and algorithms',
  training: 'Training steps',
  health: 'Run health',
} as const satisfies Record<string, string>;

export type SectionId = keyof typeof SECTION_HEADINGS;

/**
 * Every figure the data supports, grouped into the report's sections, laid out for one page
 * width (double or single column). Pure: ReportData in, Vega-Lite specs out; sections without
 * data are dropped.
 */
export function buildFigureSections(data: ReportData, layout: FigureLayout = DOUBLE_COLUMN): FigureSection[] {
  const figures: Record<SectionId, Figure[]> = {
    passk: [...passKCurveFigures(data, layout), ...passKGridFigure(data, layout), ...passKDifferenceFigure(data, layout)],
    coverage: coverageFigures(data),
    accuracy: [...accuracyHistogramFigures(data, layout), ...problemGridFigures(data, layout)],
    perplexity: perplexityFigure(data, layout),
    algorithms: algorithmFoldedFigures(data, layout),
    training: trainingStepFigures(data, layout),
    health: runHealthFigure(data, layout),
  };
  // One column is narrow: smaller titles, and a title that still does not fit is cut (with an
  // ellipsis) rather than widening the figure past the column.
  if (layout.name === 'single') {
    const config = { ...CONFIG, title: { ...CONFIG.title, fontSize: 12, subtitleFontSize: 10, limit: layout.width - 8, subtitleLimit: layout.width - 8 } };
    for (const list of Object.values(figures)) for (const f of list) f.spec = { ...f.spec, config } as Figure['spec'];
  }
  const sections: FigureSection[] = Object.entries(SECTION_HEADINGS).map(([id, heading]) => ({ id, heading, figures: figures[id as SectionId] }));
  // Ids name files: two benchmarks whose names slug alike (or a benchmark called "grid") must not
  // overwrite each other's figures, so later duplicates get a numeric suffix.
  const seen = new Set<string>();
  for (const section of sections) {
    section.figures = section.figures.map((f) => {
      let id = f.id;
      for (let i = 2; seen.has(id); i++) id = `${f.id}-${i}`;
      seen.add(id);
      return id === f.id ? f : { ...f, id };
    });
  }
  return sections.filter((s) => s.figures.length > 0);
}
