import { z } from 'zod';
import { InputError } from '../../errors.js';

/**
 * Resource limits of one test execution. Each one is enforced in the sandboxed child: wall clock
 * by the fork-server (which then kills every process in the sandbox), the rest as rlimits.
 */
export interface SandboxLimits {
  /** Wall-clock seconds before the whole process tree is killed (status `timeout`). */
  wallS: number;
  /** CPU seconds per process (RLIMIT_CPU). */
  cpuS: number;
  /** Address space per process in MiB (RLIMIT_AS; status `memory` when exceeded). */
  memoryMb: number;
  /** Processes/threads of the sandbox user (RLIMIT_NPROC). */
  processes: number;
  /** Largest file the program may write, MiB (RLIMIT_FSIZE). */
  fileSizeMb: number;
  /** Open file descriptors (RLIMIT_NOFILE). */
  openFiles: number;
  /** Cap on stdout and on stderr, bytes; more is `output_limit`. */
  outputBytes: number;
  /** Cap on the result channel of functional tests (encoded return values), bytes. */
  resultBytes: number;
}

export const DEFAULT_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  wallS: 6, // LiveCodeBench's per-test limit
  cpuS: 6,
  memoryMb: 2048,
  processes: 64,
  fileSizeMb: 64,
  openFiles: 256,
  outputBytes: 1024 * 1024,
  resultBytes: 64 * 1024 * 1024,
});

const positive = z.number().positive().finite();
const count = z.number().int().positive();

export const sandboxLimitsSchema = z
  .object({
    wallS: positive,
    cpuS: positive,
    memoryMb: positive,
    processes: count,
    fileSizeMb: positive,
    openFiles: count.min(16),
    outputBytes: count,
    resultBytes: count,
  })
  .strict();

export const partialLimitsSchema = sandboxLimitsSchema.partial();

/** Later layers override earlier ones; a wall limit given without a CPU limit sets both. */
export function resolveLimits(...layers: Array<Partial<SandboxLimits> | undefined>): SandboxLimits {
  const out: SandboxLimits = { ...DEFAULT_LIMITS };
  for (const layer of layers) {
    if (!layer) continue;
    for (const [k, v] of Object.entries(layer) as Array<[keyof SandboxLimits, number | undefined]>) {
      if (v !== undefined) out[k] = v;
    }
    if (layer.wallS !== undefined && layer.cpuS === undefined) out.cpuS = layer.wallS;
  }
  const parsed = sandboxLimitsSchema.safeParse(out);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`sandbox limit: ${issue.message}`, { field: `limits.${issue.path.join('.')}` });
  }
  return parsed.data;
}

/** The snake_case form the fork-server reads. */
export function limitsForServer(l: SandboxLimits): Record<string, number> {
  return {
    wall_s: l.wallS,
    cpu_s: l.cpuS,
    memory_mb: l.memoryMb,
    processes: l.processes,
    file_size_mb: l.fileSizeMb,
    open_files: l.openFiles,
    output_bytes: l.outputBytes,
    result_bytes: l.resultBytes,
  };
}
