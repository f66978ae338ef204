import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TINY_PRESET } from '../../../src/lab/experiment/presets.js';
import { shippedCheckpoint } from '../../../src/lab/experiment/shipped.js';
import { FOLLOWUP_ARMS } from '../../../src/lab/rl/followups/interventions.js';
import { openStudy } from '../../../src/study/index.js';
import { cliPath } from '../../helpers/cli.js';

// The tiny preset's budgets (4 RL steps × 4 prompts × 4 rollouts, 6 problems × 16 samples) on the
// shipped paper base, which solves some problems, so every number below is a real measurement.
const base = shippedCheckpoint('paper', 'base');
const args = (out: string): string[] => ['lab', 'followups', '--preset', 'tiny', '--base', base, '--seeds', '1', '--out', out, '--quiet'];

interface Iv {
  value: number;
  ci_low: number;
  ci_high: number;
}
interface SeedRow {
  pass_at_k: Record<string, Iv>;
  coverage: { kept: number; found: number; lost: number; neither: number };
  expands_boundary: boolean;
  boundary: { interval_above_base: boolean; provably_new_problems: string[]; base_probe_n: number; evidence: string };
  training: { samples_generated: number; optimizer_steps: number; samples_per_optimizer_step: number; seconds: number; entropy_reward_fit: unknown };
}
interface Followups {
  n: number;
  base_probe_n: number;
  wall_s: number;
  base: { seeds: Record<string, { pass_at_k: Record<string, Iv> }> };
  arms: Record<string, { paper: string; claim: string; seeds: Record<string, SeedRow> }>;
  edge_set: { seeds: Record<string, { models: Record<string, SeedRow> }> };
}
// About 20 CPU-s for the whole file; the limits leave room for a machine shared with other jobs.
const LIMIT = 400_000;
const read = (out: string): Followups => JSON.parse(readFileSync(path.join(out, 'followups.json'), 'utf8')) as Followups;

/**
 * The CLI in a child process, awaited without blocking this worker (a synchronous spawn of a
 * minutes-long run on a busy machine starves vitest's own messages).
 */
function runCli(cliArgs: string[], options: { timeoutMs: number }): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...cliArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** followups.json without what legitimately differs between two runs (timings). */
function timeless(f: Followups): unknown {
  return JSON.parse(JSON.stringify(f, (key, value: unknown) => (['wall_s', 'cpu_s', 'seconds'].includes(key) ? undefined : value)));
}

