import { gatherReportData, type ReportData } from '../../src/report/index.js';
import { StudySampleSource, type SampleSource } from '../../src/view/index.js';
import { buildTestStudy, VERIFIER } from '../report/build-test-study.js';

/** The viewer's inputs from a real SQLite study: gathered report data and the store-backed samples. */
export async function buildViewerFixture(): Promise<{ data: ReportData; samples: SampleSource; file: string; close: () => Promise<void> }> {
  const study = await buildTestStudy();
  const data = await gatherReportData(study.store, { bootstrap: { resamples: 200 } });
  return { data, samples: new StudySampleSource(study.store, VERIFIER), file: study.file, close: study.cleanup };
}
