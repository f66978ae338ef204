import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleSeed } from '../../src/study/index.js';
import { runCliAsync } from './cli-async.js';
import { spawnServe, type ServeProcess } from '../serve/serve-process.js';
import { makeLabFixture, type LabFixture } from './lab-fixture.js';
import { studySlots } from './study-texts.js';

// End to end: `rlbound serve` of a lab checkpoint (a real child process) ← `rlbound sample` and
// `rlbound score` (the compiled CLI) → a real SQLite study.
let fx: LabFixture;
let serve: ServeProcess;
let serve2: ServeProcess;

beforeAll(async () => {
  fx = await makeLabFixture(6);
  [serve, serve2] = await Promise.all([spawnServe(fx.checkpoint, 'tiny'), spawnServe(fx.checkpoint, 'tiny')]);
});
afterAll(async () => Promise.all([serve?.stop(), serve2?.stop()]));

const common = (study: string, maxTokens = '16') => [
  '--study',
  study,
  '--model',
  'tiny',
  '--bench',
  fx.benchSpec,
  '--template',
  'raw',
  '--temperature',
  '1',
  '--top-p',
  '0.95',
  '--max-tokens',
  maxTokens,
  '--seed',
  '7',
];

async function sample(args: string[]): Promise<Record<string, unknown>> {
  const r = await runCliAsync(['sample', ...args]);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe('rlbound sample → rlbound serve (lab model)', () => {
  it('stores exactly n samples per problem with the store seeds, then tops up to a larger n', async () => {
    const study = path.join(fx.dir, 'http.db');
    const first = await sample([...common(study), '--endpoint', serve.url, '-n', '20', '--max-choices', '8']);
    expect(first).toMatchObject({ run: 1, created: true, stored: 120, failed_slots: 0, requests: 6 * 3 });
    const more = await sample([...common(study), '--endpoint', serve.url, '-n', '30', '--max-choices', '8']);
    expect(more).toMatchObject({ run: 1, created: false, target_n: 30, stored: 60 });
    const again = await sample([...common(study), '--endpoint', serve.url, '-n', '30']);
    expect(again).toMatchObject({ stored: 0, requests: 0 });

    const slots = await studySlots(study);
    expect(slots.size).toBe(6 * 30);
    for (let p = 0; p < 6; p++) for (let s = 0; s < 30; s++) expect(slots.get(`q${p}/${s}`)?.seed).toBe(sampleSeed(7, p, s));
    expect(new Set([...slots.values()].map((v) => v.text)).size).toBeGreaterThan(150);

    // The in-process lab provider gives the same texts as the HTTP server (same seeds, same semantics).
    const local = path.join(fx.dir, 'local.db');
    await sample([...common(local), '--checkpoint', fx.checkpoint, '-n', '30']);
    expect(await studySlots(local)).toEqual(slots);

    // Two servers sharing the work (one per GPU in real life): the same samples again.
    const pooled = path.join(fx.dir, 'pooled.db');
    expect(await sample([...common(pooled), '--endpoint', serve.url, '--endpoint', serve2.url, '-n', '30', '--max-choices', '4'])).toMatchObject({
      stored: 180,
      failed_slots: 0,
    });
    expect(await studySlots(pooled)).toEqual(slots);
  });

  it('scores the stored responses over HTTP (echo) exactly as the lab scores them in-process', async () => {
    const study = path.join(fx.dir, 'http.db');
    const viaHttp = await runCliAsync(['score', '--study', study, '--scorer', 'tiny', '--endpoint', serve.url, '--run', '1']);
    expect(viaHttp.status).toBe(0);
    const h = JSON.parse(viaHttp.stdout) as { scored: number; tokens: number; nll_sum: number; ppl_per_token: number; ppl_per_byte: number };
    expect(h.scored).toBe(180);
    expect(h.ppl_per_token).toBeGreaterThan(1);
    // Char-level tokenizer: one token per byte.
    expect(h.ppl_per_byte).toBeCloseTo(h.ppl_per_token, 9);
    const again = JSON.parse((await runCliAsync(['score', '--study', study, '--scorer', 'tiny', '--endpoint', serve.url, '--run', '1'])).stdout) as {
      scored: number;
      skipped: number;
    };
    expect(again).toMatchObject({ scored: 0, skipped: 180 });
    const local = JSON.parse(
      (await runCliAsync(['score', '--study', study, '--scorer', 'tiny-local', '--checkpoint', fx.checkpoint, '--served-name', 'tiny', '--run', '1'])).stdout,
    ) as typeof h;
    expect(local.tokens).toBe(h.tokens);
    expect(local.nll_sum).toBeCloseTo(h.nll_sum, 3);
  });

  it('refuses bad settings with a message naming the flag or the server limit', async () => {
    const bad = await runCliAsync(['sample', ...common(path.join(fx.dir, 'bad.db')), '--endpoint', serve.url, '-n', '0']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--n/);
    const tooLong = await runCliAsync(['sample', ...common(path.join(fx.dir, 'bad.db'), '500'), '--endpoint', serve.url, '-n', '2']);
    expect({ status: tooLong.status, stderr: tooLong.stderr }).toMatchObject({ status: 3 });
    expect(tooLong.stderr).toMatch(/does not fit the server's context of 63 tokens/);
    const wrongModel = await runCliAsync(['sample', ...common(path.join(fx.dir, 'bad.db')), '--served-name', 'other', '--endpoint', serve.url, '-n', '2']);
    expect({ status: wrongModel.status, stderr: wrongModel.stderr }).toMatchObject({ status: 3 });
    expect(wrongModel.stderr).toMatch(/rejected a basic sampling request: .*HTTP 404: The model `other` does not exist \(this server serves `tiny`\)/);
  });
});
