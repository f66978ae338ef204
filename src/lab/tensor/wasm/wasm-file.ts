/**
 * Where the compiled kernel lives. `npm run build` writes it next to the compiled loader
 * (dist/lab/tensor/wasm/sgemm.wasm). When the loader runs from the TypeScript sources (tests,
 * tsx), the same relative path from src/lab/tensor/wasm/ reaches into dist/ instead.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CANDIDATES = ['./sgemm.wasm', '../../../../dist/lab/tensor/wasm/sgemm.wasm'];

/** Absolute path of the compiled sgemm.wasm, or undefined when it has not been built. */
export function findSgemmWasm(): string | undefined {
  for (const relative of CANDIDATES) {
    const file = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(file)) return file;
  }
  return undefined;
}
