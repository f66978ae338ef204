import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStudy } from '../../../src/study/index.js';
import type { StudyStore } from '../../../src/study/store.js';
import { adaptiveConfigSchema, resolveAdaptiveConfig } from '../../../src/sample/adaptive/config.js';
import { SIMULATED_VERIFIER, simulateStudy, type SimulateInput } from '../../../src/sample/adaptive/simulate-study.js';
import { syntheticRatePair } from '../../../src/sample/adaptive/synthetic-rates.js';
import { runCli } from '../../helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rlbound-adaptive-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rates = syntheticRatePair(40, 3);
const problems = rates.base.map((_, i) => `q${i}`);
const input = (adaptive: boolean): SimulateInput => ({
  models: [
    { name: 'base', role: 'base', rates: rates.base },
    { name: 'rl', role: 'rl', rates: rates.rl },
  ],
  problems,
  n: 64,
  seed: 5,
  adaptive: adaptive ? resolveAdaptiveConfig(adaptiveConfigSchema.parse({ n_max: 64, budget: 0.4 })) : null,
});

/** A store whose sample writes start failing after `limit` transactions: a process killed mid-run. */
function dying(store: StudyStore, limit: number): StudyStore {
  let left = limit;
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'transaction') {
        return async <T>(fn: (s: StudyStore) => Promise<T>): Promise<T> => {
          if (left-- <= 0) throw new Error('killed');
          return target.transaction(fn);
        };
      }
      const v: unknown = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

describe('simulateStudy on a real SQLite study', () => {
  it('stores per-problem nᵢ, verdicts that follow the rates, and resumes a killed adaptive run to the same allocation', async () => {
    const clean = await openStudy(path.join(dir, 'clean.sqlite'));
    const a = await simulateStudy(clean, input(true));
    expect(a.schedule?.stop).not.toBeNull();
    const stored = await clean.loadOutcomes(a.runs[0]!.id, SIMULATED_VERIFIER);
    expect(stored.map((o) => o.n)).toEqual(a.perProblemN[0]);
    expect(new Set(a.perProblemN.flat()).size).toBeGreaterThan(1); // n varies per problem
    expect(a.perProblemN.flat().reduce((s, n) => s + n, 0)).toBeLessThanOrEqual(0.4 * 64 * 40 * 2);
    // A problem with rate 0 never has a correct sample; rate ≈ 1 problems are mostly correct.
    rates.base.forEach((p, i) => {
      if (p === 0) expect(stored[i]!.c).toBe(0);
    });
    await clean.close();

    const file = path.join(dir, 'killed.sqlite');
    const first = await openStudy(file);
    await expect(simulateStudy(dying(first, 50), input(true))).rejects.toThrow('killed');
    await first.close();
    const second = await openStudy(file);
    const resumed = await simulateStudy(second, input(true));
    expect(resumed.perProblemN).toEqual(a.perProblemN);
    const again = await second.loadOutcomes(resumed.runs[1]!.id, SIMULATED_VERIFIER);
    const cleanAgain = await openStudy(path.join(dir, 'clean.sqlite'));
    expect(again).toEqual(await cleanAgain.loadOutcomes(a.runs[1]!.id, SIMULATED_VERIFIER));
    // The adaptive samples are the leading slots of a uniform run of the same seed (common random numbers).
    const u = await simulateStudy(cleanAgain, input(false));
    const uniform = await cleanAgain.loadOutcomes(u.runs[1]!.id, SIMULATED_VERIFIER);
    again.forEach((o, i) => expect(uniform[i]!.scores!.slice(0, o.n)).toEqual(o.scores));
    expect(u.runs[1]!.id).not.toBe(a.runs[1]!.id); // uniform and adaptive are different runs of one study
    await second.close();
    await cleanAgain.close();
  });
});

describe('rlbound simulate and plan', () => {
  const write = (name: string, rs: number[]): string => {
    const f = path.join(dir, name);
    writeFileSync(f, rs.map((rate, i) => JSON.stringify({ problem: `q${i}`, rate })).join('\n') + '\n');
    return f;
  };
  const base = write('base.jsonl', rates.base);
  const rl = write('rl.jsonl', rates.rl);

  it('simulates adaptively into a study and reports the allocation', () => {
    const r = runCli(['simulate', '--rates', `${base},${rl}`, '--n', '64', '--adaptive', '--budget', '0.4', '--out', path.join(dir, 'cli.sqlite')]);
    expect(r.stderr).toMatch(/round 0/);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.sampling).toBe('adaptive');
    expect(out.budget_used).toBeLessThanOrEqual(0.4);
    expect(out.models.map((m: { name: string }) => m.name)).toEqual(['base', 'rl']);
    expect(out.models[0].n_min).toBe(16);
  });

  it('answers a power question from a pilot study', () => {
    const pilot = path.join(dir, 'pilot.sqlite');
    expect(runCli(['simulate', '--rates', `${base},${rl}`, '--n', '16', '--out', pilot]).status).toBe(0);
    const r = runCli(['plan', '--pilot', pilot, '--target', 'coverage=2', '--reps', '30', '--n', '16,64,256']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.rows.map((x: { n: number }) => x.n)).toEqual([16, 64, 256]);
    // More samples never make a coverage difference harder to see (same simulated rates per repetition).
    expect(out.rows[2].power).toBeGreaterThanOrEqual(out.rows[0].power);
    expect(out.base).toBe('base');
  });

  it('names the file, line and field of a bad rates row and the flag of a bad option (exit 2, no stack)', () => {
    const bad = path.join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"problem":"a","rate":0.5}\n{"problem":"b","rate":1.5}\n');
    const r = runCli(['simulate', '--rates', bad, '--n', '8', '--out', path.join(dir, 'bad.sqlite')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.jsonl:2, field "rate"/);
    expect(r.stderr).not.toMatch(/at .*\.js/);
    const p = runCli(['plan', '--pilot', path.join(dir, 'pilot.sqlite'), '--target', 'crossover@x']);
    expect(p.status).toBe(2);
    expect(p.stderr).toMatch(/--target/);
  });
});
