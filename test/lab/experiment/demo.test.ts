import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLabDemo } from '../../../src/lab/demo.js';
import { RunSummarySchema } from '../../../src/lab/experiment/summary.js';
import { summarizeStudy } from '../../../src/lab/experiment/summarize-study.js';
import { TINY_PRESET } from '../../../src/lab/experiment/presets.js';
import { shippedCheckpoint } from '../../../src/lab/experiment/shipped.js';
import { loadCheckpoint } from '../../../src/lab/model/index.js';
import { openStudy } from '../../../src/study/index.js';
import { runCli } from '../../helpers/cli.js';

describe('the lab demo end to end (tiny preset)', () => {
  it('trains, evaluates through the study store, and writes summary.json, report.html and checkpoints', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'rlbound-lab-'));
    const phases = new Set<string>();
    const r = await runLabDemo({
      preset: TINY_PRESET,
      algorithms: ['grpo', 'ppo'],
      seeds: [0],
      outDir: out,
      baseCheckpoint: null,
      distill: { mode: 'live', control: true },
      onEvent: (e) => phases.add(e.phase),
    });
    expect([...phases]).toEqual(['pretrain', 'eval', 'rl', 'distill', 'report', 'done']);

    const summary = RunSummarySchema.parse(JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')));
    expect(Object.keys(summary.models)).toEqual(['base', 'grpo-step2', 'grpo-step4', 'ppo-step4', 'distill', 'sft-control']);
    expect(summary.n).toBe(16);
    expect(Object.keys(summary.models.base.pass_at_k)).toHaveLength(16);
    expect(Object.keys(summary.crossover_k)).toEqual(['grpo-step2', 'grpo-step4', 'ppo-step4']);
    for (const c of Object.values(summary.coverage)) expect(c.both + c.rl_only + c.base_only + c.neither).toBe(TINY_PRESET.evalProblems);
    expect(Object.keys(summary.delta_se)).toEqual(['grpo-step2', 'grpo-step4', 'ppo-step4', 'distill', 'sft-control']);
    expect(r.reportFiles).toEqual([path.join(out, 'report.html')]);
    expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toContain('grpo-step4');

    // Checkpoints are loadable and carry their lineage.
    const ppo = loadCheckpoint(path.join(out, 'checkpoints', 'ppo-step4'));
    expect(ppo.config.lineage).toMatchObject({ kind: 'rl', algorithm: 'ppo', step: 4 });
    expect(loadCheckpoint(path.join(out, 'checkpoints', 'distill')).config.lineage.kind).toBe('distilled');

    // Every sample, verdict and base-model score is in the study store.
    const store = await openStudy(path.join(out, 'study.sqlite'), { mustExist: true });
    try {
      const runs = await store.listRuns();
      expect(runs).toHaveLength(6);
      const key = { verifier: 'lab-countdown', policy: 'exact', version: '1' };
      for (const run of runs) {
        const outcomes = await store.loadOutcomes(run.id, key);
        expect(outcomes).toHaveLength(TINY_PRESET.evalProblems);
        expect(outcomes.every((o) => o.n === 16)).toBe(true);
      }
      const base = (await store.getModel('lab:base'))!;
      expect(await store.loadScores(runs[1].id, base.id)).toHaveLength(TINY_PRESET.evalProblems * 4);
      const lineage = await store.listLabCheckpoints();
      expect(lineage.find((c) => c.name === 'lab:grpo-step4')).toMatchObject({ parentName: 'lab:base', stage: 'rl', algorithm: 'grpo', step: 4 });
    } finally {
      await store.close();
    }

    // The study alone is enough to rebuild the numbers (re-analysis without re-sampling).
    const again = await summarizeStudy(path.join(out, 'study.sqlite'), { task: 'countdown', seed: 0 });
    expect(Object.keys(again.models).sort()).toEqual(Object.keys(summary.models).sort());
    for (const [name, m] of Object.entries(summary.models)) {
      expect(again.models[name].pass_at_k).toEqual(m.pass_at_k);
      expect(again.models[name].ppl_under_base_median).toBeCloseTo(m.ppl_under_base_median, 9);
      expect(again.models[name]).toMatchObject({ kind: m.kind, algorithm: m.algorithm, step: m.step });
    }
    expect(again.coverage).toEqual(summary.coverage);
  });
});

