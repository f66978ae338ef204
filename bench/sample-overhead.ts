/**
 * Client overhead of the sampling engine against a local OpenAI-compatible server that answers
 * instantly (it runs in a child process, so the client has one core to itself on a 2-core box).
 * Every response is real JSON with n choices whose texts depend on the seed (~200 bytes each);
 * every sample goes through planning, the scheduler, JSON parsing and a real SQLite study.
 * Reports samples stored per second and peak memory (RSS) of the client process.
 * Usage: flock /tmp/bench.lock npx vite-node bench/sample-overhead.ts [problems] [n] [maxChoices] [concurrency]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect, sampleRun } from '../src/sample/index.js';
import { openStudy } from '../src/study/index.js';

/** The instant server, as plain JavaScript run by a separate `node` process. */
const SERVER_JS = String.raw`
const http = require('node:http');
const words = ['so', 'the', 'answer', 'is', 'boxed', 'x', 'plus', 'two', 'then', 'we', 'get'];
function text(seed) {
  let s = '';
  let a = (seed >>> 0) || 1;
  while (s.length < 200) { a ^= a << 13; a ^= a >>> 17; a ^= a << 5; s += words[(a >>> 0) % words.length] + ' '; }
  return s + '\\boxed{' + (seed % 97) + '}';
}
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let body;
    if (req.url.endsWith('/models')) body = { object: 'list', data: [{ id: 'instant', object: 'model', max_model_len: 32768 }] };
    else {
      const r = JSON.parse(Buffer.concat(chunks).toString());
      const n = r.n ?? 1, seed = r.seed ?? 0;
      body = { id: 'cmpl', object: 'text_completion', created: 0, model: 'instant',
        choices: Array.from({ length: n }, (_, i) => ({ index: i, text: text(seed + i), finish_reason: 'stop', stop_reason: null,
          logprobs: r.logprobs == null ? null : { tokens: ['a', 'b'], token_logprobs: [-0.5, -0.25], top_logprobs: null, text_offset: [0, 1] } })),
        usage: { prompt_tokens: 40, completion_tokens: 50 * n, total_tokens: 40 + 50 * n } };
    }
    const out = JSON.stringify(body);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
    res.end(out);
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

async function main(): Promise<void> {
  const [problemsArg, nArg, chunkArg, concArg] = process.argv.slice(2);
  const P = Number(problemsArg ?? 500);
  const N = Number(nArg ?? 1024);
  const maxChoices = Number(chunkArg ?? 64);
  const concurrency = Number(concArg ?? 8);
  const child = spawn(process.execPath, ['-e', SERVER_JS], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rlbound-bench-sample-'));
  const store = await openStudy(path.join(dir, 'study.db'));
  const { provider, close } = connect({ endpoint: `http://127.0.0.1:${port}/v1`, model: 'instant', timeoutMs: 60_000, maxSockets: concurrency });
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  try {
    const bench = await store.putBenchmark({ name: 'synthetic', source: 'bench', contentHash: 'x' });
    await store.putProblems(
      bench.id,
      Array.from({ length: P }, (_, i) => ({ index: i, key: `p${i}`, prompt: `Problem ${i}: what is ${i} + ${i}?` })),
    );
    const problems = await store.listProblems(bench.id);
    const rssBefore = process.memoryUsage().rss;
    const t0 = performance.now();
    const r = await sampleRun({
      store,
      provider,
      modelName: 'instant',
      servedName: 'instant',
      providerKind: 'openai-completions',
      endpoint: 'bench',
      benchmarkId: bench.id,
      problems,
      rule: { kind: 'raw' },
      n: N,
      params: { temperature: 0.6, topP: 0.95, maxTokens: 1024, stop: [] },
      baseSeed: 1,
      concurrency,
      maxChoicesPerRequest: maxChoices,
    });
    const s = (performance.now() - t0) / 1000;
    const stored = (await store.runProgress(r.run.id)).samples;
    console.log(
      JSON.stringify({
        problems: P,
        n: N,
        maxChoices,
        concurrency,
        requests: r.summary.requests,
        stored,
        seconds: Number(s.toFixed(2)),
        samplesPerSecond: Math.round(stored / s),
        requestsPerSecond: Math.round(r.summary.requests / s),
        peakRssMiB: Math.round(Math.max(peakRss, process.memoryUsage().rss) / 2 ** 20),
        rssBeforeMiB: Math.round(rssBefore / 2 ** 20),
        maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
        duplicates: r.summary.duplicateSamples,
      }),
    );
  } finally {
    clearInterval(sampler);
    close();
    await store.close();
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
