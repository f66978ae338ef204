import { InputError } from '../../errors.js';
import { extractGold, type MathBenchmark } from '../../verify/math/index.js';
import type { HubDatasetRef } from '../hub/dataset.js';
import { metaOf, requireText, rowId, type BenchmarkSpec } from '../spec.js';

/** The question text: the first present of these keys, as the paper's evaluator reads it. */
const QUESTION_KEYS = ['question', 'problem', 'Question', 'input'];

function mathSpec(name: MathBenchmark, description: string, localFile: string, idKeys: string[], hub?: HubDatasetRef): BenchmarkSpec {
  return {
    name,
    description,
    kind: 'math',
    verifier: 'math',
    defaultTemplate: 'qwen-boxed',
    localFile,
    hub,
    toProblem(row, index, where) {
      let gold: string;
      try {
        gold = extractGold(name, row);
      } catch (err) {
        throw new InputError(`no gold answer: ${(err as Error).message.split('\n')[0]}`, {
          ...where,
          field: name === 'gsm8k' || name === 'aime24' || name === 'amc23' ? 'answer' : name === 'olympiadbench' ? 'final_answer' : 'solution',
        });
      }
      return {
        id: rowId(row, idKeys, index),
        index,
        kind: 'math',
        question: requireText(row, QUESTION_KEYS, where),
        gold,
        meta: metaOf(row, ['question', 'problem', 'solution', 'answer', 'final_answer']),
      };
    },
  };
}

export const math500 = mathSpec('math500', 'MATH500: 500 competition problems (gold = last \\boxed of the solution)', 'math500/test.jsonl', ['unique_id'], {
  repo: 'HuggingFaceH4/MATH-500',
  split: 'test',
});
export const aime24 = mathSpec('aime24', 'AIME 2024: 30 problems, integer answers', 'aime24/test.jsonl', ['id'], {
  repo: 'HuggingFaceH4/aime_2024',
  split: 'train',
});
export const amc23 = mathSpec('amc23', 'AMC 2023: 40 problems', 'amc23/test.jsonl', ['id']);
export const gsm8k = mathSpec('gsm8k', 'GSM8K test: 1,319 grade-school word problems (gold after ####)', 'gsm8k/test.jsonl', ['idx'], {
  repo: 'openai/gsm8k',
  config: 'main',
  split: 'test',
});
export const minerva_math = mathSpec('minerva_math', 'Minerva Math: 272 STEM problems (units kept, gold = last \\boxed)', 'minerva_math/test.jsonl', ['idx']);
export const olympiadbench = mathSpec(
  'olympiadbench',
  'OlympiadBench: 675 English text-only open-ended math problems (gold = final_answer[0])',
  'olympiadbench/test.jsonl',
  ['id'],
);
