// The wasm heap's allocator: released blocks are handed out again (zero-filled), adjacent free
// blocks merge, the heap's extent stays bounded by what is alive, and releasing never touches a
// block that is still live. The backends here poison freed blocks with NaN, so a block handed out
// twice or a reuse without clearing shows up as NaN or a broken pattern.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/lab/tensor/rng.js';
import { createWasmBackend, type WasmBackend } from '../../../src/lab/tensor/wasm/wasm-backend.js';
import { repoRoot } from '../../helpers/cli.js';

let wasm: WasmBackend;

beforeAll(() => {
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-wasm.mjs')], { stdio: 'pipe' });
  wasm = createWasmBackend({ poisonFreed: true });
});

/** Fills `buffer` with a pattern unique to `tag`; `intact` checks it. */
const stamp = (buffer: Float32Array, tag: number): void => {
  for (let i = 0; i < buffer.length; i++) buffer[i] = tag * 1000 + (i % 997);
};
const intact = (buffer: Float32Array, tag: number): boolean => buffer.every((x, i) => x === tag * 1000 + (i % 997));

describe('wasm heap: freeing and reuse', () => {
  it('hands a released block out again, zero-filled', () => {
    const a = wasm.alloc(1000);
    stamp(a, 1);
    const inUse = wasm.bytesInUse();
    wasm.release(a);
    expect(wasm.bytesInUse()).toBe(inUse - 4032);
    expect(a.every((x) => Number.isNaN(x))).toBe(true); // poisoned: a use after free would read NaN
    const b = wasm.alloc(1000);
    expect(b.byteOffset).toBe(a.byteOffset);
    expect(b.every((x) => x === 0)).toBe(true);
    wasm.release(b);
  });

  it('merges neighbouring free blocks and lowers the top: a loop does not grow the heap', () => {
    const keep = wasm.alloc(10);
    const extent = wasm.reservedBytes();
    for (let round = 0; round < 50; round++) {
      // Sizes change every round (like activation workspaces growing by 1.5×): only merging lets
      // the freed small blocks serve the larger requests.
      const blocks = [1, 2, 3, 4, 5].map((k) => wasm.alloc(1000 * k + round * 37));
      blocks.forEach((b, k) => stamp(b, k + 2));
      expect(blocks.every((b, k) => intact(b, k + 2))).toBe(true);
      for (const b of blocks) wasm.release(b);
    }
    expect(wasm.reservedBytes() - extent).toBeLessThan(4 * 20_000 * 4);
    wasm.release(keep);
  });

  it('never disturbs live blocks (random alloc/release, patterns checked)', () => {
    const rng = new Rng(7);
    const live: { buffer: Float32Array; tag: number }[] = [];
    const before = wasm.bytesInUse();
    let peak = 0;
    for (let step = 0; step < 2000; step++) {
      if (live.length > 0 && rng.uniform() < 0.45) {
        const [gone] = live.splice(rng.int(live.length), 1);
        expect(intact(gone.buffer, gone.tag)).toBe(true);
        wasm.release(gone.buffer);
      } else {
        const buffer = wasm.alloc(1 + rng.int(5000));
        expect(buffer.every((x) => x === 0)).toBe(true);
        stamp(buffer, step);
        live.push({ buffer, tag: step });
      }
      peak = Math.max(peak, wasm.bytesInUse() - before);
    }
    expect(live.every(({ buffer, tag }) => intact(buffer, tag))).toBe(true);
    for (const { buffer } of live) wasm.release(buffer);
    expect(wasm.bytesInUse()).toBe(before);
    // Bounded by what was alive at once (plus fragmentation), not by the 2000 allocations' total.
    expect(wasm.reservedBytes()).toBeLessThan(before + 2 * peak + 2 ** 21);
  });

  it('refuses double releases, subarrays and foreign arrays', () => {
    const a = wasm.alloc(64);
    expect(() => wasm.release(a.subarray(0, 16))).toThrow(/not a live buffer/);
    expect(() => wasm.release(a.subarray(16))).toThrow(/not a live buffer/);
    expect(() => wasm.release(new Float32Array(64))).toThrow(/not a live buffer/);
    wasm.release(a);
    expect(() => wasm.release(a)).toThrow(/not a live buffer/);
  });

  it('keeps buffers of a second backend apart (each has its own heap)', () => {
    const other = createWasmBackend();
    const x = other.alloc(32);
    expect(() => wasm.release(x)).toThrow(/not a live buffer/);
    other.release(x);
    expect(other.bytesInUse()).toBe(0);
  });
});
