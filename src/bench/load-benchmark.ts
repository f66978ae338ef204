import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.js';
import { sha256Hex } from './hub/cache.js';
import { downloadHubDataset } from './hub/dataset.js';
import type { HubOptions } from './hub/options.js';
import { readRows, type SourceRow } from './load/rows.js';
import type { Problem } from './problem.js';
import type { BenchmarkSpec } from './spec.js';

export interface LoadedBenchmark {
  spec: BenchmarkSpec;
  problems: Problem[];
  /** Where the rows came from: a file path or "hub:org/name@sha". */
  source: string;
  /** sha256 of the source bytes (or of the Hub file list): stored with the benchmark. */
  contentHash: string;
  /** Rows the spec's protocol filter dropped (e.g. multiple-choice visual items). */
  dropped: number;
}

export interface LoadOptions {
  /** Explicit data file (wins over everything). */
  file?: string;
  /** Folder holding built-in data files (`<dir>/math500/test.jsonl`); RLBOUND_DATA_DIR by default. */
  dataDir?: string;
  /** Keep only the first `limit` problems (after filtering). */
  limit?: number;
  hub?: Partial<HubOptions>;
}

/**
 * Loads a benchmark's problems: from an explicit file, else the spec's file under the data
 * directory, else the Hugging Face Hub (cached). Every row error names file, line and field.
 */
export async function loadBenchmark(spec: BenchmarkSpec & { file?: string }, opts: LoadOptions = {}): Promise<LoadedBenchmark> {
  const dataDir = opts.dataDir ?? process.env.RLBOUND_DATA_DIR;
  const localCandidate = opts.file ?? spec.file ?? (dataDir !== undefined && spec.localFile !== undefined ? path.join(dataDir, spec.localFile) : undefined);

  let rowsByFile: { file: string; rows: SourceRow[] }[];
  let source: string;
  let contentHash: string;
  if (spec.generate !== undefined && opts.file === undefined) {
    const rows = spec.generate().map((row, i) => ({ row, line: i + 1 }));
    rowsByFile = [{ file: `generated:${spec.name}`, rows }];
    source = `generated:${spec.name}`;
    contentHash = sha256Hex(Buffer.from(JSON.stringify(rows.map((r) => r.row)), 'utf8'));
  } else if (localCandidate !== undefined && (opts.file !== undefined || spec.file !== undefined || existsSync(localCandidate))) {
    const bytes = await readFile(localCandidate).catch((err: NodeJS.ErrnoException) => {
      throw new InputError(`cannot read benchmark data (${err.code ?? err.message})`, { file: localCandidate });
    });
    rowsByFile = [{ file: localCandidate, rows: await readRows(localCandidate) }];
    source = path.resolve(localCandidate);
    contentHash = sha256Hex(bytes);
  } else if (spec.hub !== undefined) {
    const dl = await downloadHubDataset(spec.hub, opts.hub);
    rowsByFile = await Promise.all(dl.files.map(async (f) => ({ file: f.localPath, rows: await readRows(f.localPath) })));
    source = `hub:${dl.repo}@${dl.sha}`;
    contentHash = dl.contentHash;
  } else {
    throw new InputError(`no data for benchmark "${spec.name}": give a file, or set RLBOUND_DATA_DIR to a folder containing ${spec.localFile ?? 'its data'}`, {
      field: 'benchmarks',
    });
  }

  const problems: Problem[] = [];
  let dropped = 0;
  let index = 0;
  for (const { file, rows } of rowsByFile) {
    for (const { row, line } of rows) {
      const p = spec.toProblem(row, index++, { file, line });
      if (spec.keep !== undefined && !spec.keep(p)) {
        dropped++;
        continue;
      }
      problems.push(p);
      if (opts.limit !== undefined && problems.length >= opts.limit) break;
    }
    if (opts.limit !== undefined && problems.length >= opts.limit) break;
  }
  const seen = new Set<string>();
  for (const p of problems) {
    if (seen.has(p.id)) throw new InputError(`duplicate problem id "${p.id}" in benchmark "${spec.name}"`, { file: source });
    seen.add(p.id);
  }
  return { spec, problems, source, contentHash, dropped };
}
