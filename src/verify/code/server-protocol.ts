import { z } from 'zod';
import { TEST_STATUSES } from './status.js';
import type { CallTest, CodeTest, TestResult } from './test-spec.js';

/** One line the fork-server answers per test. Parsed strictly enough that a broken server is
 * noticed (and reported as `sandbox_error`) instead of silently misread. */
export const serverResponseSchema = z.object({
  id: z.number().int(),
  status: z.enum(TEST_STATUSES),
  detail: z.string(),
  duration_ms: z.number().optional(),
  cpu_ms: z.number().optional(),
  exit_code: z.number().int().nullable().optional(),
  signal: z.string().nullable().optional(),
  stdout_truncated: z.boolean().optional(),
  stderr_truncated: z.boolean().optional(),
  stdout_head: z.string().optional(),
  stderr_tail: z.string().optional(),
  inputs_total: z.number().int().optional(),
  inputs_done: z.number().int().optional(),
  outputs: z.string().optional(),
  times_s: z.array(z.number()).optional(),
});
export type ServerResponse = z.infer<typeof serverResponseSchema>;

export const forkedLineSchema = z.object({ forked: z.number().int() });

export const readyLineSchema = z.object({ ready: z.literal(true), pid: z.number(), python: z.string(), uid: z.number() });

function callTestForServer(t: CallTest): Record<string, unknown> {
  const out: Record<string, unknown> = {
    kind: 'call',
    entry: { name: t.entry.name, cls: t.entry.className ?? null },
    compare: t.compare ?? 'evalplus',
    atol: t.atol ?? 0,
    float_tol: t.floatTolerance ?? null,
    stop_on_mismatch: t.stopOnMismatch ?? true,
    expected: t.expected ? t.expected.text : null,
    expected_codec: t.expected?.codec ?? null,
  };
  if (t.inputs.format === 'json') out.inputs = t.inputs.text;
  else out.inputs_lines = t.inputs.lines;
  return out;
}

/** Fields of a test the child must never see; sent only after the fork (see rlbound_server.py). */
const SECRET_FIELDS = ['expected_stdout', 'expected'] as const;

/** Splits a server-form test into what goes with the request and what is sent after the fork. */
export function withoutExpectations(test: Record<string, unknown>): { test: Record<string, unknown>; expect: Record<string, unknown> } {
  const pub = { ...test };
  const expect: Record<string, unknown> = {};
  for (const k of SECRET_FIELDS) {
    if (k in pub) {
      expect[k] = pub[k];
      delete pub[k];
    }
  }
  return { test: pub, expect };
}

/** The fork-server's form of a test (snake_case; per-input limits filled in by the caller). */
export function testForServer(t: CodeTest, inputTimeoutsS: number[]): Record<string, unknown> {
  const prelude = t.prelude ?? '';
  switch (t.kind) {
    case 'stdio':
      return { kind: 'stdio', stdin: t.stdin, expected_stdout: t.expectedStdout, float_tol: t.floatTolerance ?? null, prelude };
    case 'script':
      return { kind: 'script', harness: t.harness, prelude };
    case 'call':
      return { ...callTestForServer(t), input_timeouts_s: inputTimeoutsS, prelude };
  }
}

export function toTestResult(r: ServerResponse, attempts: number): TestResult {
  const out: TestResult = {
    status: r.status,
    detail: r.detail,
    durationMs: r.duration_ms ?? 0,
    cpuMs: r.cpu_ms ?? 0,
    exitCode: r.exit_code ?? null,
    signal: r.signal ?? null,
    stdoutTruncated: r.stdout_truncated ?? false,
    stderrTruncated: r.stderr_truncated ?? false,
    stdoutHead: r.stdout_head ?? '',
    stderrTail: r.stderr_tail ?? '',
    attempts,
  };
  if (r.inputs_total !== undefined) out.inputsTotal = r.inputs_total;
  if (r.inputs_done !== undefined) out.inputsDone = r.inputs_done;
  if (r.outputs !== undefined) out.outputs = r.outputs;
  if (r.times_s !== undefined) out.timesS = r.times_s;
  return out;
}

/** A result for a test the sandbox could not run. */
export function sandboxErrorResult(detail: string, attempts: number): TestResult {
  return {
    status: 'sandbox_error',
    detail,
    durationMs: 0,
    cpuMs: 0,
    exitCode: null,
    signal: null,
    stdoutTruncated: false,
    stderrTruncated: false,
    stdoutHead: '',
    stderrTail: '',
    attempts,
  };
}
