/**
 * The lab model against PyTorch, side by side in one run: training and sampling tokens/s of the
 * issue's reference model (4 layers, d_model 128, 4 heads, context 64, vocabulary 32).
 *
 *   training  forward + backward + grad-clip (1.0) + AdamW (β 0.9/0.95, wd 0.01), batch 64 × 64
 *             random tokens, loss on every next token; tokens/s = 64·64·steps / time
 *   sampling  256 samples of one 12-token prompt (BOS + 11), 48 new tokens each, temperature 1,
 *             KV cache with the prompt's prefix shared; tokens/s = generated tokens / time
 *
 * Rounds alternate PyTorch (bench/lab_torch.py, same model, same work, one thread) and TypeScript,
 * so both see the same machine load; each reports best and median over its trials.
 *
 *   npm run build && flock /tmp/bench.lock npx vite-node bench/lab-model.ts [--backend wasm] [--rounds 2] [--trials 5] [--no-torch]
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { createModel, float32Engine, Sampler, Rng } from '../src/lab/model/index.js';
import { getBackend, type BackendChoice } from '../src/lab/tensor/select-backend.js';
import { AdamW, trainStep, weightedNll } from '../src/lab/train/index.js';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const backendChoice = flag('backend', 'auto') as BackendChoice;
const ROUNDS = Number(flag('rounds', '2'));
const TRIALS = Number(flag('trials', '5'));
const STEPS = 5;
const withTorch = !process.argv.includes('--no-torch');
// Snapshot: the openblas backend sets OPENBLAS_CORETYPE in process.env when it loads, and PyTorch
// (which links OpenBLAS too) must see the same environment in every round.
const torchEnv = { ...process.env };

const CONFIG = { layers: 4, dModel: 128, heads: 4, context: 64, vocab: 32 };
const BATCH = 64;
const SAMPLES = 256;
const PROMPT = 12;
const NEW_TOKENS = 48;

/** Tokens per wall second and per CPU second of the measuring process (robust to other load). */
interface Rate {
  wall: number;
  cpu: number;
}
interface Summary {
  best: number;
  median: number;
  cpuBest: number;
  cpuMedian: number;
}
const middle = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summarize = (rs: Rate[]): Summary => ({
  best: Math.max(...rs.map((r) => r.wall)),
  median: middle(rs.map((r) => r.wall)),
  cpuBest: Math.max(...rs.map((r) => r.cpu)),
  cpuMedian: middle(rs.map((r) => r.cpu)),
});
/** Runs fn (which returns a token count) and measures both clocks. */
function rate(fn: () => number): Rate {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const tokens = fn();
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { wall: tokens / wall, cpu: tokens / ((cpu.user + cpu.system) / 1e6) };
}

/** Forward FLOPs per token (lab-prototype.md §4.2), T_avg attended keys per query. */
function forwardFlopsPerToken(tAvg: number): number {
  const { layers: L, dModel: d, vocab: V } = CONFIG;
  return L * (24 * d * d + 4 * d * tAvg) + 2 * d * V;
}

function runTypeScript(): { train: Rate[]; sample: Rate[]; backend: string; params: number } {
  const backend = getBackend(backendChoice);
  const model = createModel(CONFIG, { seed: 0, engine: float32Engine(backend) });
  const rng = new Rng(1);
  const sequences = Array.from({ length: BATCH }, () => Array.from({ length: CONFIG.context }, () => Math.floor(rng.uniform() * CONFIG.vocab)));
  const batch = model.pack(sequences);
  const weights = new Float32Array(BATCH * batch.width).fill(1);
  const opt = new AdamW(model, { beta1: 0.9, beta2: 0.95, weightDecay: 0.01 });
  const step = () => trainStep(model, opt, [batch], (out) => weightedNll(out, weights), { lr: 1e-3, maxGradNorm: 1 });
  step();
  const train: Rate[] = [];
  for (let t = 0; t < TRIALS; t++) {
    train.push(
      rate(() => {
        for (let s = 0; s < STEPS; s++) step();
        return BATCH * CONFIG.context * STEPS;
      }),
    );
  }

  const sampler = new Sampler(model);
  const prompt = [1, ...Array.from({ length: PROMPT - 1 }, () => 3 + Math.floor(rng.uniform() * (CONFIG.vocab - 3)))];
  const seeds = Array.from({ length: SAMPLES }, (_, i) => i);
  const sampleOnce = (): number => {
    const [samples] = sampler.sample([{ prompt, seeds }], { temperature: 1, maxTokens: NEW_TOKENS });
    return samples.reduce((n, s) => n + s.tokens.length, 0);
  };
  sampleOnce();
  sampleOnce();
  const sample: Rate[] = [];
  for (let t = 0; t < TRIALS; t++) sample.push(rate(sampleOnce));
  // The OpenBLAS backend also names the kernel family it runs (Haswell, SkylakeX, …).
  const core = 'corename' in backend && typeof backend.corename === 'string' ? ` (${backend.corename} kernels)` : '';
  return { train, sample, backend: backend.name + core, params: model.numParams };
}

