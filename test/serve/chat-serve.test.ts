import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CharTokenizer, createModel, saveCheckpoint } from '../../src/lab/model/index.js';
import { runCliAsync } from '../sample/cli-async.js';
import { makeLabFixture, type LabFixture } from '../sample/lab-fixture.js';
import { studySlots } from '../sample/study-texts.js';
import { LAB_ALPHABET } from './lab-checkpoint.js';
import { spawnServe, type ServeProcess } from './serve-process.js';

// /v1/chat/completions of a real `rlbound serve` process, through the official OpenAI client: a tiny
// lab checkpoint with the lab's default chat template, one with its own template in config.json,
// and `rlbound sample --api chat` against it.
const CUSTOM_TEMPLATE = '{% for m in messages %}{{ m.role[0] }}:{{ m.content }}\n{% endfor %}{% if add_generation_prompt %}a:{% endif %}';

let fx: LabFixture;
let plain: ServeProcess;
let custom: ServeProcess;
let client: OpenAI;
let customClient: OpenAI;

beforeAll(async () => {
  fx = await makeLabFixture(3);
  const withTemplate = path.join(fx.dir, 'ckpt-template');
  const tokenizer = CharTokenizer.withDefaultSpecials(LAB_ALPHABET);
  saveCheckpoint(withTemplate, createModel({ layers: 1, dModel: 16, heads: 2, context: 64, vocab: tokenizer.vocabSize }, { seed: 2 }), {
    tokenizer,
    lineage: { kind: 'base', parent: null },
    chatTemplate: CUSTOM_TEMPLATE,
  });
  [plain, custom] = await Promise.all([spawnServe(fx.checkpoint, 'tiny'), spawnServe(withTemplate, 'templated')]);
  client = new OpenAI({ baseURL: plain.url, apiKey: 'unused', maxRetries: 0 });
  customClient = new OpenAI({ baseURL: custom.url, apiKey: 'unused', maxRetries: 0 });
});
afterAll(async () => Promise.all([plain?.stop(), custom?.stop()]));

