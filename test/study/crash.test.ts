import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { openStudy, sampleSeed } from '../../src/study/index.js';
import { repoRoot } from '../helpers/cli.js';
import { seededStudy, tempDir } from './fixture.js';

const PROBLEMS = 40;
const N = 1000;
const text = (p: number, s: number) => `sample ${p}/${s} `.padEnd(1024, 'x');
const t = tempDir();
afterAll(() => t.cleanup());

// The writer runs the compiled store (dist/, built by `npm test`) in a child process that prints
// the number of committed samples after each transaction, until it is killed.
const writer = `
import { openStudy, sampleSeed } from ${JSON.stringify(pathToFileURL(path.join(repoRoot, 'dist', 'study', 'index.js')).href)};
const [file, runId, problemIds] = [process.argv[2], Number(process.argv[3]), JSON.parse(process.argv[4])];
const store = await openStudy(file);
let committed = 0;
for (let s = 0; s < ${N}; s += 25) {
  const batch = [];
  for (let p = 0; p < problemIds.length; p++) for (let i = s; i < s + 25; i++)
    batch.push({ runId, problemId: problemIds[p], sampleIndex: i, seed: sampleSeed(7, p, i), text: \`sample \${p}/\${i} \`.padEnd(1024, 'x'), finishReason: 'stop' });
  committed += (await store.insertSamples(batch)).written;
  process.stdout.write(committed + '\\n');
}
`;

describe('crash safety', () => {
  it('SIGKILL during a long insert loop leaves a consistent study; resume completes without duplicates or losses', async () => {
    const file = path.join(t.dir, 'crash.sqlite');
    const setup = await seededStudy(file, PROBLEMS, N);
    await setup.store.close();
    const script = path.join(t.dir, 'writer.mjs');
    writeFileSync(script, writer);

    const child = spawn(process.execPath, [script, file, String(setup.runId), JSON.stringify(setup.problemIds)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let lastReported = 0;
    await new Promise<void>((resolve, reject) => {
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        const lines = chunk.trim().split('\n');
        lastReported = Number(lines[lines.length - 1]);
        // Kill well into the loop: the writer is almost always inside a transaction.
        if (lastReported >= PROBLEMS * 25 * 8 && !child.killed) child.kill('SIGKILL');
      });
      child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`writer ended by itself (code ${code}) before it was killed`))));
    });

    const raw = new Database(file);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    const { total, uniq } = raw.prepare("SELECT COUNT(*) AS total, COUNT(DISTINCT problem_id || ':' || sample_index) AS uniq FROM samples").get() as {
      total: number;
      uniq: number;
    };
    raw.close();
    expect(total).toBe(uniq);
    expect(total).toBeGreaterThanOrEqual(lastReported); // nothing the writer saw committed is lost
    expect(total % (PROBLEMS * 25)).toBe(0); // whole transactions only
    expect(total).toBeLessThan(PROBLEMS * N);

    // Resume: fill exactly the missing slots.
    const store = await openStudy(file);
    const missing = await store.missingSampleIndices(setup.runId);
    const position = new Map(setup.problemIds.map((id, p) => [id, p]));
    let toWrite = 0;
    for (const [problemId, indices] of missing) {
      const p = position.get(problemId)!;
      toWrite += indices.length;
      const r = await store.insertSamples(
        indices.map((i) => ({ runId: setup.runId, problemId, sampleIndex: i, seed: sampleSeed(7, p, i), text: text(p, i), finishReason: 'stop' })),
      );
      expect(r.unchanged).toBe(0);
    }
    expect(toWrite).toBe(PROBLEMS * N - total);
    expect((await store.missingSampleIndices(setup.runId)).size).toBe(0);
    expect((await store.runProgress(setup.runId)).samples).toBe(PROBLEMS * N);
    let checked = 0;
    for await (const s of store.iterateSamples(setup.runId, { pageSize: 5000 })) {
      const p = position.get(s.problemId)!;
      if (s.text !== text(p, s.sampleIndex) || s.seed !== sampleSeed(7, p, s.sampleIndex)) throw new Error(`slot ${p}/${s.sampleIndex} holds the wrong sample`);
      checked++;
    }
    expect(checked).toBe(PROBLEMS * N);
    await store.close();
  });
});
