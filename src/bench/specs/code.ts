import { z } from 'zod';
import { InputError } from '../../errors.js';
import type { CodeTest } from '../problem.js';
import { livecodebenchQuestion } from '../templates.js';
import { firstText, metaOf, requireText, rowId, type BenchmarkSpec } from '../spec.js';

/** HumanEval+ (EvalPlus v0.1.10): 164 functions; base and plus inputs checked against the canonical solution. */
export const humanevalplus: BenchmarkSpec = {
  name: 'humanevalplus',
  description: 'HumanEval+ (EvalPlus): 164 Python functions, base + plus test inputs',
  kind: 'code',
  verifier: 'code',
  defaultTemplate: 'evalplus',
  localFile: 'humanevalplus/HumanEvalPlus.jsonl.gz',
  hub: { repo: 'evalplus/humanevalplus', split: 'test' },
  toProblem(row, index, where) {
    const prompt = requireText(row, ['prompt'], where);
    const atol = Number(row.atol ?? 0);
    return {
      id: rowId(row, ['task_id'], index),
      index,
      kind: 'code',
      question: prompt,
      gold: null,
      code: {
        prompt,
        entryPoint: requireText(row, ['entry_point'], where),
        canonicalSolution: firstText(row, ['canonical_solution']),
        baseInputs: asInputList(row.base_input, { ...where, field: 'base_input' }),
        plusInputs: asInputList(row.plus_input, { ...where, field: 'plus_input' }),
        atol: Number.isFinite(atol) ? atol : 0,
        testCode: firstText(row, ['test']),
      },
      meta: metaOf(row, ['prompt', 'canonical_solution', 'base_input', 'plus_input', 'test', 'contract']),
    };
  },
};

/** MBPP+ (EvalPlus): no trustworthy local copy ships; downloaded from the Hub. */
export const mbppplus: BenchmarkSpec = {
  name: 'mbppplus',
  description: 'MBPP+ (EvalPlus): 378 Python tasks with base + plus tests (downloaded from the Hub)',
  kind: 'code',
  verifier: 'code',
  defaultTemplate: 'evalplus',
  hub: { repo: 'evalplus/mbppplus', split: 'test' },
  toProblem(row, index, where) {
    const prompt = requireText(row, ['prompt', 'text'], where);
    const tests = Array.isArray(row.test_list) ? row.test_list.filter((t): t is string => typeof t === 'string') : [];
    const testCode = [firstText(row, ['test_imports']) ?? '', ...tests, firstText(row, ['test']) ?? ''].join('\n');
    return {
      id: rowId(row, ['task_id'], index),
      index,
      kind: 'code',
      question: `${prompt}\n${tests[0] ?? ''}`.trim(),
      gold: null,
      code: { canonicalSolution: firstText(row, ['code']), testCode, atol: 0 },
      meta: metaOf(row, ['code', 'test', 'test_list', 'prompt']),
    };
  },
};

const lcbTest = z.object({ input: z.string(), output: z.string(), testtype: z.enum(['stdin', 'functional']) });

/** LiveCodeBench v5 (Aug 2024 – Jan 2025, 279 problems; public tests only in the local copy). */
export const livecodebench: BenchmarkSpec = {
  name: 'livecodebench',
  description: 'LiveCodeBench v5, 279 problems Aug 2024 – Jan 2025 (stdin and LeetCode-style functional tests)',
  kind: 'code',
  verifier: 'code',
  defaultTemplate: 'livecodebench',
  localFile: 'livecodebench/livecodebench.json',
  toProblem(row, index, where) {
    const problem = requireText(row, ['problem', 'question_content'], where);
    const starter = firstText(row, ['starter_code']);
    let raw: unknown = row.tests;
    if (typeof raw === 'string') {
      try {
        raw = JSON.parse(raw);
      } catch {
        throw new InputError('"tests" is not valid JSON', { ...where, field: 'tests' });
      }
    }
    const parsed = z.array(lcbTest).min(1).safeParse(raw);
    if (!parsed.success)
      throw new InputError(`"tests" must be a non-empty list of {input, output, testtype}: ${parsed.error.issues[0].message}`, { ...where, field: 'tests' });
    const tests: CodeTest[] = parsed.data.map((t) => ({ type: t.testtype, input: t.input, output: t.output }));
    return {
      id: rowId(row, ['question_id', 'id'], index),
      index,
      kind: 'code',
      question: livecodebenchQuestion(problem, starter),
      gold: null,
      code: { starterCode: starter, tests },
      meta: metaOf(row, ['problem', 'tests', 'starter_code']),
    };
  },
};

function asInputList(value: unknown, where: { file?: string; line?: number; field: string }): unknown[] {
  if (value === undefined || value === null) return [];
  const v = typeof value === 'string' ? safeJson(value, where) : value;
  if (!Array.isArray(v)) throw new InputError('expected a list of argument lists', where);
  return v;
}

function safeJson(text: string, where: { file?: string; line?: number; field: string }): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new InputError('not valid JSON', where);
  }
}
