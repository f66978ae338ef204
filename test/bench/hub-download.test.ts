import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { downloadHubDataset } from '../../src/bench/hub/dataset.js';
import { readRows } from '../../src/bench/load/rows.js';
import { sharedData } from '../helpers/shared-data.js';

// A local stand-in for the Hugging Face Hub that speaks the same URL scheme (revision lookup,
// resolve/<sha>/<path>, the Parquet-conversion listing) and serves real JSONL and Parquet bytes.
const SHA = 'a'.repeat(40);
const mathJsonl = await readFile(sharedData('aime24', 'test.jsonl'));
const parquetBytes = new Uint8Array(
  parquetWriteBuffer({
    columnData: [
      { name: 'problem', data: ['1+1?', '2+3?', 'What is 7*6?'] },
      { name: 'answer', data: ['2', '5', '42'] },
      { name: 'idx', data: [0, 1, 2], type: 'INT32' },
    ],
  }),
);

let server: http.Server;
let endpoint: string;
const hits: string[] = [];
let failNext = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = req.url ?? '';
    hits.push(url);
    if (failNext > 0) {
      failNext--;
      res.writeHead(503).end('busy');
      return;
    }
    if (url === '/api/datasets/acme/aime/revision/main') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'acme/aime', sha: SHA }));
    } else if (url === `/datasets/acme/aime/resolve/${SHA}/data/test.jsonl`) {
      res.writeHead(200).end(mathJsonl);
    } else if (url === `/api/datasets/acme/aime/parquet/default/test?revision=${SHA}`) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([`${endpoint}/files/test-0.parquet`]));
    } else if (url === '/files/test-0.parquet') {
      res.writeHead(200).end(parquetBytes);
    } else {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function tempCache(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'rlbound-hub-'));
}

describe('Hub download', () => {
  it('downloads explicit files, verifies their hash, then serves them from the cache (also offline)', async () => {
    const cacheDir = await tempCache();
    try {
      const first = await downloadHubDataset({ repo: 'acme/aime', files: ['data/test.jsonl'] }, { endpoint, cacheDir, offline: false });
      expect(first.sha).toBe(SHA);
      expect(first.files).toHaveLength(1);
      const rows = await readRows(first.files[0].localPath);
      expect(rows).toHaveLength(30);
      expect(rows[0].row.answer).toBe('204');

      const before = hits.length;
      const offline = await downloadHubDataset({ repo: 'acme/aime', files: ['data/test.jsonl'] }, { endpoint, cacheDir, offline: true });
      expect(hits.length).toBe(before); // nothing touched the network
      expect(offline.contentHash).toBe(first.contentHash);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it('lists and reads the Parquet conversion of a config/split, retrying a 503', async () => {
    const cacheDir = await tempCache();
    try {
      failNext = 1;
      const dl = await downloadHubDataset({ repo: 'acme/aime', config: 'default', split: 'test' }, { endpoint, cacheDir, offline: false });
      const rows = await readRows(dl.files[0].localPath);
      expect(rows.map((r) => r.row)).toEqual([
        { problem: '1+1?', answer: '2', idx: 0 },
        { problem: '2+3?', answer: '5', idx: 1 },
        { problem: 'What is 7*6?', answer: '42', idx: 2 },
      ]);
      expect(dl.contentHash).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it('fails clearly: unknown dataset (404) and an empty cache in offline mode', async () => {
    const cacheDir = await tempCache();
    try {
      await expect(downloadHubDataset({ repo: 'acme/missing', files: ['x.jsonl'] }, { endpoint, cacheDir, attempts: 1, offline: false })).rejects.toThrow(
        /check the dataset name.*HTTP 404/,
      );
      await expect(downloadHubDataset({ repo: 'acme/aime', files: ['data/test.jsonl'] }, { endpoint, cacheDir, offline: true })).rejects.toThrow(
        /offline mode/,
      );
      await expect(downloadHubDataset({ repo: 'not a repo!' }, { endpoint, cacheDir })).rejects.toThrow(/field "repo"/);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });
});