describe('rlbound lab (CLI)', () => {
  it('demo --preset tiny --seeds 2 prints the table and writes the averaged summary with both runs', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'rlbound-lab-cli-'));
    const r = runCli(['lab', 'demo', '--preset', 'tiny', '--pretrain', '--seeds', '2', '--out', out, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^model +pass@1 +pass@16/);
    expect(r.stdout).toMatch(/grpo-step4 /);
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as { seeds: number[]; runs: unknown[]; models: Record<string, unknown> };
    expect(summary.seeds).toEqual([0, 1]);
    expect(summary.runs).toHaveLength(2);
    for (const run of summary.runs) RunSummarySchema.parse(run);
    expect(Object.keys(summary.models)).toEqual(['base', 'grpo-step2', 'grpo-step4', 'distill']);
    expect(existsSync(path.join(out, 'report-seed1', 'report.html'))).toBe(true);
    expect(existsSync(path.join(out, 'checkpoints', 'grpo-step4-seed1', 'model.safetensors'))).toBe(true);

    // The same two seeds run by separate processes and combined give the same averaged numbers.
    const parts = [0, 1].map((seed) => {
      const dir = path.join(out, `part${seed}`);
      expect(runCli(['lab', 'demo', '--preset', 'tiny', '--pretrain', '--first-seed', String(seed), '--out', dir, '--quiet']).status).toBe(0);
      return dir;
    });
    const combined = runCli(['lab', 'combine', ...parts, '--out', path.join(out, 'combined')]);
    expect(combined.stderr).toBe('');
    expect(combined.stdout).toMatch(/grpo-step4 [\s\S]*wrote .*summary\.json \(seeds 0, 1\)/);
    const c = JSON.parse(readFileSync(path.join(out, 'combined', 'summary.json'), 'utf8')) as typeof summary & {
      models: Record<string, { pass_at_k: Record<string, number> }>;
      details: { findings: unknown[] };
    };
    expect(c.seeds).toEqual([0, 1]);
    expect(c.details.findings.length).toBeGreaterThan(0);
    for (const [name, m] of Object.entries(summary.models as Record<string, { pass_at_k: Record<string, number> }>))
      expect(c.models[name].pass_at_k).toEqual(m.pass_at_k);
    // A seed present twice, or a folder that is not a demo's output, is refused by name.
    expect(runCli(['lab', 'combine', out, parts[1], '--out', path.join(out, 'never')]).stderr).toMatch(/seed 1 is also in/);
    expect(runCli(['lab', 'combine', path.join(out, 'checkpoints'), '--out', path.join(out, 'never')]).stderr).toMatch(/checkpoints has no summary\.json/);
  });

  it('pretrain, rl, distill and eval chain through checkpoint folders, on the task --task names', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rlbound-lab-steps-'));
    const base = path.join(dir, 'base');
    const task = ['--preset', 'tiny', '--task', 'arithmetic'];
    expect(runCli(['lab', 'pretrain', ...task, '--steps', '20', '--lr', '5e-3', '--out', base, '--quiet']).stdout).toMatch(/^wrote .*base \(\d+ parameters/);
    expect(loadCheckpoint(base).config.training).toMatchObject({ task: { name: 'arithmetic', difficulty: 'default' }, recipe: { steps: 20, peakLr: 5e-3 } });
    // A base pretrained on arithmetic is refused for the preset's own task (countdown).
    const wrongTask = runCli(['lab', 'rl', '--preset', 'tiny', '--base', base, '--out', path.join(dir, 'never'), '--quiet']);
    expect(wrongTask.status).toBe(2);
    expect(wrongTask.stderr).toMatch(/--base.*pretrained on arithmetic \(default\), not on countdown/);
    expect(runCli(['lab', 'rl', ...task, '--base', base, '--out', path.join(dir, 'rloo'), '--algo', 'rloo', '--steps', '2', '--quiet']).stdout).toMatch(
      /rloo, 2 steps/,
    );
    expect(runCli(['lab', 'distill', ...task, '--base', base, '--out', path.join(dir, 'sft'), '--steps', '3', '--quiet']).status).toBe(0);
    expect(loadCheckpoint(path.join(dir, 'sft')).config.training).toMatchObject({ task: { name: 'arithmetic' }, recipe: { steps: 3 } });
    // A compared model trained on another task (the shipped countdown base) is refused too.
    const foreign = runCli([
      'lab',
      'eval',
      ...task,
      '--base',
      base,
      '--model',
      shippedCheckpoint('paper', 'base'),
      '--out',
      path.join(dir, 'never'),
      '--quiet',
    ]);
    expect(foreign.stderr).toMatch(/--model.*pretrained on countdown \(default\), not on arithmetic/);
    const ev = runCli([
      'lab',
      'eval',
      ...task,
      '--base',
      base,
      '--model',
      path.join(dir, 'rloo'),
      '--model',
      path.join(dir, 'sft'),
      '--out',
      path.join(dir, 'eval'),
      '--n',
      '8',
      '--quiet',
    ]);
    expect(ev.status).toBe(0);
    expect(ev.stdout).toMatch(/rloo: pass@1 [\d.]+, pass@8/);
    const summary = RunSummarySchema.parse(JSON.parse(readFileSync(path.join(dir, 'eval', 'summary.json'), 'utf8')));
    expect(summary.task).toBe('arithmetic');
    expect(summary.models.rloo).toMatchObject({ kind: 'rl', algorithm: 'rloo', step: 2 });
    expect(summary.models.sft.kind).toBe('distill');
  });

  it('bad flags are input errors naming the flag', () => {
    expect(runCli(['lab', 'eval', '--base', 'x', '--out', 'y', '--temperature', 'hot']).stderr).toMatch(/--temperature must be a number/);
    const r = runCli(['lab', 'demo', '--algos', 'sarsa', '--preset', 'tiny', '--out', path.join(tmpdir(), 'never')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--algos.*unknown algorithm "sarsa"/);
    expect(runCli(['lab', 'demo', '--seeds', 'three']).stderr).toMatch(/--seeds/);
    expect(runCli(['lab', 'demo', '--task', 'sudoku']).stderr).toMatch(/--task must be one of countdown, arithmetic/);
    expect(runCli(['lab', 'pretrain', '--difficulty', 'brutal']).stderr).toMatch(/--difficulty must be one of easy, default, hard/);
    expect(runCli(['lab', 'distill', '--base', 'x', '--out', 'y', '--lr', 'fast']).stderr).toMatch(/--lr must be a number/);
    expect(runCli(['lab', 'demo', '--base', '/nonexistent/ckpt', '--preset', 'tiny', '--out', path.join(tmpdir(), 'never2')]).stderr).toMatch(
      /--base.*does not exist/,
    );
  });
});
