import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStudy } from '../../src/pipeline/run-study.js';
import { openStudy } from '../../src/study/index.js';

/** A valid 1×1 PNG (so the benchmark's image bytes are real image data). */
function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// A stand-in for a vision-language model behind /v1/chat/completions (a real HTTP server): it
// answers only when the request carries the problem's image as a data URL, and its text depends
// on the seed as a real sampler's does.
const ANSWERS: Record<string, string> = { 'How many red pixels are there?': '1', 'What is the width of the image in pixels?': '1' };
let server: http.Server;
let url: string;
const seenImages: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      if (req.url === '/v1/models') {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ object: 'list', data: [{ id: 'vlm', object: 'model', max_model_len: 8192 }] }));
        return;
      }
      if (req.url !== '/v1/chat/completions') {
        res.writeHead(404).end();
        return;
      }
      const r = JSON.parse(body) as {
        n?: number;
        seed?: number;
        messages: { role: string; content: string | { type: string; text?: string; image_url?: { url: string } }[] }[];
      };
      const user = r.messages[r.messages.length - 1];
      const parts = typeof user.content === 'string' ? [{ type: 'text', text: user.content }] : user.content;
      const image = parts.find((p) => p.type === 'image_url')?.image_url?.url;
      const text = parts.find((p) => p.type === 'text')?.text ?? '';
      if (image !== undefined) seenImages.push(image);
      const question = Object.keys(ANSWERS).find((q) => text.includes(q));
      const n = r.n ?? 1;
      const choices = Array.from({ length: n }, (_, i) => ({
        index: i,
        message: {
          role: 'assistant',
          content:
            image?.startsWith('data:image/png;base64,') && question
              ? `Looking at the image (draw ${(r.seed ?? 0) + i}): \\boxed{${ANSWERS[question]}}`
              : `I cannot see an image (draw ${(r.seed ?? 0) + i}).`,
        },
        finish_reason: 'stop',
      }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id: 'x',
          object: 'chat.completion',
          created: 0,
          model: 'vlm',
          choices,
          usage: { prompt_tokens: 10, completion_tokens: 10 * n, total_tokens: 20 * n },
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('visual benchmarks', () => {
  it('send each problem image as a data URL to a chat endpoint, drop multiple-choice items, and grade the answers', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rlbound-visual-'));
    const png = tinyPng().toString('base64');
    const rows = [
      {
        pid: '1',
        question: 'How many red pixels are there?',
        decoded_image: `data:image/png;base64,${png}`,
        choices: null,
        answer: '1',
        question_type: 'free_form',
      },
      {
        pid: '2',
        question: 'Which color is the pixel?',
        decoded_image: `data:image/png;base64,${png}`,
        choices: ['red', 'blue'],
        answer: 'red',
        question_type: 'multi_choice',
      },
      {
        pid: '3',
        question: 'What is the width of the image in pixels?',
        decoded_image: `data:image/png;base64,${png}`,
        choices: null,
        answer: '1',
        question_type: 'free_form',
      },
    ];
    await writeFile(path.join(dir, 'testmini.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    await writeFile(
      path.join(dir, 'study.yaml'),
      `store: s.sqlite\nmodels:\n  - { name: vlm, endpoint: ${url}, api: chat, template: qwen-boxed }\nbenchmarks:\n  - { name: mathvista, file: testmini.jsonl }\nsampling: { n: 4, temperature: 0.6, top_p: 0.95, max_tokens: 256, seed: 1 }\n`,
    );
    const events: string[] = [];
    const result = await runStudy({ file: path.join(dir, 'study.yaml'), until: 'verify', onEvent: (e) => events.push(JSON.stringify(e)) });
    expect(events.some((e) => e.includes('"stage":"load"') && e.includes('"problems":2') && e.includes('"dropped":1'))).toBe(true);
    expect(seenImages.length).toBeGreaterThan(0);
    expect(seenImages.every((u) => u === `data:image/png;base64,${png}`)).toBe(true);

    const store = await openStudy(path.join(dir, 's.sqlite'), { mustExist: true });
    try {
      const [key] = await store.listVerifierKeys(result.runs[0].runId);
      const outcomes = await store.loadOutcomes(result.runs[0].runId, key);
      expect(outcomes.map((o) => [o.problemId, o.n, o.c])).toEqual([
        ['1', 4, 4],
        ['3', 4, 4],
      ]);
    } finally {
      await store.close();
    }
  });

  it('refuses to send images to a completions endpoint', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rlbound-visual-'));
    await writeFile(
      path.join(dir, 'testmini.jsonl'),
      JSON.stringify({
        pid: '1',
        question: 'q?',
        decoded_image: `data:image/png;base64,${tinyPng().toString('base64')}`,
        answer: '1',
        question_type: 'free_form',
      }) + '\n',
    );
    await writeFile(
      path.join(dir, 'study.yaml'),
      `store: s.sqlite\nmodels:\n  - { name: vlm, endpoint: ${url}, template: qwen-boxed }\nbenchmarks:\n  - { name: mathvista, file: testmini.jsonl }\nsampling: { n: 1 }\n`,
    );
    await expect(runStudy({ file: path.join(dir, 'study.yaml'), until: 'sample' })).rejects.toThrow(/has images: sample it through a chat endpoint/);
  });
});