describe('rlbound serve: /v1/chat/completions', () => {
  it('a one-turn chat under the lab template samples exactly what a completion of the same text does', async () => {
    const chat = await client.chat.completions.create({
      model: 'tiny',
      messages: [{ role: 'user', content: 'what is 2+3?' }],
      n: 6,
      seed: 40,
      temperature: 1,
      max_tokens: 12,
    });
    const completion = await client.completions.create({ model: 'tiny', prompt: 'what is 2+3?', n: 6, seed: 40, temperature: 1, max_tokens: 12 });
    expect(chat.object).toBe('chat.completion');
    expect(chat.model).toBe('tiny');
    expect(chat.choices.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(chat.choices.map((c) => c.message.role)).toEqual(Array(6).fill('assistant'));
    expect(chat.choices.map((c) => c.message.content)).toEqual(completion.choices.map((c) => c.text));
    expect(chat.choices.map((c) => c.finish_reason)).toEqual(completion.choices.map((c) => c.finish_reason));
    expect(new Set(chat.choices.map((c) => c.message.content)).size).toBeGreaterThan(3);
    expect(chat.usage).toMatchObject({ prompt_tokens: 12, total_tokens: 12 + chat.usage!.completion_tokens });
    // Choice i is sampled with seed + i: a single request with seed 43 gives choice 3.
    const fourth = await client.chat.completions.create({
      model: 'tiny',
      messages: [{ role: 'user', content: 'what is 2+3?' }],
      seed: 43,
      temperature: 1,
      max_tokens: 12,
    });
    expect(fourth.choices[0].message.content).toBe(chat.choices[3].message.content);
  });

  it('reports log-probabilities in the chat format: the tokens spell the reply, top alternatives most likely first', async () => {
    const req = { model: 'tiny', messages: [{ role: 'user' as const, content: 'abc' }], n: 2, seed: 5, temperature: 1, max_tokens: 10 };
    const chat = await client.chat.completions.create({ ...req, logprobs: true, top_logprobs: 3 });
    const completion = await client.completions.create({ model: 'tiny', prompt: 'abc', n: 2, seed: 5, temperature: 1, max_tokens: 10, logprobs: 0 });
    expect(chat.choices).toHaveLength(2);
    chat.choices.forEach((c, i) => {
      const content = c.logprobs!.content!;
      expect(content.length).toBeGreaterThan(0);
      expect(content.map((t) => t.token).join('')).toBe(c.message.content);
      expect(content.map((t) => t.logprob)).toEqual(completion.choices[i].logprobs!.token_logprobs);
      for (const t of content) {
        expect(t.bytes).toEqual([...Buffer.from(t.token, 'utf8')]);
        expect(t.top_logprobs).toHaveLength(3);
        const alternatives = t.top_logprobs.map((a) => a.logprob);
        expect(alternatives).toEqual([...alternatives].sort((a, b) => b - a));
        expect(alternatives.every((lp) => lp <= 0)).toBe(true);
        // The chosen token is never more likely than the most likely alternative.
        expect(t.logprob).toBeLessThanOrEqual(alternatives[0] + 1e-6);
      }
    });
    const without = await client.chat.completions.create(req);
    expect(without.choices.map((c) => c.logprobs)).toEqual([null, null]);
    expect(without.choices.map((c) => c.message.content)).toEqual(chat.choices.map((c) => c.message.content));
  });

  it('renders a conversation with the lab template: turns in order, each assistant turn closed by EOS', async () => {
    const r = await client.chat.completions.create({
      model: 'tiny',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'ab' },
        { role: 'assistant', content: 'c' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'd' },
            { type: 'text', text: 'e' },
          ],
        },
      ],
      seed: 1,
      max_tokens: 4,
    });
    // "be brief" + "ab" + "c" + <eos> + "de"
    expect(r.usage!.prompt_tokens).toBe(8 + 2 + 1 + 1 + 2);
  });

  it("uses the checkpoint's own chat template from config.json", async () => {
    const messages = [
      { role: 'system' as const, content: 'math' },
      { role: 'user' as const, content: '1+1?' },
    ];
    const chat = await customClient.chat.completions.create({ model: 'templated', messages, n: 4, seed: 9, max_tokens: 8, max_completion_tokens: 6 });
    const rendered = 's:math\nu:1+1?\na:';
    const completion = await customClient.completions.create({ model: 'templated', prompt: rendered, n: 4, seed: 9, max_tokens: 6 });
    expect(chat.usage!.prompt_tokens).toBe(rendered.length);
    expect(chat.choices.map((c) => c.message.content)).toEqual(completion.choices.map((c) => c.text));
    // max_completion_tokens wins over max_tokens, as on OpenAI.
    expect(chat.usage!.completion_tokens).toBeLessThanOrEqual(4 * 6);
    expect(chat.choices.some((c) => c.finish_reason === 'length')).toBe(true);
  });

  it("rejects bad requests with OpenAI's error format, naming the field", async () => {
    const user = [{ role: 'user' as const, content: 'a' }];
    await expect(client.chat.completions.create({ model: 'nope', messages: user })).rejects.toMatchObject({
      status: 404,
      code: 'model_not_found',
      param: 'model',
    });
    await expect(client.chat.completions.create({ model: 'tiny', messages: user, top_logprobs: 2 })).rejects.toMatchObject({
      status: 400,
      param: 'top_logprobs',
      type: 'invalid_request_error',
    });
    await expect(client.chat.completions.create({ model: 'tiny', messages: [{ role: 'user', content: 'ABC' }] })).rejects.toMatchObject({
      status: 400,
      param: 'messages',
    });
    await expect(client.chat.completions.create({ model: 'tiny', messages: [] })).rejects.toMatchObject({ status: 400, param: 'messages' });
    await expect(client.chat.completions.create({ model: 'tiny', messages: user, n: 0 })).rejects.toMatchObject({ status: 400, param: 'n' });
    await expect(client.chat.completions.create({ model: 'tiny', messages: user, max_tokens: 63 })).rejects.toMatchObject({ status: 400, param: 'max_tokens' });
    await expect(
      client.chat.completions.create({
        model: 'tiny',
        messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AA==' } }] }],
      }),
    ).rejects.toMatchObject({ status: 400, param: 'messages.0.content.0' });
    const streamed = await fetch(`${plain.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'tiny', messages: user, stream: true }),
    });
    expect(streamed.status).toBe(400);
    expect(((await streamed.json()) as { error: { param: string } }).error.param).toBe('stream');
  });

  it('serves `rlbound sample --api chat`: the same samples as --api completions for raw prompts', async () => {
    const common = [
      '--model',
      'tiny',
      '--bench',
      fx.benchSpec,
      '--template',
      'raw',
      '--endpoint',
      plain.url,
      '-n',
      '5',
      '--temperature',
      '1',
      '--max-tokens',
      '10',
      '--seed',
      '3',
    ];
    const viaChat = path.join(fx.dir, 'chat.db');
    const viaCompletions = path.join(fx.dir, 'completions.db');
    const chat = await runCliAsync(['sample', '--study', viaChat, '--api', 'chat', ...common]);
    expect(chat.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    expect(chat.status).toBe(0);
    expect(JSON.parse(chat.stdout)).toMatchObject({ stored: 15, failed_slots: 0 });
    expect((await runCliAsync(['sample', '--study', viaCompletions, ...common])).status).toBe(0);
    const a = await studySlots(viaChat);
    expect(a.size).toBe(15);
    expect([...a.values()].every((s) => s.error === null && s.text !== null)).toBe(true);
    expect(a).toEqual(await studySlots(viaCompletions));
  });
});
