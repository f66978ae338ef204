import { InputError } from '../../src/errors.js';
import type { SampledTokens, SampleOptions, ScoredTokens, ServableModel } from '../../src/serve/servable-model.js';

/**
 * A small, exact probability model for tests that must not wait for the lab GPT: a character
 * bigram model over printable ASCII with fixed pseudo-random logits and an end token (which also
 * serves as the start context). Sampling,
 * temperature, top-k/top-p, seeds and scoring behave like a real model's (same seed → same text,
 * log-probs consistent with sampling), and it is instant.
 */
const FIRST = 32;
const LAST = 126;
const VOCAB = LAST - FIRST + 2; // printable ASCII + newline
const EOS = VOCAB; // one past the characters

function charToId(c: string): number {
  if (c === '\n') return VOCAB - 1;
  const code = c.charCodeAt(0);
  if (code < FIRST || code > LAST) throw new InputError(`character ${JSON.stringify(c)} is not in the toy vocabulary`);
  return code - FIRST;
}

function mix(a: number, b: number, salt: number): number {
  let h = Math.imul(a + 1, 0x9e3779b1) ^ Math.imul(b + 7, 0x85ebca6b) ^ salt;
  h = Math.imul(h ^ (h >>> 15), 0xc2b2ae35);
  return ((h ^ (h >>> 13)) >>> 0) / 4294967296;
}

function rng(seed: number): () => number {
  let a = (seed ^ (seed / 4294967296)) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class ToyModel implements ServableModel {
  readonly contextLength: number;
  constructor(
    readonly id = 'toy',
    private readonly salt = 1,
    contextLength = 4096,
  ) {
    this.contextLength = contextLength;
  }

  encode(text: string): number[] {
    return [...text].map(charToId);
  }

  tokenText(id: number): string {
    if (id === EOS) return '';
    return id === VOCAB - 1 ? '\n' : String.fromCharCode(id + FIRST);
  }

  /** log-probabilities of the next token after `prev` (lowercase letters and space favoured). */
  logprobs(prev: number): Float64Array {
    const logits = new Float64Array(VOCAB + 1);
    for (let t = 0; t <= VOCAB; t++) {
      const ch = t < VOCAB - 1 ? t + FIRST : -1;
      const favoured = (ch >= 97 && ch <= 122) || ch === 32 ? 3 : 0;
      logits[t] = 4 * mix(prev, t, this.salt) + favoured + (t === EOS ? 0.5 : 0);
    }
    let max = -Infinity;
    for (const l of logits) max = Math.max(max, l);
    let z = 0;
    for (const l of logits) z += Math.exp(l - max);
    const lz = max + Math.log(z);
    return logits.map((l) => l - lz);
  }

  sample(promptIds: number[], o: SampleOptions): Promise<SampledTokens[]> {
    return Promise.resolve(o.seeds.map((seed) => this.sampleOne(promptIds, seed, o)));
  }

  private sampleOne(promptIds: number[], seed: number, o: SampleOptions): SampledTokens {
    const random = rng(seed);
    const tokens: number[] = [];
    const lps: number[] = [];
    let prev = promptIds.length > 0 ? promptIds[promptIds.length - 1] : EOS;
    const budget = Math.min(o.maxTokens, this.contextLength - promptIds.length);
    for (let step = 0; step < budget; step++) {
      const lp = this.logprobs(prev);
      const order = [...lp.keys()].sort((a, b) => lp[b] - lp[a]);
      let pick = order[0];
      if (o.temperature > 0) {
        let cand = o.topK ? order.slice(0, o.topK) : order;
        const w = cand.map((t) => Math.exp(lp[t] / o.temperature));
        const tot = w.reduce((s, x) => s + x, 0);
        let acc = 0;
        let cut = cand.length;
        for (let i = 0; i < cand.length; i++) {
          acc += w[i] / tot;
          if (acc >= o.topP) {
            cut = i + 1;
            break;
          }
        }
        cand = cand.slice(0, cut);
        const ws = w.slice(0, cut);
        const sum = ws.reduce((s, x) => s + x, 0);
        let r = random() * sum;
        pick = cand[cand.length - 1];
        for (let i = 0; i < cand.length; i++) {
          r -= ws[i];
          if (r < 0) {
            pick = cand[i];
            break;
          }
        }
      }
      if (pick === EOS) return { tokens, logprobs: lps, finish: 'stop' };
      tokens.push(pick);
      lps.push(lp[pick]);
      prev = pick;
    }
    return { tokens, logprobs: lps, finish: 'length' };
  }

  score(ids: number[], topK: number): Promise<ScoredTokens> {
    const logprobs: number[] = [];
    const entropies: number[] = [];
    const top: { token: number; logprob: number }[][] = [];
    for (let i = 0; i < ids.length; i++) {
      const lp = this.logprobs(i === 0 ? EOS : ids[i - 1]);
      logprobs.push(lp[ids[i]]);
      entropies.push(-lp.reduce((s, l) => s + Math.exp(l) * l, 0));
      if (topK > 0)
        top.push(
          [...lp.keys()]
            .sort((a, b) => lp[b] - lp[a])
            .slice(0, topK)
            .map((t) => ({ token: t, logprob: lp[t] })),
        );
    }
    return Promise.resolve({ logprobs, entropies, top: topK > 0 ? top : undefined });
  }
}
