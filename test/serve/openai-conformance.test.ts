import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/serve/http-server.js';
import { ToyModel } from './toy-model.js';

// The official OpenAI client against `rlbound serve`'s HTTP layer (a toy model behind it; the
// lab-model end-to-end test is in lab-serve.test.ts).
let server: RunningServer;
let client: OpenAI;

beforeAll(async () => {
  server = await startServer(new ToyModel('toy'));
  client = new OpenAI({ baseURL: server.url, apiKey: 'unused', maxRetries: 0 });
});
afterAll(async () => server.close());

describe('rlbound serve speaks the OpenAI completions API', () => {
  it('lists the served model with its context length', async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['toy']);
    expect((models.data[0] as unknown as { max_model_len: number }).max_model_len).toBe(4096);
  });

  it('returns n choices; the same seed gives the same texts and choice i equals a single request with seed+i', async () => {
    const a = await client.completions.create({ model: 'toy', prompt: 'Once upon', n: 4, seed: 100, temperature: 1, max_tokens: 20 });
    const b = await client.completions.create({ model: 'toy', prompt: 'Once upon', n: 4, seed: 100, temperature: 1, max_tokens: 20 });
    expect(a.choices.map((c) => c.index)).toEqual([0, 1, 2, 3]);
    expect(a.choices.map((c) => c.text)).toEqual(b.choices.map((c) => c.text));
    expect(new Set(a.choices.map((c) => c.text)).size).toBe(4);
    const third = await client.completions.create({ model: 'toy', prompt: 'Once upon', n: 1, seed: 102, temperature: 1, max_tokens: 20 });
    expect(third.choices[0].text).toBe(a.choices[2].text);
    expect(a.usage?.prompt_tokens).toBe(9);
    for (const c of a.choices) expect(['stop', 'length']).toContain(c.finish_reason);
  });

  it('returns log-probabilities of generated tokens that line up with the text', async () => {
    const r = await client.completions.create({ model: 'toy', prompt: 'abc', seed: 7, max_tokens: 12, logprobs: 2 });
    const lp = r.choices[0].logprobs!;
    expect(lp.tokens!.join('')).toBe(r.choices[0].text);
    expect(lp.token_logprobs!.every((x) => x! <= 0)).toBe(true);
    // As vLLM: the k most likely tokens, plus the chosen token when it is not among them.
    lp.top_logprobs!.forEach((t, i) => {
      expect([2, 3]).toContain(Object.keys(t).length);
      expect(t[lp.tokens![i]]).toBe(lp.token_logprobs![i]);
    });
    expect(lp.text_offset![0]).toBe(0);
  });

  it('echo with max_tokens 0 scores the prompt without generating', async () => {
    const r = await client.completions.create({ model: 'toy', prompt: 'hello world', echo: true, max_tokens: 0, logprobs: 0 });
    const c = r.choices[0];
    expect(c.text).toBe('hello world');
    expect(c.logprobs!.tokens).toEqual([...'hello world']);
    // The start token is implicit, so every prompt token (the first too) has a log-probability.
    expect(c.logprobs!.token_logprobs!.every((x) => typeof x === 'number' && x < 0)).toBe(true);
    expect(r.usage?.completion_tokens).toBe(0);
  });

  it('cuts at stop strings and reports finish_reason stop', async () => {
    const free = await client.completions.create({ model: 'toy', prompt: 'x', seed: 3, max_tokens: 40, temperature: 1 });
    const text = free.choices[0].text;
    const stop = text.slice(5, 7);
    const r = await client.completions.create({ model: 'toy', prompt: 'x', seed: 3, max_tokens: 40, temperature: 1, stop: [stop] });
    expect(r.choices[0].text).toBe(text.slice(0, text.indexOf(stop)));
    expect(r.choices[0].finish_reason).toBe('stop');
  });

  it('rejects bad requests with OpenAI-style 4xx JSON errors naming the field', async () => {
    await expect(client.completions.create({ model: 'toy', prompt: 'a', n: 0 })).rejects.toMatchObject({ status: 400, param: 'n' });
    await expect(client.completions.create({ model: 'toy', prompt: 'a', temperature: 7 })).rejects.toMatchObject({ status: 400, param: 'temperature' });
    await expect(client.completions.create({ model: 'nope', prompt: 'a' })).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
    await expect(client.completions.create({ model: 'toy', prompt: 'a', max_tokens: 5000 })).rejects.toMatchObject({ status: 400, param: 'max_tokens' });
    await expect(client.completions.create({ model: 'toy', prompt: 'é' })).rejects.toMatchObject({ status: 400, param: 'prompt' });
    const raw = await fetch(`${server.url}/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":' });
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
  });
});
