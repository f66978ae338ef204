import type { GenerateRequest, GenerateResponse, Provider, TokenLogprobs } from '../types.js';
import type { JsonClient } from '../http/json-client.js';
import { InputError } from '../../errors.js';
import { HttpProvider } from './http-provider.js';
import { completionChoices, completionResponse, echoLogprobs, parseBody } from './wire.js';

/**
 * `/v1/completions` of vLLM, SGLang, llama-server, Ollama or a hosted API. The prompt is sent as
 * raw text, so base and RL models receive byte-identical prompts (templates are rendered client-side).
 */
export class OpenAICompletionsProvider extends HttpProvider implements Provider {
  readonly api = 'completions' as const;

  constructor(client: JsonClient, baseUrl: string, model: string) {
    super(client, baseUrl, model, 'completions');
  }

  async generate(req: GenerateRequest, signal?: AbortSignal): Promise<GenerateResponse> {
    if (req.prompt.kind !== 'text')
      throw new InputError('the completions endpoint takes a text prompt; render chat messages with a template first', { field: 'prompt' });
    const body = { ...this.samplingFields(req), prompt: req.prompt.text, ...(req.logprobs !== undefined ? { logprobs: req.logprobs } : {}) };
    const url = `${this.baseUrl}/completions`;
    const res = parseBody(completionResponse, await this.client.post(url, body, signal), url);
    return { model: res.model, choices: completionChoices(res, req.n), promptTokens: res.usage?.prompt_tokens ?? null };
  }

  async scoreText(text: string, topLogprobs: number, signal?: AbortSignal): Promise<TokenLogprobs> {
    const body = { model: this.model, prompt: text, echo: true, max_tokens: 0, logprobs: topLogprobs, temperature: 0 };
    const url = `${this.baseUrl}/completions`;
    const res = parseBody(completionResponse, await this.client.post(url, body, signal), `${url} (echo)`);
    return echoLogprobs(res, text);
  }
}
