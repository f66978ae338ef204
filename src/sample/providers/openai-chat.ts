import type { JsonClient } from '../http/json-client.js';
import type { GenerateRequest, GenerateResponse, Provider, TokenLogprobs } from '../types.js';
import { RlboundError } from '../../errors.js';
import { RequestFailure } from '../http/request-failure.js';
import { chatResponse, parseBody } from './wire.js';
import { HttpProvider } from './http-provider.js';

/**
 * `/v1/chat/completions`: the server applies its own chat template. Used for instruction models
 * served only behind chat and for vision-language models (images travel in the messages).
 */
export class OpenAIChatProvider extends HttpProvider implements Provider {
  readonly api = 'chat' as const;

  constructor(client: JsonClient, baseUrl: string, model: string) {
    super(client, baseUrl, model, 'chat');
  }

  async generate(req: GenerateRequest, signal?: AbortSignal): Promise<GenerateResponse> {
    // A raw prompt (template "raw", e.g. a lab task) is the user's one turn; the server's template does the rest.
    const messages = req.prompt.kind === 'chat' ? req.prompt.messages : [{ role: 'user' as const, content: req.prompt.text }];
    const body: Record<string, unknown> = { ...this.samplingFields(req), messages };
    if (req.logprobs !== undefined) {
      body.logprobs = true;
      if (req.logprobs > 0) body.top_logprobs = req.logprobs;
    }
    const url = `${this.baseUrl}/chat/completions`;
    const res = parseBody(chatResponse, await this.client.post(url, body, signal), url);
    const sorted = [...res.choices].sort((a, b) => a.index - b.index);
    if (sorted.length !== req.n) throw new RequestFailure('unsupported', `${url}: asked for ${req.n} choices, got ${sorted.length}`);
    return {
      model: res.model,
      promptTokens: res.usage?.prompt_tokens ?? null,
      choices: sorted.map((c) => {
        const content = c.logprobs?.content ?? null;
        return {
          text: c.message.content ?? '',
          finishReason: c.finish_reason ?? null,
          stopReason: c.stop_reason ?? null,
          completionTokens: content ? content.length : req.n === 1 ? (res.usage?.completion_tokens ?? null) : null,
          logprobSum: content ? content.reduce((s, t) => s + t.logprob, 0) : null,
        };
      }),
    };
  }

  scoreText(): Promise<TokenLogprobs> {
    return Promise.reject(
      new RlboundError(
        `${this.describe}: scoring a given text needs the completions endpoint with echo (vLLM or SGLang) or a lab checkpoint; use --api completions`,
      ),
    );
  }
}
