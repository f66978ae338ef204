import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/serve/http-server.js';
import { loadLabServable } from '../../src/serve/lab-servable.js';
import { saveTinyCheckpoint } from './lab-checkpoint.js';

// The official OpenAI client against a real lab model (tiny, randomly initialised) behind rlbound serve.
let server: RunningServer;
let client: OpenAI;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rlbound-lab-'));
  saveTinyCheckpoint(dir);
  server = await startServer(loadLabServable(dir, 'tiny'));
  client = new OpenAI({ baseURL: server.url, apiKey: 'unused', maxRetries: 0 });
});
afterAll(async () => server.close());

describe('rlbound serve with a lab checkpoint', () => {
  it('lists the model with its usable context (BOS takes one position)', async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['tiny']);
    expect((models.data[0] as unknown as { max_model_len: number }).max_model_len).toBe(63);
  });

  it('samples n choices with per-choice seeds seed+i; same seed → same text', async () => {
    const req = { model: 'tiny', prompt: '12+7=', n: 8, seed: 42, temperature: 1, max_tokens: 16, logprobs: 0 };
    const a = await client.completions.create(req);
    const b = await client.completions.create(req);
    expect(a.choices.map((c) => c.text)).toEqual(b.choices.map((c) => c.text));
    expect(new Set(a.choices.map((c) => c.text)).size).toBeGreaterThan(4);
    const fifth = await client.completions.create({ ...req, n: 1, seed: 46 });
    expect(fifth.choices[0].text).toBe(a.choices[4].text);
    for (const c of a.choices) {
      expect(c.logprobs!.tokens!.join('')).toBe(c.text);
      expect(c.logprobs!.token_logprobs!.every((x) => x! <= 0)).toBe(true);
    }
  });

  it('scores a given text with echo + max_tokens 0 (every token has a log-prob)', async () => {
    const r = await client.completions.create({ model: 'tiny', prompt: 'abc def', echo: true, max_tokens: 0, logprobs: 1 });
    const lp = r.choices[0].logprobs!;
    expect(r.choices[0].text).toBe('abc def');
    expect(lp.tokens).toEqual([...'abc def']);
    expect(lp.token_logprobs!.every((x) => typeof x === 'number' && x < 0)).toBe(true);
    expect(lp.text_offset).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('greedy decoding (temperature 0) is the same whatever the seed', async () => {
    const a = await client.completions.create({ model: 'tiny', prompt: 'a', n: 2, seed: 1, temperature: 0, max_tokens: 10 });
    expect(a.choices[0].text).toBe(a.choices[1].text);
  });

  it('rejects characters outside the alphabet and prompts past the context with 400', async () => {
    await expect(client.completions.create({ model: 'tiny', prompt: 'ABC', max_tokens: 4 })).rejects.toMatchObject({ status: 400, param: 'prompt' });
    await expect(client.completions.create({ model: 'tiny', prompt: 'a', max_tokens: 63 })).rejects.toMatchObject({ status: 400, param: 'max_tokens' });
  });
});

describe('rlbound serve with the shipped lab checkpoint (BOS "#" is an ordinary character)', () => {
  it('does not double a BOS the prompt already has: "#…" and "…" give the same samples', async () => {
    const shipped = await startServer(loadLabServable(path.resolve('src/lab/experiment/checkpoints/small-base'), 'small-base'));
    try {
      const c = new OpenAI({ baseURL: shipped.url, apiKey: 'unused', maxRetries: 0 });
      const withBos = await c.completions.create({ model: 'small-base', prompt: '#3+4*2-5:', n: 4, seed: 9, max_tokens: 12 });
      const without = await c.completions.create({ model: 'small-base', prompt: '3+4*2-5:', n: 4, seed: 9, max_tokens: 12 });
      expect(withBos.choices.map((x) => x.text)).toEqual(without.choices.map((x) => x.text));
      // EOS "." ends a sample and is not part of its text.
      for (const x of withBos.choices) if (x.finish_reason === 'stop') expect(x.text).not.toContain('.');
      const echo = await c.completions.create({ model: 'small-base', prompt: '#3+4:7', echo: true, max_tokens: 0, logprobs: 0 });
      expect(echo.choices[0].logprobs!.token_logprobs![0]).toBeNull();
      expect(echo.choices[0].logprobs!.token_logprobs!.slice(1).every((x) => typeof x === 'number')).toBe(true);
    } finally {
      await shipped.close();
    }
  });
});
