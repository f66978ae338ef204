import { RlboundError } from '../../errors.js';
import { loadStudyFile } from '../../config/study-file.js';
import { studyLocation } from '../../pipeline/plan-study.js';
import { enqueueStudy, waitForQueue, studyStatus } from '../../queue/index.js';
import { ensureServices } from '../services.js';

/**
 * `rlbound run STUDY.yaml --queue URL`: enqueue the study's missing sampling and verification,
 * then (unless --no-wait) wait until workers have drained the queue, printing progress from the
 * store. A plain `rlbound run STUDY.yaml` afterwards finds nothing left to sample or verify and
 * goes on to scoring, analyses and the report.
 */
export async function runQueued(file: string, queue: string, o: { wait: boolean; sliceSize: number }): Promise<void> {
  const wait = o.wait;
  // The study file is checked first (its problems are the user's to fix before any service matters).
  const { study, baseDir } = await loadStudyFile(file);
  await ensureServices({ queue, store: studyLocation(study, baseDir), storeFlag: '"store" in the study file' });
  const r = await enqueueStudy({ file, queue, sliceSize: o.sliceSize });
  process.stderr.write(
    `queue   ${r.sampleJobs} sampling jobs (each with its verification), ${r.verifyOnlyJobs} verification jobs for stored samples, ${r.scoreJobs} scoring jobs\n`,
  );
  let failed = 0;
  if (wait) {
    let last = 0;
    const counts = await waitForQueue(queue, [...new Set(r.runs.map((x) => x.model))], {
      onCounts: (c) => {
        if (performance.now() - last < 5000) return;
        last = performance.now();
        process.stderr.write(
          `queue   sample: ${c.sample.waiting} waiting, ${c.sample.active} active; verify: ${c.verify.waiting + c.verify.waitingChildren} waiting, ${c.verify.active} active; score: ${c.score.waiting + c.score.delayed} waiting, ${c.score.active} active\n`,
        );
      },
    });
    failed = counts.sample.failed + counts.verify.failed + counts.score.failed;
  }
  const runs = wait ? await studyStatus(r.store) : [];
  process.stdout.write(
    `${JSON.stringify({ store: r.store, runs: r.runs.map((x) => ({ model: x.model, benchmark: x.benchmark, run_id: x.runId })), sample_jobs: r.sampleJobs, verify_only_jobs: r.verifyOnlyJobs, score_jobs: r.scoreJobs, failed_jobs: failed, samples: runs.reduce((a, s) => a + s.samples, 0) })}\n`,
  );
  if (failed > 0)
    throw new RlboundError(
      `${failed} jobs failed for good; see them with \`rlbound status --study … --queue ${queue}\`, fix the cause and run again (stored work is kept)`,
    );
}
