import { InputError } from '../../errors.js';
import { complete } from '../../serve/complete.js';
import { ApiError } from '../../serve/openai-error.js';
import type { ServableModel } from '../../serve/servable-model.js';
import { RequestFailure } from '../http/request-failure.js';
import type { GenerateRequest, GenerateResponse, Provider, ServedModel, TokenLogprobs } from '../types.js';
import { completionChoices, completionResponse, parseBody } from './wire.js';

/**
 * The in-process lab provider: the same completion semantics as `rlbound serve` (so a run gives
 * the same texts in-process and over HTTP), without the HTTP. Scoring uses the model's exact
 * entropies rather than a top-k estimate.
 */
export class LabProvider implements Provider {
  readonly api = 'lab' as const;
  readonly describe: string;

  constructor(private readonly model: ServableModel) {
    this.describe = `lab model ${model.id} (in-process)`;
  }

  async generate(req: GenerateRequest): Promise<GenerateResponse> {
    if (req.prompt.kind !== 'text') throw new RequestFailure('http', 'lab models take text prompts', { status: 400 });
    // Generation is synchronous CPU work: yield to the event loop first, so that timers, progress
    // and Ctrl-C are handled between requests instead of after the whole run.
    await new Promise((resolve) => setImmediate(resolve));
    const body = await this.call(() =>
      complete(this.model, {
        model: this.model.id,
        prompt: req.prompt.kind === 'text' ? req.prompt.text : '',
        n: req.n,
        seed: req.seed,
        temperature: req.params.temperature,
        top_p: req.params.topP,
        top_k: req.params.topK,
        max_tokens: req.params.maxTokens,
        stop: req.params.stop,
        logprobs: req.logprobs,
        echo: false,
      }),
    );
    const res = parseBody(completionResponse, body, this.describe);
    return { model: res.model, choices: completionChoices(res, req.n), promptTokens: res.usage?.prompt_tokens ?? null };
  }

  async scoreText(text: string, topLogprobs: number): Promise<TokenLogprobs> {
    const [r] = await this.scoreTexts([text], topLogprobs);
    if (r instanceof RequestFailure) throw r;
    return r;
  }

  /** Batched teacher-forced scoring (exact entropies); a text the tokenizer rejects fails alone. */
  async scoreTexts(texts: string[], topLogprobs: number): Promise<(TokenLogprobs | RequestFailure)[]> {
    const encoded = await Promise.all(
      texts.map((t) => this.call(async () => this.model.encode(t)).catch((e: unknown) => (e instanceof RequestFailure ? e : Promise.reject(e)))),
    );
    const ok = encoded.filter((e): e is number[] => Array.isArray(e));
    const scored = this.model.scoreMany ? await this.model.scoreMany(ok) : await Promise.all(ok.map((ids) => this.model.score(ids, topLogprobs)));
    let k = 0;
    return encoded.map((ids) => {
      if (!Array.isArray(ids)) return ids;
      const s = scored[k++];
      const tokens = ids.map((id) => this.model.tokenText(id));
      const offsets: number[] = [];
      let at = 0;
      for (const t of tokens) {
        offsets.push(at);
        at += t.length;
      }
      return { tokens, offsets, logprobs: s.logprobs, entropies: s.entropies };
    });
  }

  listModels(): Promise<ServedModel[]> {
    return Promise.resolve([{ id: this.model.id, maxContext: this.model.contextLength }]);
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof ApiError) throw new RequestFailure('http', e.message, { status: e.status });
      // Text the model cannot encode is a property of that one sample: record it, do not abort the run.
      if (e instanceof InputError) throw new RequestFailure('http', e.message, { status: 400 });
      throw e;
    }
  }
}
