import path from 'node:path';
import { InputError } from '../errors.js';
import { gatherReportData, type GatherOptions } from './gather/gather-report-data.js';
import { openStudyForReading } from './open-study.js';
import { stripUndefined } from './strip-undefined.js';
import { writeReport, type ReportFiles } from './write-report.js';

export interface ReportStudyOptions extends Omit<GatherOptions, 'source'> {
  /** A SQLite study store or a YAML study file. */
  study: string;
  /** Output folder (default: the study file's `report.out`). */
  out?: string;
  /** A YAML study file whose runs to report, when `study` is the store itself. */
  studyFile?: string;
}

/** `rlbound report`: reads a study, runs the analytics and writes the report folder. */
export async function reportStudy(options: ReportStudyOptions): Promise<ReportFiles> {
  const opened = await openStudyForReading(options.study, options.studyFile);
  try {
    const out = options.out ?? opened.reportOut;
    if (out === undefined) throw new InputError('no output folder: pass --out DIR (or set report.out in the study file)', { field: '--out' });
    const { study, out: _chosen, studyFile: _file, ...gather } = options;
    const data = await gatherReportData(opened.store, { ...opened.gather, ...stripUndefined(gather), source: path.basename(study) });
    return await writeReport(data, out);
  } finally {
    await opened.store.close();
  }
}
