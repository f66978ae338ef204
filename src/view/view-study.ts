import path from 'node:path';
import { resolveVerifier, gatherReportData, type GatherOptions } from '../report/index.js';
import { openStudyForReading } from '../report/open-study.js';
import { stripUndefined } from '../report/strip-undefined.js';
import { startViewer, type RunningViewer } from './server.js';
import { StudySampleSource } from './study-sample-source.js';

export interface ViewStudyOptions extends Omit<GatherOptions, 'source'> {
  /** A SQLite study store or a YAML study file. */
  study: string;
  /** A YAML study file whose runs to show, when `study` is the store itself. */
  studyFile?: string;
  host?: string;
  port?: number;
}

/** `rlbound view`: opens the study read-only, gathers its numbers once, and serves the viewer. */
export async function viewStudy(options: ViewStudyOptions): Promise<RunningViewer> {
  const opened = await openStudyForReading(options.study, options.studyFile);
  try {
    const { study, host, port, studyFile: _file, ...gather } = options;
    const merged = { ...opened.gather, ...stripUndefined(gather) };
    const data = await gatherReportData(opened.store, { ...merged, source: path.basename(study) });
    const verifier = await resolveVerifier(opened.store, options.verifier);
    // The samples come from the very runs the numbers came from.
    const viewer = await startViewer({ data, samples: new StudySampleSource(opened.store, verifier, merged.selection), host, port });
    return {
      ...viewer,
      close: async () => {
        await viewer.close();
        await opened.store.close();
      },
    };
  } catch (err) {
    await opened.store.close();
    throw err;
  }
}