interface TorchResult {
  engine: string;
  train: Summary;
  sample: Summary;
}

function runTorch(): TorchResult | undefined {
  const r = spawnSync('/usr/bin/python3', ['bench/lab_torch.py', '--json', '--trials', String(TRIALS), '--steps', String(STEPS)], {
    encoding: 'utf8',
    env: torchEnv,
  });
  if (r.status !== 0) {
    console.error(`(PyTorch side failed: ${r.error?.message ?? r.stderr.trim().split('\n').pop()})`);
    return undefined;
  }
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as TorchResult;
}

const tsTrain: Rate[] = [];
const tsSample: Rate[] = [];
const torchTrain: Summary[] = [];
const torchSample: Summary[] = [];
let torchEngine = '';
let tsBackend = '';
let params = 0;
console.log(`# lab model vs PyTorch — ${new Date().toISOString()}, ${os.cpus()[0]?.model ?? 'cpu'}, ${os.cpus().length} vCPU, node ${process.version}`);
console.log(
  `# load average at start: ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}; ${ROUNDS} alternating rounds × ${TRIALS} trials`,
);
for (let r = 0; r < ROUNDS; r++) {
  if (withTorch) {
    const t = runTorch();
    if (t) {
      torchEngine = t.engine;
      torchTrain.push(t.train);
      torchSample.push(t.sample);
    }
  }
  const ts = runTypeScript();
  tsBackend = ts.backend;
  params = ts.params;
  tsTrain.push(...ts.train);
  tsSample.push(...ts.sample);
}

const trainFlops = 3 * forwardFlopsPerToken((CONFIG.context + 1) / 2);
const sampleFlops = forwardFlopsPerToken(PROMPT + NEW_TOKENS / 2);
const ratio = (x: number, y: number) => `${(x / y).toFixed(2)}×`;
const row = (what: string, engine: string, s: Summary, flopsPerToken: number, vs?: Summary) =>
  `| ${what} | ${engine} | ${s.best.toFixed(0)} / ${s.median.toFixed(0)} | ${s.cpuBest.toFixed(0)} / ${s.cpuMedian.toFixed(0)} | ` +
  `${((s.cpuBest * flopsPerToken) / 1e9).toFixed(1)} | ` +
  `${vs ? `${ratio(s.best, vs.best)} / ${ratio(s.median, vs.median)} | ${ratio(s.cpuBest, vs.cpuBest)} / ${ratio(s.cpuMedian, vs.cpuMedian)}` : '— | —'} |`;
/** Across PyTorch runs: the best of the bests and the median of the medians. */
const combine = (xs: Summary[]): Summary | undefined =>
  xs.length === 0
    ? undefined
    : {
        best: Math.max(...xs.map((x) => x.best)),
        median: middle(xs.map((x) => x.median)),
        cpuBest: Math.max(...xs.map((x) => x.cpuBest)),
        cpuMedian: middle(xs.map((x) => x.cpuMedian)),
      };
console.log(`# model ${JSON.stringify(CONFIG)}, ${params} parameters`);
console.log(
  '| measurement | engine | tokens/s (best / median) | tokens per CPU-s (best / median) | GFLOP per CPU-s (best) | TS ÷ PyTorch, wall (best / median) | TS ÷ PyTorch, CPU (best / median) |',
);
console.log('|---|---|---|---|---|---|---|');
const torchT = combine(torchTrain);
const torchS = combine(torchSample);
if (torchT) console.log(row('training 64×64', torchEngine, torchT, trainFlops));
console.log(row('training 64×64', `TypeScript, ${tsBackend}`, summarize(tsTrain), trainFlops, torchT));
if (torchS) console.log(row('sampling 256×48', torchEngine, torchS, sampleFlops));
console.log(row('sampling 256×48', `TypeScript, ${tsBackend}`, summarize(tsSample), sampleFlops, torchS));
