import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/util/rng.js';
import { cliPath } from '../helpers/cli.js';
import { runCliAsync } from './cli-async.js';
import { storedSampleCount } from '../helpers/stored-samples.js';
import { spawnServe, type ServeProcess } from '../serve/serve-process.js';
import { makeLabFixture, type LabFixture } from './lab-fixture.js';
import { studySlots } from './study-texts.js';

// The sampler is killed with SIGKILL several times at random moments; after a final resume the
// study holds exactly n samples per problem, identical to an uninterrupted run.
let fx: LabFixture;
let serve: ServeProcess;
const N = 64;

beforeAll(async () => {
  fx = await makeLabFixture(8);
  serve = await spawnServe(fx.checkpoint, 'tiny');
});
afterAll(async () => serve?.stop());

const args = (study: string) => [
  'sample',
  '--study',
  study,
  '--model',
  'tiny',
  '--endpoint',
  serve.url,
  '--bench',
  fx.benchSpec,
  '--template',
  'raw',
  '-n',
  String(N),
  '--temperature',
  '1',
  '--top-p',
  '1',
  '--max-tokens',
  '40',
  '--seed',
  '3',
  '--max-choices',
  '4',
  '--concurrency',
  '4',
];

/**
 * Starts the sampler and SIGKILLs it once at least `target` samples are stored (a moment chosen
 * by progress, not by wall time, so it lands mid-run however loaded the machine is). Resolves
 * with whether the kill hit a running sampler.
 */
function killAt(study: string, target: number): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args(study)], { stdio: 'ignore' });
    const poll = setInterval(() => {
      if (storedSampleCount(study) >= target) child.kill('SIGKILL');
    }, 5);
    child.once('exit', (_code, signal) => {
      clearInterval(poll);
      resolve(signal === 'SIGKILL');
    });
  });
}

describe('crash-resume', () => {
  it('kill -9 at random moments never loses committed samples nor duplicates any', async () => {
    const reference = path.join(fx.dir, 'reference.db');
    expect((await runCliAsync(args(reference))).status).toBe(0);
    const want = await studySlots(reference);
    expect(want.size).toBe(8 * N);

    const crashed = path.join(fx.dir, 'crashed.db');
    const rng = new Rng(2024);
    let killedMidway = 0;
    let previous = 0;
    for (let k = 0; k < 4; k++) {
      const wasRunning = await killAt(crashed, previous + 1 + Math.floor((rng.uniform() * want.size) / 6));
      const now = await studySlots(crashed);
      // Whatever was stored is a subset of the reference, slot by slot, and only grows.
      for (const [key, v] of now) expect(v).toEqual(want.get(key));
      expect(now.size).toBeGreaterThanOrEqual(previous);
      if (wasRunning && now.size > previous && now.size < want.size) killedMidway++;
      previous = now.size;
    }
    expect(killedMidway).toBeGreaterThanOrEqual(3);
    const last = await runCliAsync(args(crashed));
    expect(last.status).toBe(0);
    expect(JSON.parse(last.stdout)).toMatchObject({ stored: 8 * N - previous, failed_slots: 0 });
    expect(await studySlots(crashed)).toEqual(want);
  });
});
