import type { JsonClient } from '../http/json-client.js';
import type { GenerateRequest, ServedModel } from '../types.js';
import { modelsResponse, parseBody } from './wire.js';

/** What the completions and chat providers share: the endpoint, the model name and /v1/models. */
export abstract class HttpProvider {
  readonly describe: string;

  constructor(
    protected readonly client: JsonClient,
    protected readonly baseUrl: string,
    protected readonly model: string,
    kind: string,
  ) {
    this.describe = `${baseUrl} (${kind}, model ${model})`;
  }

  /** GET {baseUrl}/models: what the server actually serves, with vLLM's `max_model_len` when present. */
  async listModels(signal?: AbortSignal): Promise<ServedModel[]> {
    const res = parseBody(modelsResponse, await this.client.get(`${this.baseUrl}/models`, signal), `${this.baseUrl}/models`);
    return res.data.map((m) => ({ id: m.id, maxContext: m.max_model_len ?? null }));
  }

  /** Every sampling field sent explicitly (server defaults differ); top_k and stop only when set. */
  protected samplingFields(req: GenerateRequest): Record<string, unknown> {
    const body: Record<string, unknown> = {
      model: this.model,
      n: req.n,
      seed: req.seed,
      temperature: req.params.temperature,
      top_p: req.params.topP,
      max_tokens: req.params.maxTokens,
    };
    if (req.params.topK !== undefined) body.top_k = req.params.topK;
    if (req.params.stop.length > 0) body.stop = req.params.stop;
    return body;
  }
}
