import type { ReportData } from '../report-data.js';
import { accuracyHistogramFigures } from './accuracy-histogram.js';
import { algorithmFoldedFigures } from './algorithms-folded.js';
import type { Figure } from './common.js';
import { coverageFigures } from './coverage.js';
import { passKCurveFigures } from './passk-curves.js';
import { passKDifferenceFigure } from './passk-difference.js';
import { passKGridFigure } from './passk-grid.js';
import { perplexityFigure } from './perplexity.js';
import { problemGridFigures } from './problem-grid.js';
import { runHealthFigure } from './run-health.js';
import { trainingStepFigures } from './training-steps.js';

export type { Figure } from './common.js';

/** A report section: a heading and the figures under it, in reading order. */
export interface FigureSection {
  id: string;
  heading: string;
  figures: Figure[];
}

/**
 * Every figure the data supports, grouped into the report's sections. Pure: ReportData in,
 * Vega-Lite specs out; sections without data are dropped.
 */
export function buildFigureSections(data: ReportData): FigureSection[] {
  const sections: FigureSection[] = [
    { id: 'passk', heading: 'pass@k curves', figures: [...passKCurveFigures(data), ...passKGridFigure(data), ...passKDifferenceFigure(data)] },
    { id: 'coverage', heading: 'Coverage (solvable problems)', figures: coverageFigures(data) },
    { id: 'accuracy', heading: 'Per-problem accuracy', figures: [...accuracyHistogramFigures(data), ...problemGridFigures(data)] },
    { id: 'perplexity', heading: 'Perplexity', figures: perplexityFigure(data) },
    { id: 'algorithms', heading: 'ΔSE and algorithms', figures: algorithmFoldedFigures(data) },
    { id: 'training', heading: 'Training steps', figures: trainingStepFigures(data) },
    { id: 'health', heading: 'Run health', figures: runHealthFigure(data) },
  ];
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
