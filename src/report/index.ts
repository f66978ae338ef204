// Reports: ReportData (every number) → figures (Vega-Lite → SVG → PNG), tables (CSV) and one
// self-contained HTML page. Gathering from a study lives in gather-report-data.ts.
export * from './report-data.js';
export { validateReportData } from './validate-report-data.js';
export { buildFigureSections, type Figure, type FigureSection } from './figures/index.js';
export { buildTables, toCsv, type Table, type Cell } from './tables.js';
export { renderSvg, prefixSvgIds, svgSize } from './render/svg.js';
export { svgToPng, type Png } from './render/png.js';
export { renderHtml, type RenderedFigure, type RenderedSection } from './html.js';
export { escapeHtml } from './escape-html.js';
export { writeReport, type ReportFiles, type WriteReportOptions, type WrittenFigure } from './write-report.js';
export { gatherReportData, type GatherOptions } from './gather/gather-report-data.js';
export { loadStudyRuns, resolveVerifier, type StudyRuns } from './gather/study-runs.js';
export { reportStudy, type ReportStudyOptions } from './report-study.js';
export { openStudyForReading, type OpenedStudy } from './open-study.js';
export { parseAnalysisFlags } from './analysis-flags.js';
