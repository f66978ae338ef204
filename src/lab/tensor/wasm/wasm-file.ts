/**
 * Where compiled artifacts live. `npm run build` writes them next to the compiled loader
 * (dist/lab/tensor/wasm/sgemm.wasm). When a loader runs from the TypeScript sources (tests, tsx),
 * the same relative path from src/lab/tensor/<dir>/ reaches into dist/ instead.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The first of `relativePaths` (resolved against `moduleUrl`) that exists, as an absolute path. */
export function findBuiltArtifact(moduleUrl: string, relativePaths: readonly string[]): string | undefined {
  for (const relative of relativePaths) {
    const file = fileURLToPath(new URL(relative, moduleUrl));
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** Absolute path of the compiled sgemm.wasm, or undefined when it has not been built. */
export function findSgemmWasm(): string | undefined {
  return findBuiltArtifact(import.meta.url, ['./sgemm.wasm', '../../../../dist/lab/tensor/wasm/sgemm.wasm']);
}
