import { float32Engine, type Engine } from '../model/index.js';
import { getBackend } from '../tensor/select-backend.js';
import type { ComputeBackend } from '../tensor/backend.js';
import type { WasmBackend } from '../tensor/wasm/wasm-backend.js';

/** The fastest portable engine on this machine (WASM SIMD when built; RLBOUND_BACKEND overrides). */
export function labEngine(): Engine {
  return float32Engine(getBackend());
}

/** The lab backend's wasm heap in MiB (peak live, live now, extent), or null when it has none (reference, OpenBLAS). */
export function labHeapMib(): { peak: number; in_use: number; extent: number } | null {
  const backend: ComputeBackend & Partial<Pick<WasmBackend, 'peakBytesInUse' | 'bytesInUse' | 'reservedBytes'>> = getBackend();
  if (backend.peakBytesInUse === undefined || backend.bytesInUse === undefined || backend.reservedBytes === undefined) return null;
  const mib = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;
  return { peak: mib(backend.peakBytesInUse()), in_use: mib(backend.bytesInUse()), extent: mib(backend.reservedBytes()) };
}