describe('rlbound lab followups (tiny preset)', () => {
  const straight = mkdtempSync(path.join(tmpdir(), 'rlbound-followups-'));

  it(
    'runs the base, plain GRPO and every intervention at matched compute into one study, one report and followups.json',
    async () => {
      const r = await runCli(args(straight), { timeoutMs: LIMIT });
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^arm +seed +pass@1 \[95% CI\] +pass@16/);
      const f = read(straight);
      expect(f.n).toBe(16);
      expect(f.base_probe_n).toBe(64);
      expect(Object.keys(f.arms)).toEqual([...FOLLOWUP_ARMS]);
      const b = f.base.seeds['0'].pass_at_k['16'];
      for (const [arm, a] of Object.entries(f.arms)) {
        const row = a.seeds['0'];
        expect(a.paper).toMatch(/arXiv|Yue/);
        const { kept, found, lost, neither } = row.coverage;
        expect(kept + found + lost + neither).toBe(TINY_PRESET.evalProblems);
        expect(row.pass_at_k['1'].ci_low).toBeLessThanOrEqual(row.pass_at_k['1'].value);
        // The verdict follows the rule exactly, and says why.
        const above = row.pass_at_k['16'].ci_low > b.ci_high;
        expect(row.boundary.interval_above_base).toBe(above);
        expect(row.expands_boundary).toBe(above || row.boundary.provably_new_problems.length > 0);
        expect(row.boundary.evidence).toContain('0 of 64');
        // Matched compute: the same rollouts, and optimizer steps × samples per optimizer step is the same product.
        expect(row.training.samples_generated, arm).toBe(64);
        expect(row.training.optimizer_steps * row.training.samples_per_optimizer_step, arm).toBe(64);
      }
      expect(f.arms['clip-cov'].seeds['0'].training.optimizer_steps).toBe(8);
      expect(Object.keys(f.edge_set.seeds['0'].models)).toEqual(['grpo', 'edge']);
      expect(readFileSync(path.join(straight, 'report.html'), 'utf8')).toContain('kl-cov-s0');

      // One study: the base probe (4n samples) and every model's samples, verdicts and base scores.
      const store = await openStudy(path.join(straight, 'study.sqlite'), { mustExist: true });
      try {
        const runs = await store.listRuns();
        // base-probe, base-probe-edgeset, base-s0, base-s0-edgeset, 11 arms, grpo and edge on the edge set.
        expect(runs).toHaveLength(4 + FOLLOWUP_ARMS.length + 2);
        const key = { verifier: 'lab-countdown', policy: 'exact', version: '1' };
        const probes = new Set([(await store.getModel('lab:base-probe'))!.id, (await store.getModel('lab:base-probe-edgeset'))!.id]);
        for (const run of runs) {
          const outcomes = await store.loadOutcomes(run.id, key);
          expect(outcomes).toHaveLength(TINY_PRESET.evalProblems);
          expect(outcomes.every((o) => o.n === (probes.has(run.modelId) ? 64 : 16))).toBe(true);
        }
      } finally {
        await store.close();
      }
    },
    LIMIT,
  );

  it(
    'a killed run resumes where it stopped and ends with the same numbers',
    async () => {
      const out = mkdtempSync(path.join(tmpdir(), 'rlbound-followups-resume-'));
      // Kill the first attempt once a few models are recorded (mid-run, with no warning).
      await new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, [cliPath, ...args(out)], { stdio: 'ignore' });
        const timer = setInterval(() => {
          const records = path.join(out, 'records');
          if (existsSync(records) && readdirSync(records).filter((f) => f.endsWith('.json')).length >= 6) child.kill('SIGKILL');
        }, 20);
        child.on('exit', () => {
          clearInterval(timer);
          resolve();
        });
        child.on('error', reject);
      });
      expect(existsSync(path.join(out, 'followups.json'))).toBe(false);
      const recordedBefore = readdirSync(path.join(out, 'records')).length;
      const r = await runCli(args(out), { timeoutMs: LIMIT });
      expect(r.status).toBe(0);
      expect(readdirSync(path.join(out, 'records')).length).toBeGreaterThan(recordedBefore);
      expect(timeless(read(out))).toEqual(timeless(read(straight)));
      // Nothing was sampled twice: every run still holds exactly problems × n samples.
      const store = await openStudy(path.join(out, 'study.sqlite'), { mustExist: true });
      try {
        for (const run of await store.listRuns()) {
          let count = 0;
          for await (const _ of store.iterateSamples(run.id)) count++;
          expect([TINY_PRESET.evalProblems * 16, TINY_PRESET.evalProblems * 64]).toContain(count);
        }
      } finally {
        await store.close();
      }
    },
    2 * LIMIT,
  );

  it(
    'refuses an unknown arm and a resumed folder of another experiment, naming the flag',
    async () => {
      const bad = await runCli(
        ['lab', 'followups', '--preset', 'tiny', '--base', base, '--only', 'nsr,magic', '--out', mkdtempSync(path.join(tmpdir(), 'rlbound-fu-'))],
        { timeoutMs: LIMIT },
      );
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/--only.*unknown arm "magic"/);
      const other = await runCli(['lab', 'followups', '--preset', 'small', '--base', base, '--out', straight, '--quiet'], { timeoutMs: LIMIT });
      expect(other.status).toBe(2);
      expect(other.stderr).toMatch(/--out.*preset tiny, not small/);
      expect(other.stderr).not.toMatch(/\n\s+at /);
    },
    LIMIT,
  );
});
