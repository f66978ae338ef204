#!/usr/bin/env node
// Optional: builds the lab's native addon (src/lab/tensor/openblas/*.c: sgemm over the system
// OpenBLAS plus the backend's non-matmul kernels) against the system OpenBLAS. Not part of `npm run build` — nothing in rlbound requires it; `getBackend('openblas')`
// (or RLBOUND_BACKEND=openblas) uses it when present.
//
//   npm run build:openblas [-- --out FILE]    (default: dist/lab/tensor/openblas/rlbound_openblas.node)
//
// Needs a C compiler, libopenblas-dev and Node's headers (node_api.h, shipped with Node in
// <prefix>/include/node). It calls the compiler directly instead of node-gyp: an N-API addon is
// one C file with no link-time dependency on Node, and node-gyp would try to download Node's
// headers from nodejs.org when they are not cached — this build must work offline.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCES = ['addon.c', 'kernels.c', 'attention.c'];
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outFlag = process.argv.indexOf('--out');
const out = path.resolve(outFlag >= 0 ? process.argv[outFlag + 1] : path.join(root, 'dist/lab/tensor/openblas/rlbound_openblas.node'));

function fail(message) {
  process.stderr.write(`build-openblas: ${message}\n`);
  process.exit(1);
}

const nodeInclude = [path.resolve(path.dirname(process.execPath), '..', 'include', 'node'), '/usr/include/node', '/usr/local/include/node'].find((dir) =>
  existsSync(path.join(dir, 'node_api.h')),
);
if (!nodeInclude) fail("Node's headers (node_api.h) not found next to the node binary, in /usr/include/node or /usr/local/include/node");
const blasInclude = [
  '/usr/include/x86_64-linux-gnu/openblas-pthread',
  '/usr/include/aarch64-linux-gnu/openblas-pthread',
  '/usr/include/openblas',
  '/usr/include',
].find((dir) => existsSync(path.join(dir, 'cblas.h')));
if (!blasInclude) fail('cblas.h not found — install libopenblas-dev (apt-get install libopenblas-dev)');

mkdirSync(path.dirname(out), { recursive: true });
const tmp = `${out}.${process.pid}.tmp`;
const cc = process.env.CC ?? 'cc';
try {
  execFileSync(
    cc,
    // -O3 auto-vectorizes the kernels; no -march: kernels.c picks AVX-512 / AVX2 / SSE2 at load
    // time (target_clones), so the addon runs on any x86-64. -fopenmp-simd only enables the
    // `omp simd` pragmas (no OpenMP runtime); -fno-trapping-math lets GCC vectorize the clamps in
    // exp/tanh and -fno-math-errno the square roots in AdamW (nothing observes floating-point traps
    // or errno; values are unchanged).
    [
      '-O3',
      '-fopenmp-simd',
      '-fno-trapping-math',
      '-fno-math-errno',
      '-shared',
      '-fPIC',
      '-Wall',
      '-Wextra',
      `-I${nodeInclude}`,
      `-I${blasInclude}`,
      '-DNODE_GYP_MODULE_NAME=rlbound_openblas',
      ...SOURCES.map((file) => path.join(root, 'src/lab/tensor/openblas', file)),
      '-o',
      tmp,
      '-lopenblas',
      '-lm',
    ],
    { stdio: 'inherit' },
  );
} catch (error) {
  fail(`${cc} failed (${error.message}); needs a C compiler and libopenblas-dev`);
}
renameSync(tmp, out);
console.log(`build-openblas: wrote ${path.relative(process.cwd(), out)}`);
