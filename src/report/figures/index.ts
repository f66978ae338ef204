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
  return sections.filter((s) => s.figures.length > 0);
}
