/**
 * Picks the compute backend the lab runs on.
 *
 *   auto       the wasm SIMD kernel when it is built (what `npm run build` and a fresh machine give),
 *              else the plain-TypeScript reference — never anything that needs a system library
 *   wasm       the wasm SIMD kernel; EnvironmentError when dist/…/sgemm.wasm is missing
 *   reference  plain TypeScript: the test oracle, for debugging
 *   openblas   the optional native addon over the system OpenBLAS (`npm run build:openblas`);
 *              EnvironmentError when it is not built
 *
 * The environment variable RLBOUND_BACKEND (same names) overrides `auto`. OpenBLAS is never picked
 * by `auto`, even though it is faster on large matmuls: its summation order can change with M
 * (it switches between gemv and gemm kernels, and between blockings), so a row's result would depend
 * on the batch it was computed in, and sample i of a batch would no longer reproduce on its own. The
 * wasm and reference kernels guarantee that it does.
 *
 * Backends are created once per process and shared: their buffers stay valid until released (see
 * ComputeBackend.release), and mixing buffers from two instances of the same backend would cost copies.
 */
import { InputError } from '../../errors.js';
import type { ComputeBackend } from './backend.js';
import { createOpenblasBackend } from './openblas/openblas-backend.js';
import { referenceBackend } from './reference-backend.js';
import { createWasmBackend } from './wasm/wasm-backend.js';
import { findSgemmWasm } from './wasm/wasm-file.js';

export const BACKEND_CHOICES = ['auto', 'wasm', 'reference', 'openblas'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** Name of the environment variable that forces a backend when the caller asks for `auto`. */
export const BACKEND_ENV_VAR = 'RLBOUND_BACKEND';

const created = new Map<Exclude<BackendChoice, 'auto'>, ComputeBackend>();

export function getBackend(choice: BackendChoice = 'auto', env: NodeJS.ProcessEnv = process.env): ComputeBackend {
  const resolved = resolveChoice(choice, env);
  let backend = created.get(resolved);
  if (backend === undefined) {
    backend = create(resolved);
    created.set(resolved, backend);
  }
  return backend;
}

/** Which concrete backend `getBackend(choice, env)` returns, without creating it. */
export function resolveChoice(choice: BackendChoice, env: NodeJS.ProcessEnv = process.env): Exclude<BackendChoice, 'auto'> {
  if (!(BACKEND_CHOICES as readonly string[]).includes(choice)) {
    throw new InputError(`unknown compute backend "${choice}" (expected one of ${BACKEND_CHOICES.join(', ')})`, { field: 'backend' });
  }
  let wanted: BackendChoice = choice;
  if (wanted === 'auto') {
    const forced = env[BACKEND_ENV_VAR];
    if (forced !== undefined && forced !== '') {
      if (!(BACKEND_CHOICES as readonly string[]).includes(forced)) {
        throw new InputError(`unknown compute backend "${forced}" (expected one of ${BACKEND_CHOICES.join(', ')})`, {
          field: BACKEND_ENV_VAR,
        });
      }
      wanted = forced as BackendChoice;
    }
  }
  if (wanted !== 'auto') return wanted;
  return findSgemmWasm() !== undefined ? 'wasm' : 'reference';
}

function create(choice: Exclude<BackendChoice, 'auto'>): ComputeBackend {
  switch (choice) {
    case 'reference':
      return referenceBackend;
    case 'wasm':
      return createWasmBackend();
    case 'openblas':
      return createOpenblasBackend();
  }
}
