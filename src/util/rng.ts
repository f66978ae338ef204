/**
 * The project's one pseudo-random generator: xoshiro128** over four 32-bit words. Everything is
 * integer arithmetic on 32-bit values (`Math.imul`, `>>>`), so a seed gives the same stream on every
 * platform and Node version. Library code never uses `Math.random`.
 *
 * Two seedings exist and both are frozen by known-answer tests (test/shared/rng-known-answers):
 * the lab's (`new Rng(seed)`: initialisation, sampling, retry jitter) and the analyses'
 * (`createRng(seed)`: bootstrap resamples, simulations). They predate this file; unifying them would
 * change every stored bootstrap band and every lab figure, so each keeps its own state set-up over
 * the one generator step below.
 */

/** The xoshiro128** state and step, shared by both seedings. */
class Xoshiro128 {
  constructor(
    private s0: number,
    private s1: number,
    private s2: number,
    private s3: number,
  ) {
    // The all-zero state is a fixed point of the generator.
    if ((s0 | s1 | s2 | s3) === 0) this.s0 = 1;
  }

  /** Next raw 32-bit unsigned integer. */
  next(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits (27 from one draw, 26 from the next). */
  float(): number {
    const hi = this.next() >>> 5;
    const lo = this.next() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }
}

/** The lab's generator: `seed` may be any finite number; integers up to 2^53 are distinguished exactly. */
export class Rng {
  private readonly core: Xoshiro128;
  /** Second Box–Muller value, kept for the next `normal()` call. */
  private spare = 0;
  private hasSpare = false;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`Rng seed must be a finite number, got ${seed}`);
    const lo = Math.trunc(seed) >>> 0;
    const hi = Math.trunc(seed / 4294967296) >>> 0;
    // A Weyl sequence through the murmur3 finaliser, started from both halves of the seed, so that
    // nearby seeds give unrelated streams.
    let x = mix32(lo ^ mix32(hi ^ 0x9e3779b9));
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      return mix32(x);
    };
    const s0 = next();
    const s1 = next();
    const s2 = next();
    const s3 = next();
    this.core = new Xoshiro128(s0, s1, s2, s3);
  }

  /** Next raw 32-bit unsigned integer. */
  nextU32(): number {
    return this.core.next();
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    return this.core.float();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u = this.uniform();
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    this.hasSpare = true;
    return r * Math.cos(2 * Math.PI * v);
  }
}

/**
 * A seed for sub-stream `index` of `seed` (e.g. sample i of a request): a hash, so sub-streams of
 * different parents do not overlap in any simple way. Result is a non-negative integer < 2^53.
 */
export function deriveSeed(seed: number, index: number): number {
  const lo = Math.trunc(seed) >>> 0;
  const hi = Math.trunc(seed / 4294967296) >>> 0;
  const a = mix32(lo ^ mix32(index ^ 0x85ebca6b));
  const b = mix32(hi ^ mix32(a ^ index ^ 0xc2b2ae35));
  return (b & 0x1fffff) * 4294967296 + (a >>> 0);
}

/** The analyses' generator interface (bootstrap resamples, simulations). */
export interface AnalysisRng {
  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform float in [0, 1) with 53 random bits. */
  nextFloat(): number;
  /** Uniform integer in [0, bound) for bound ≤ 2^32 (multiply-shift; bias ≤ bound/2^32). */
  nextInt(bound: number): number;
}

/** The analyses' generator from any safe integer seed (both 32-bit halves of the seed are used). */
export function createRng(seed: number): AnalysisRng {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer (got ${seed})`);
  const hi = Math.floor(seed / 2 ** 32) >>> 0;
  // splitmix32 over the low half mixed with the high half.
  let s = ((seed >>> 0) ^ Math.imul(hi, 0x27d4eb2d)) >>> 0;
  const init = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    return mix32(s);
  };
  const a = init() ^ hi;
  const b = init();
  const c = init();
  const d = init();
  const core = new Xoshiro128(a, b, c, d);
  const nextUint32 = (): number => core.next();
  return {
    nextUint32,
    nextFloat: () => core.float(),
    nextInt: (bound: number) => Math.floor((nextUint32() * bound) / 4294967296),
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** splitmix32 / murmur3 finaliser: a bijective 32-bit mix. */
function mix32(z: number): number {
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
