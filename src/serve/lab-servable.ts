import path from 'node:path';
import { InputError } from '../errors.js';
import { CONFIG_FILE, LAB_CHAT_TEMPLATE, loadCheckpoint, samplerFor, scoreContinuations, type CharTokenizer, type GptModel } from '../lab/model/index.js';
import { chatTemplateFromConfig, type ChatTemplate } from '../sample/chat-template.js';
import type { ChatTurn, SampledTokens, SampleOptions, ScoredTokens, ServableModel } from './servable-model.js';

/**
 * A lab checkpoint as a servable model: the character tokenizer, BOS as the implicit start
 * context, EOS as the end of a sample, the KV-cached batched sampler (one prompt prefix shared by
 * all n samples, each sample's tokens fixed by its own seed) and teacher-forced scoring.
 */
export class LabServable implements ServableModel {
  readonly contextLength: number;
  private readonly chat: ChatTemplate;

  /**
   * `chatTemplate`: the checkpoint's (config.json `chatTemplate`), else the lab default;
   * `source` names where it came from in errors (a template that does not parse is an InputError).
   */
  constructor(
    readonly id: string,
    private readonly model: GptModel,
    private readonly tokenizer: CharTokenizer,
    chatTemplate: string = LAB_CHAT_TEMPLATE,
    source = 'the lab chat template',
  ) {
    // The implicit BOS takes one position of the context.
    this.contextLength = model.config.context - (tokenizer.bos >= 0 ? 1 : 0);
    const special = (id: number): string => (id >= 0 ? tokenizer.tokenText(id) : '');
    try {
      this.chat = chatTemplateFromConfig({ chat_template: chatTemplate, bos_token: special(tokenizer.bos), eos_token: special(tokenizer.eos) }, source);
    } catch (e) {
      if (e instanceof InputError) throw new InputError(e.message, { file: source, field: 'chatTemplate' }, { cause: e });
      throw e;
    }
  }

  /**
   * The conversation rendered by the chat template, then encoded with special-token names read as
   * the special tokens (the template writes `eos_token` by name, as Hugging Face tokenizers read it).
   */
  chatPrompt(turns: ChatTurn[]): number[] {
    return this.tokenizer.encode(this.chat.render(turns, { addGenerationPrompt: true }), { allowSpecials: true });
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
    const scored = scoreContinuations(
      this.model,
      full.map((f) => ({ prompt: f.slice(0, 1), continuation: f.slice(1) })),
      { topK },
    );
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
  const configFile = path.join(dir, CONFIG_FILE);
  return new LabServable(
    name ?? path.basename(path.resolve(dir)),
    ck.model,
    ck.tokenizer,
    ck.config.chatTemplate,
    ck.config.chatTemplate === undefined ? 'the lab chat template' : configFile,
  );
}
