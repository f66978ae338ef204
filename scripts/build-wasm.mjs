#!/usr/bin/env node
// Compiles the lab's WebAssembly SIMD kernels (assembly/sgemm.ts and assembly/kernels.ts,
// AssemblyScript; both are entry files, so one module exports the exports of both) with the `asc`
// compiler from npm — no native toolchain, nothing downloaded. Part of `npm run build`.
//
//   node scripts/build-wasm.mjs [--out FILE]     (default: dist/lab/tensor/wasm/sgemm.wasm)
//
// The file is written to a temporary name and renamed, so a process loading the previous build
// at the same moment never reads half a file.
import { mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outFlag = process.argv.indexOf('--out');
const out = path.resolve(outFlag >= 0 ? process.argv[outFlag + 1] : path.join(root, 'dist/lab/tensor/wasm/sgemm.wasm'));
const tmp = `${out}.${process.pid}.tmp`;
mkdirSync(path.dirname(out), { recursive: true });

// The memory is imported and shared: JavaScript creates it, and Float32Array views handed out by
// `alloc` stay valid when it grows (a shared buffer never detaches). Maximum = 65536 pages (4 GiB),
// the wasm32 limit; V8 reserves address space for it up front, so growing never moves the memory.
const { error, stderr } = await asc.main([
  path.join(root, 'assembly/sgemm.ts'),
  path.join(root, 'assembly/kernels.ts'),
  '--outFile',
  tmp,
  '-O3',
  '--noAssert',
  '--runtime',
  'stub',
  '--importMemory',
  '--sharedMemory',
  '--initialMemory',
  '1',
  '--maximumMemory',
  '65536',
  '--enable',
  'simd',
  '--enable',
  'threads',
]);
if (error) {
  process.stderr.write(stderr.toString());
  process.stderr.write(`build-wasm: ${error.message}\n`);
  process.exit(1);
}
renameSync(tmp, out);
