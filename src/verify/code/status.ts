/** Outcome of one test. Only `sandbox_error` is not the program's doing and must never be
 * counted as a model failure. */
export const TEST_STATUSES = ['pass', 'fail', 'error', 'timeout', 'memory', 'output_limit', 'sandbox_error'] as const;
export type TestStatus = (typeof TEST_STATUSES)[number];

/** A sample's status when no test ran: the response had no program in it. */
export type SampleStatus = TestStatus | 'no_code';
