// Scale-out: a study's sampling and verification as BullMQ jobs over Redis, processed by
// `rlbound worker` processes on any machine into one shared store (docs/scale.md).
export { enqueueStudy, studyJobs, accessOf, JOB_OPTIONS, type EnqueueOptions, type EnqueueResult, type EnqueuedRun, type StudyJobs } from './enqueue.js';
export { runWorker, type WorkerOptions, type WorkerEvent, type JobResult } from './worker.js';
export { studyStatus, queueCounts, waitForQueue, drained, type RunStatus, type QueueCounts } from './status.js';
export { QUEUE_NAMES, ROLES, sampleQueueName, queueNames, redisConnection, type Role } from './connection.js';
export {
  sampleJobSchema,
  verifyJobSchema,
  scoreJobSchema,
  jobId,
  scoreJobId,
  type SampleJob,
  type VerifyJob,
  type ScoreJob,
  type ModelAccess,
} from './jobs.js';
export { slicesOf } from './slices.js';
