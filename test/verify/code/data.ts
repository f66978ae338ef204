import { sharedData } from '../../helpers/shared-data.js';

/** Shared benchmark data (read in place, never copied into the repository). */
export const humanEvalPlusFile = sharedData('humanevalplus', 'HumanEvalPlus.jsonl.gz');
export const liveCodeBenchFile = sharedData('livecodebench', 'livecodebench.json');
