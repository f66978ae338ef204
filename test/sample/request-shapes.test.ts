import http from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonClient } from '../../src/sample/http/json-client.js';
import { OpenAIChatProvider } from '../../src/sample/providers/openai-chat.js';
import { OpenAICompletionsProvider } from '../../src/sample/providers/openai-completions.js';

// Our providers' requests against the official openai client's requests for the same settings:
// same path, same JSON body, same bearer header. A recording server answers both.
interface Seen {
  path: string;
  auth: string | undefined;
  body: Record<string, unknown>;
}
const seen: Seen[] = [];
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>;
      seen.push({ path: req.url ?? '', auth: req.headers.authorization, body });
      const n = (body.n as number) ?? 1;
      const chat = req.url?.includes('chat');
      const choices = Array.from({ length: n }, (_, i) =>
        chat
          ? {
              index: i,
              message: { role: 'assistant', content: `c${i}` },
              finish_reason: 'stop',
              logprobs: { content: [{ token: 'c', logprob: -0.1, top_logprobs: [] }] },
            }
          : { index: i, text: `t${i}`, finish_reason: 'length', logprobs: { tokens: ['t'], token_logprobs: [-0.2], top_logprobs: null, text_offset: [0] } },
      );
      const out = JSON.stringify({
        id: 'x',
        object: chat ? 'chat.completion' : 'text_completion',
        created: 0,
        model: body.model,
        choices,
        usage: { prompt_tokens: 3, completion_tokens: n, total_tokens: 3 + n },
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(out);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const params = { temperature: 0.6, topP: 0.95, maxTokens: 128, stop: ['</s>', '<|im_end|>'] };

describe('request shapes match the official openai client', () => {
  it('completions: prompt, n, seed, sampling fields, stop, logprobs', async () => {
    seen.length = 0;
    const official = new OpenAI({ baseURL: base, apiKey: 'sk-test', maxRetries: 0 });
    await official.completions.create({
      model: 'm',
      prompt: 'Q: 1+1?',
      n: 4,
      seed: 77,
      temperature: 0.6,
      top_p: 0.95,
      max_tokens: 128,
      stop: ['</s>', '<|im_end|>'],
      logprobs: 0,
    });
    const client = new JsonClient({ timeoutMs: 5000, headers: { authorization: 'Bearer sk-test' } });
    const ours = new OpenAICompletionsProvider(client, base, 'm');
    const r = await ours.generate({ prompt: { kind: 'text', text: 'Q: 1+1?' }, n: 4, seed: 77, params, logprobs: 0 });
    client.close();
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual(seen[0]);
    expect(r.choices.map((c) => [c.text, c.completionTokens, c.logprobSum])).toEqual([0, 1, 2, 3].map((i) => [`t${i}`, 1, -0.2]));
  });

  it('chat: messages, n, seed, logprobs with top_logprobs', async () => {
    seen.length = 0;
    const messages = [
      { role: 'system' as const, content: 'You are a helpful assistant.' },
      { role: 'user' as const, content: 'What is 1+1?' },
    ];
    const official = new OpenAI({ baseURL: base, apiKey: 'sk-test', maxRetries: 0 });
    await official.chat.completions.create({
      model: 'm',
      messages,
      n: 2,
      seed: 5,
      temperature: 0.6,
      top_p: 0.95,
      max_tokens: 128,
      stop: ['</s>', '<|im_end|>'],
      logprobs: true,
      top_logprobs: 3,
    });
    const client = new JsonClient({ timeoutMs: 5000, headers: { authorization: 'Bearer sk-test' } });
    const ours = new OpenAIChatProvider(client, base, 'm');
    const r = await ours.generate({ prompt: { kind: 'chat', messages }, n: 2, seed: 5, params, logprobs: 3 });
    client.close();
    expect(seen[1].path).toBe('/v1/chat/completions');
    expect(seen[1]).toEqual(seen[0]);
    expect(r.choices.map((c) => c.text)).toEqual(['c0', 'c1']);
  });
});
