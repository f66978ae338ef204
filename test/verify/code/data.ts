import path from 'node:path';
import { repoRoot } from '../../helpers/cli.js';

/** Shared benchmark data (read in place, never copied into the repository). */
export const humanEvalPlusFile = path.resolve(repoRoot, '..', 'shared', 'data', 'humanevalplus', 'HumanEvalPlus.jsonl.gz');
export const liveCodeBenchFile = path.resolve(repoRoot, '..', 'shared', 'data', 'livecodebench', 'livecodebench.json');
