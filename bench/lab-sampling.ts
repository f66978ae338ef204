/**
 * Sampling throughput of the lab's reference model alone (the sampling half of bench/lab-model.ts,
 * without PyTorch or training), from a compiled tree — so several trees (e.g. `git archive` of
 * older commits, each built with `npm run build`) can be compared in alternating processes:
 *
 *   npx vite-node bench/lab-sampling.ts [--dist DIR] [--rows N] [--trials N]
 *
 * DIR defaults to this tree's dist/; --rows is the Sampler's maxRows (default: the tree's own
 * default). Prints tokens per CPU-second (best / median) and a hash of the sampled tokens, which
 * must agree between trees whose changes keep every sample's bits.
 */
import path from 'node:path';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : undefined;
}
const dist = path.resolve(flag('dist') ?? 'dist');
const rows = flag('rows');
const trials = Number(flag('trials') ?? '5');

interface SamplerLike {
  sample(requests: Array<{ prompt: number[]; seeds: number[] }>, params: { temperature: number; maxTokens: number }): Array<Array<{ tokens: Int32Array }>>;
}
interface LabModule {
  createModel(config: object, options: { seed: number; engine: unknown }): unknown;
  float32Engine(backend: unknown): unknown;
  Rng: new (seed: number) => { uniform(): number };
  Sampler: new (model: unknown, maxRows?: number) => SamplerLike;
}
const lab = (await import(path.join(dist, 'lab/model/index.js'))) as LabModule;
const { getBackend } = (await import(path.join(dist, 'lab/tensor/select-backend.js'))) as { getBackend(choice: string): unknown };

// The same model, prompt and work as bench/lab-model.ts (which draws a 64×64 training batch first).
const CONFIG = { layers: 4, dModel: 128, heads: 4, context: 64, vocab: 32 };
const model = lab.createModel(CONFIG, { seed: 0, engine: lab.float32Engine(getBackend('wasm')) });
const rng = new lab.Rng(1);
for (let i = 0; i < 64 * CONFIG.context; i++) rng.uniform();
const prompt = [1, ...Array.from({ length: 11 }, () => 3 + Math.floor(rng.uniform() * (CONFIG.vocab - 3)))];
const seeds = Array.from({ length: 256 }, (_, i) => i);
const sampler = rows === undefined ? new lab.Sampler(model) : new lab.Sampler(model, Number(rows));

let hash = 0;
const once = (): number => {
  const [samples] = sampler.sample([{ prompt, seeds }], { temperature: 1, maxTokens: 48 });
  hash = 0;
  for (const s of samples) for (const t of s.tokens) hash = (Math.imul(hash, 31) + t) | 0;
  return samples.reduce((n, s) => n + s.tokens.length, 0);
};
once();
once();
const rates: number[] = [];
for (let t = 0; t < trials; t++) {
  const cpu0 = process.cpuUsage();
  const tokens = once();
  const cpu = process.cpuUsage(cpu0);
  rates.push(tokens / ((cpu.user + cpu.system) / 1e6));
}
rates.sort((a, b) => a - b);
console.log(
  `${dist} rows ${rows ?? 'default'}: ${rates[rates.length - 1].toFixed(0)} / ${rates[Math.floor(rates.length / 2)].toFixed(0)} tokens per CPU-s (best / median), tokens hash ${hash}`,
);
