import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { readRows } from '../../src/bench/load/rows.js';
import { sharedData } from '../helpers/shared-data.js';

const data = (...p: string[]) => sharedData(...p);

describe('readRows', () => {
  it('reads the real JSONL, gzipped JSONL and JSON array benchmark files', async () => {
    expect(await readRows(data('math500', 'test.jsonl'))).toHaveLength(500);
    const he = await readRows(data('humanevalplus', 'HumanEvalPlus.jsonl.gz'));
    expect(he).toHaveLength(164);
    expect(he[0].row.task_id).toBe('HumanEval/0');
    const lcb = await readRows(data('livecodebench', 'livecodebench.json'));
    expect(lcb).toHaveLength(279);
    expect(Array.isArray(lcb[0].row.tests)).toBe(true);
  });

  it('names the file and line of a malformed record, and of a non-object', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rlbound-rows-'));
    const bad = path.join(dir, 'bad.jsonl');
    await writeFile(bad, '{"a":1}\n\n{"a":2\n');
    await expect(readRows(bad)).rejects.toThrow(`${bad}:3: invalid JSON`);
    const notObj = path.join(dir, 'arr.jsonl.gz');
    await writeFile(notObj, gzipSync('{"a":1}\n[1,2]\n'));
    await expect(readRows(notObj)).rejects.toThrow(`${notObj}:2: expected a JSON object`);
    await expect(readRows(path.join(dir, 'missing.jsonl'))).rejects.toThrow(/cannot read file \(ENOENT\)/);
    await expect(readRows(path.join(dir, 'x.csv'))).rejects.toThrow(/unknown data format/);
  });
});
