/**
 * The optional native backend: cblas_sgemm from the system OpenBLAS through a small N-API addon
 * (addon.c, built by `npm run build:openblas`). Never required, never picked by `auto` (see
 * select-backend.ts); use it with getBackend('openblas') or RLBOUND_BACKEND=openblas.
 *
 * Debian's OpenBLAS 0.3.21 takes AMD Zen 4/5 for "Haswell" and runs AVX2 kernels at half speed
 * (cpu-backends.md §2). OpenBLAS reads OPENBLAS_CORETYPE once, when the library is loaded, so it is
 * set here — before the addon is loaded, only if the user has not set it, and only when the CPU has
 * the AVX-512 subsets the SkylakeX kernels use (forcing them elsewhere would crash).
 *
 * Non-matmul kernels: batched attention (attention.c) and the AdamW update (kernels.c) come from
 * the addon whenever it is built with them. When the wasm module is built too, the backend's
 * buffers are views of a wasm heap (host-wasm.ts) and it offers that module's kernels with the
 * addon's GELU, layer norm, bias rows and column sums swapped in (native-kernels.ts) — OpenBLAS,
 * the C kernels and the wasm kernels all work on the same SharedArrayBuffer memory, so nothing is
 * copied. Without the wasm module it allocates plain Float32Arrays and the model runs the
 * TypeScript reference ops for the rest.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { EnvironmentError } from '../../../errors.js';
import type { ComputeBackend } from '../backend.js';
import { checkSgemmArgs } from '../wasm/sgemm-args.js';
import { findBuiltArtifact } from '../wasm/wasm-file.js';
import { hasKernels, type OpenblasAddon } from './addon-api.js';
import { hostWasmHeap } from './host-wasm.js';
import { nativeAttention, nativeOptimizer, withNativeKernels } from './native-kernels.js';

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

export interface OpenblasOptions {
  /** The built addon (default: found next to this module or in dist/). */
  addonFile?: string;
  /** The wasm module hosting buffers and kernels (default: the built one). */
  wasmFile?: string;
  /** false: plain Float32Array buffers, no non-matmul kernels at all (sgemm only, as before). */
  kernels?: boolean;
}

export function createOpenblasBackend(options: OpenblasOptions = {}): OpenblasBackend {
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
  const native = options.kernels !== false && hasKernels(addon) ? addon : undefined;
  const host = options.kernels === false ? undefined : hostWasmHeap(options.wasmFile);
  return {
    name: 'openblas',
    corename,
    config,
    kernels: host?.kernels === undefined ? undefined : native === undefined ? host.kernels : withNativeKernels(host.kernels, native),
    attention: native === undefined ? undefined : nativeAttention(native),
    optimizer: native === undefined ? undefined : nativeOptimizer(native),
    alloc(length: number): Float32Array {
      if (host !== undefined) return host.alloc(length);
      if (!Number.isInteger(length) || length < 0) throw new RangeError(`alloc: length must be a non-negative integer (got ${length})`);
      return new Float32Array(length);
    },
    // Host-heap buffers go back to the wasm heap; plain Float32Arrays are left to the garbage collector.
    release: host?.release === undefined ? undefined : (buffer: Float32Array) => host.release?.(buffer),
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
