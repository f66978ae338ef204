import { float32Engine, type Engine } from '../model/index.js';
import { getBackend } from '../tensor/select-backend.js';

/** The fastest portable engine on this machine (WASM SIMD when built; RLBOUND_BACKEND overrides). */
export function labEngine(): Engine {
  return float32Engine(getBackend());
}
