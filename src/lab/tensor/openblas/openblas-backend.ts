/**
 * The optional native backend: cblas_sgemm from the system OpenBLAS through a small N-API addon
 * (addon.c, built by `npm run build:openblas`). Never required, never picked by `auto` (see
 * select-backend.ts); use it with getBackend('openblas') or RLBOUND_BACKEND=openblas.
 *
 * Debian's OpenBLAS 0.3.21 takes AMD Zen 4/5 for "Haswell" and runs AVX2 kernels at half speed
 * (cpu-backends.md §2). OpenBLAS reads OPENBLAS_CORETYPE once, when the library is loaded, so it is
 * set here — before the addon is loaded, only if the user has not set it, and only when the CPU has
 * the AVX-512 subsets the SkylakeX kernels use (forcing them elsewhere would crash).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { EnvironmentError } from '../../../errors.js';
import type { ComputeBackend } from '../backend.js';
import { checkSgemmArgs } from '../wasm/sgemm-args.js';
import { findBuiltArtifact } from '../wasm/wasm-file.js';

interface OpenblasAddon {
  sgemm(transA: boolean, transB: boolean, M: number, N: number, K: number, A: Float32Array, B: Float32Array, C: Float32Array, accumulate: boolean): void;
  info(): { corename: string; config: string };
}

export interface OpenblasBackend extends ComputeBackend {
  readonly name: 'openblas';
  /** Kernel family OpenBLAS selected, e.g. "SkylakeX" or "Haswell". */
  readonly corename: string;
  /** openblas_get_config(): version and build options. */
  readonly config: string;
}

/** Absolute path of the built addon, or undefined when `npm run build:openblas` has not run. */
export function findOpenblasAddon(): string | undefined {
  return findBuiltArtifact(import.meta.url, ['./rlbound_openblas.node', '../../../../dist/lab/tensor/openblas/rlbound_openblas.node']);
}

export function createOpenblasBackend(options: { addonFile?: string } = {}): OpenblasBackend {
  const file = options.addonFile ?? findOpenblasAddon();
  if (file === undefined) {
    throw new EnvironmentError('the openblas backend is not built — run `npm run build:openblas` (needs a C compiler and libopenblas-dev)');
  }
  prepareEnvironment();
  let addon: OpenblasAddon;
  try {
    const loaded = createRequire(import.meta.url)(file) as Record<string, unknown>;
    if (typeof loaded.sgemm !== 'function' || typeof loaded.info !== 'function') throw new Error('missing exports sgemm/info');
    addon = loaded as unknown as OpenblasAddon;
  } catch (cause) {
    throw new EnvironmentError(`openblas backend: cannot load ${file}: ${String(cause)}`, { cause });
  }
  const { corename, config } = addon.info();
  return {
    name: 'openblas',
    corename,
    config,
    alloc(length: number): Float32Array {
      if (!Number.isInteger(length) || length < 0) throw new RangeError(`alloc: length must be a non-negative integer (got ${length})`);
      return new Float32Array(length);
    },
    sgemm(transA, transB, M, N, K, A, B, C, accumulate) {
      const bufferC = C.buffer;
      checkSgemmArgs(M, N, K, A, B, C, bufferC === A.buffer, bufferC === B.buffer);
      addon.sgemm(transA, transB, M, N, K, A, B, C, accumulate);
    },
  };
}

function prepareEnvironment(): void {
  process.env.OPENBLAS_NUM_THREADS ??= '1';
  if (process.env.OPENBLAS_CORETYPE === undefined && hasAvx512()) process.env.OPENBLAS_CORETYPE = 'SkylakeX';
}

function hasAvx512(): boolean {
  try {
    const flags = /^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1].split(/\s+/) ?? [];
    return ['avx512f', 'avx512bw', 'avx512dq', 'avx512vl'].every((f) => flags.includes(f));
  } catch {
    return false;
  }
}
