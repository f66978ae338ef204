import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { saveTinyCheckpoint } from '../serve/lab-checkpoint.js';

/** A temp dir with a tiny lab checkpoint (`ckpt/`) and a small arithmetic benchmark spec in its alphabet. */
export interface LabFixture {
  dir: string;
  checkpoint: string;
  benchSpec: string;
  problems: number;
}

export async function makeLabFixture(problems = 6): Promise<LabFixture> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rlbound-e2e-'));
  const checkpoint = path.join(dir, 'ckpt');
  saveTinyCheckpoint(checkpoint);
  const rows = Array.from({ length: problems }, (_, i) => JSON.stringify({ id: `q${i}`, question: `what is ${i}+${i + 1}?`, answer: String(2 * i + 1) }));
  await writeFile(path.join(dir, 'arith.jsonl'), `${rows.join('\n')}\n`);
  const benchSpec = path.join(dir, 'arith.yaml');
  await writeFile(benchSpec, 'name: arith\nkind: math\nfile: arith.jsonl\nfields: { id: id }\n');
  return { dir, checkpoint, benchSpec, problems };
}
