// Disposing models, optimizers and samplers gives their wasm memory back: a loop that creates,
// trains, samples, scores and drops models many times keeps the heap bounded, and every iteration's
// results are bit-identical to the same work on a fresh heap — reused blocks carry no stale data,
// and no live buffer is ever handed out twice (freed blocks are poisoned with NaN here, so a use
// after free would surface as NaN or different bits).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createModel, float32Engine, samplerFor, scoreContinuations, type Engine } from '../../../src/lab/model/index.js';
import { createWasmBackend } from '../../../src/lab/tensor/wasm/wasm-backend.js';
import { AdamW, trainStep, weightedNll } from '../../../src/lab/train/index.js';
import { taskTokenizer } from '../../../src/lab/experiment/tokenizer.js';
import { cloneModel } from '../../../src/lab/rl/models.js';
import { trainRl, type RlStepMetrics } from '../../../src/lab/rl/index.js';
import { getTask } from '../../../src/lab/tasks/registry.js';
import { TINY_PRESET } from '../../../src/lab/experiment/presets.js';
import { repoRoot } from '../../helpers/cli.js';

beforeAll(() => {
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-wasm.mjs')], { stdio: 'pipe' });
});

const CONFIG = { layers: 2, dModel: 32, heads: 4, context: 32, vocab: 13 };

/** Sequences of length `len`, deterministic. */
const sequences = (count: number, len: number, salt: number): number[][] =>
  Array.from({ length: count }, (_, b) => Array.from({ length: len }, (_, t) => (b * 7 + t * 3 + salt) % CONFIG.vocab));

/** One model's life: train two steps (the second on a larger batch: the workspace grows), sample, score, dispose. */
function life(engine: Engine, seed: number): { params: number[]; tokens: number[][]; logprobs: number[][]; scores: number[] } {
  const model = createModel(CONFIG, { seed, engine });
  const opt = new AdamW(model, { weightDecay: 0.01 });
  for (const [count, len] of [
    [4, 12],
    [9, 20],
  ]) {
    const batch = model.pack(sequences(count, len, seed));
    const mask = new Float32Array(batch.batch * batch.width).fill(1);
    trainStep(model, opt, [batch], (out) => weightedNll(out, mask), { lr: 1e-2, maxGradNorm: 1 });
  }
  const samples = samplerFor(model).sample(
    [
      { prompt: [1, 4, 5], seeds: [11, 12, 13, 14, 15] },
      { prompt: [1, 6], seeds: [21, 22, 23] },
    ],
    { temperature: 1, maxTokens: 12 },
  );
  const scored = scoreContinuations(model, [
    { prompt: [1, 2], continuation: [3, 4, 5] },
    { prompt: [1], continuation: [6, 7, 8, 9, 10, 11] },
  ]);
  const result = {
    params: Array.from(model.params),
    tokens: samples.flat().map((s) => Array.from(s.tokens)),
    logprobs: samples.flat().map((s) => Array.from(s.logprobs)),
    scores: scored.flatMap((s) => Array.from(s.logprobs)),
  };
  opt.dispose();
  model.dispose();
  return result;
}

describe('disposing lab models frees their wasm memory', () => {
  it('a create/train/sample/score/dispose loop stays bounded and bit-identical to a fresh heap', () => {
    const backend = createWasmBackend({ poisonFreed: true });
    const engine = float32Engine(backend);
    const fresh = life(float32Engine(createWasmBackend()), 5);
    expect(fresh.params.every(Number.isFinite)).toBe(true);

    const first = life(engine, 5);
    const extentAfterFirst = backend.reservedBytes();
    const peakAfterFirst = backend.peakBytesInUse();
    expect(first).toEqual(fresh);
    for (let i = 0; i < 12; i++) {
      // A model of another size alive across the next life shifts where every block lands.
      const other = createModel({ ...CONFIG, dModel: 16 + 8 * (i % 3) }, { seed: 100 + i, engine });
      other.forward(other.pack(sequences(3 + i, 10, i)));
      if (i % 2 === 0) other.dispose();
      expect(life(engine, 5)).toEqual(fresh);
      if (i % 2 === 1) other.dispose();
    }
    // Everything was disposed: only the kernels' scratch area stays live.
    expect(backend.bytesInUse()).toBeLessThan(4 * 2 ** 20);
    expect(backend.reservedBytes()).toBeLessThan(2 * extentAfterFirst);
    expect(backend.peakBytesInUse()).toBeLessThan(2 * peakAfterFirst);
  });

  it('RL runs (PPO: critic, KL reference, snapshots) free what they drop and match a fresh heap', () => {
    // The tiny preset's task and model size (a real verifiable task, small enough for a test).
    const task = getTask(TINY_PRESET.task.name, TINY_PRESET.task.difficulty);
    const tokenizer = taskTokenizer();
    const rlRun = (engine: Engine): { history: RlStepMetrics[]; snapshot: number[] } => {
      const policy = createModel({ ...TINY_PRESET.model, vocab: tokenizer.vocabSize }, { seed: 3, engine });
      const snapshots: ReturnType<typeof cloneModel>[] = [];
      const { history } = trainRl({
        policy,
        tokenizer,
        task,
        trainProblems: task.problems('train', 3, 1),
        config: {
          algorithm: 'ppo',
          steps: 4,
          promptsPerStep: 3,
          groupSize: 8,
          learningRate: 1e-2,
          maxResponseTokens: 12,
          seed: 1,
          kl: { placement: 'loss', estimator: 'k3', coef: 0.1 },
          checkpointSteps: [2],
        },
        onCheckpoint: (_step, p) => snapshots.push(cloneModel(p)),
      });
      policy.dispose();
      const snapshot = Array.from(snapshots[0].params);
      for (const m of snapshots) m.dispose();
      return { history, snapshot };
    };
    const fresh = rlRun(float32Engine(createWasmBackend()));
    const backend = createWasmBackend({ poisonFreed: true });
    const engine = float32Engine(backend);
    for (let i = 0; i < 3; i++) {
      expect(rlRun(engine)).toEqual(fresh);
      expect(backend.bytesInUse()).toBeLessThan(4 * 2 ** 20);
    }
  });

  it('a disposed model refuses to run, and disposing twice is harmless', () => {
    const engine = float32Engine(createWasmBackend({ poisonFreed: true }));
    const model = createModel(CONFIG, { seed: 1, engine });
    const batch = model.pack(sequences(2, 8, 0));
    model.forward(batch);
    model.dispose();
    model.dispose();
    expect(model.disposed).toBe(true);
    expect(() => model.forward(batch)).toThrow(/disposed/);
    expect(() => samplerFor(model)).toThrow(/disposed/);
  });

  it('backends without a heap (reference, float64) treat dispose as a no-op', () => {
    const model = createModel(CONFIG, { seed: 1, engine: float32Engine() });
    const opt = new AdamW(model);
    opt.dispose();
    model.dispose();
    expect(model.disposed).toBe(true);
  });
});
