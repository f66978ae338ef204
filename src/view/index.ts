// The study viewer: a loopback HTTP server with a static client (KaTeX math, highlighted code,
// escaped model output) over a study's report data and samples.
export { startViewer, type ViewerOptions, type RunningViewer } from './server.js';
export type { SampleSource, SampleQuery, SamplePage, SampleView, ProblemDetail, Verdict } from './sample-source.js';
export { filterProblems } from './problem-filter.js';
export { StudySampleSource } from './study-sample-source.js';
export { viewStudy, type ViewStudyOptions } from './view-study.js';
