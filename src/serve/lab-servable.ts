import path from 'node:path';
import { loadCheckpoint, samplerFor, scoreContinuations, type CharTokenizer, type GptModel } from '../lab/model/index.js';
import type { SampledTokens, SampleOptions, ScoredTokens, ServableModel } from './servable-model.js';

/**
 * A lab checkpoint as a servable model: the character tokenizer, BOS as the implicit start
 * context, EOS as the end of a sample, the KV-cached batched sampler (one prompt prefix shared by
 * all n samples, each sample's tokens fixed by its own seed) and teacher-forced scoring.
 */
export class LabServable implements ServableModel {
  readonly contextLength: number;

  constructor(
    readonly id: string,
    private readonly model: GptModel,
    private readonly tokenizer: CharTokenizer,
  ) {
    // The implicit BOS takes one position of the context.
    this.contextLength = model.config.context - (tokenizer.bos >= 0 ? 1 : 0);
  }

  encode(text: string): number[] {
    return this.tokenizer.encode(text);
  }

  tokenText(id: number): string {
    return this.tokenizer.isSpecial(id) ? '' : this.tokenizer.tokenText(id);
  }

  /**
   * The sequence the model sees: BOS first. Lab task prompts may already start with BOS (when BOS is
   * an ordinary character such as "#"); it is not doubled then.
   */
  private withBos(ids: number[]): number[] {
    return this.tokenizer.bos >= 0 && ids[0] !== this.tokenizer.bos ? [this.tokenizer.bos, ...ids] : ids;
  }

  sample(promptIds: number[], o: SampleOptions): Promise<SampledTokens[]> {
    const prompt = this.withBos(promptIds);
    // Stop strings with characters outside the alphabet can never occur in the output: skip them.
    const stopSequences = (o.stop ?? []).flatMap((s) => {
      try {
        const ids = this.tokenizer.encode(s);
        return ids.length > 0 ? [ids] : [];
      } catch {
        return [];
      }
    });
    const [samples] = samplerFor(this.model).sample([{ prompt, seeds: o.seeds }], {
      temperature: o.temperature,
      topP: o.topP,
      topK: o.topK ?? 0,
      maxTokens: Math.min(o.maxTokens, this.contextLength - prompt.length),
      stopTokens: this.tokenizer.eos >= 0 ? [this.tokenizer.eos] : [],
      stopSequences,
    });
    return Promise.resolve(
      samples.map((s) => {
        // An EOS ends the sample and is not part of its text; a matched stop sequence stays (the server cuts it).
        const endsWithEos = s.finishReason === 'stop' && s.tokens.length > 0 && s.tokens[s.tokens.length - 1] === this.tokenizer.eos;
        const keep = endsWithEos ? s.tokens.length - 1 : s.tokens.length;
        return { tokens: Array.from(s.tokens.subarray(0, keep)), logprobs: Array.from(s.logprobs.subarray(0, keep)), finish: s.finishReason };
      }),
    );
  }

  score(ids: number[], topK = 0): Promise<ScoredTokens> {
    return this.scoreMany([ids], topK).then((r) => r[0]);
  }

  scoreMany(sequences: number[][], topK = 0): Promise<ScoredTokens[]> {
    const full = sequences.map((ids) => this.withBos(ids));
    const scored = scoreContinuations(this.model, full.map((f) => ({ prompt: f.slice(0, 1), continuation: f.slice(1) })), { topK });
    return Promise.resolve(
      scored.map((s, i) => {
        // A text that starts with the BOS itself (or a model without BOS) has nothing before its first token.
        const pad = sequences[i].length - (full[i].length - 1);
        return {
          logprobs: [...Array<number>(pad).fill(Number.NaN), ...Array.from(s.logprobs)],
          entropies: [...Array<number>(pad).fill(Number.NaN), ...Array.from(s.entropies)],
          // The top-k alternatives (as vLLM returns with echo + logprobs=k), so HTTP clients can estimate entropy.
          ...(s.top !== undefined ? { top: [...Array.from({ length: pad }, () => []), ...s.top] } : {}),
        };
      }),
    );
  }
}

/** Loads a checkpoint directory (on the lab's default engine: the fastest backend available). */
export function loadLabServable(dir: string, name?: string): LabServable {
  const ck = loadCheckpoint(dir);
  return new LabServable(name ?? path.basename(path.resolve(dir)), ck.model, ck.tokenizer);
}
