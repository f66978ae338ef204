import { existsSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import type { ProblemRecord } from '../../study/types.js';
import type { Problem } from '../../bench/problem.js';
import { codeTargetForProblem, loadEvalPlus, prepareEvalPlus, type CodePool, type CodeTarget, type EvalPlusTask, type PreparedEvalPlusTask } from './index.js';

/**
 * Turns stored code problems into what the code verifier runs. HumanEval+/MBPP+ tasks need their
 * expected outputs, made once per study run by executing the canonical solution in the sandbox
 * (as EvalPlus does). When the benchmark came from a local EvalPlus file, its argument lists are
 * re-read as raw JSON text so that `1.0` reaches Python as a float, not the integer `1`.
 */
const storedCode = z
  .object({
    prompt: z.string().optional(),
    entryPoint: z.string().optional(),
    canonicalSolution: z.string().optional(),
    baseInputs: z.array(z.unknown()).optional(),
    plusInputs: z.array(z.unknown()).optional(),
    atol: z.number().optional(),
    testCode: z.string().optional(),
    starterCode: z.string().optional(),
    tests: z.array(z.object({ type: z.enum(['stdin', 'functional']), input: z.string(), output: z.string() })).optional(),
  })
  .passthrough();

export async function codeTargets(pool: CodePool, benchmarkSource: string, problems: readonly ProblemRecord[]): Promise<Map<number, CodeTarget>> {
  const rawTasks = existsSync(benchmarkSource) && /\.jsonl(\.gz)?$/.test(benchmarkSource) ? rawEvalPlusTasks(benchmarkSource) : new Map<string, EvalPlusTask>();
  const asProblems = problems.map((p) => ({ record: p, problem: asCodeProblem(p) }));
  const evalplus: EvalPlusTask[] = [];
  for (const { record, problem } of asProblems) {
    const code = problem.code!;
    if (code.tests !== undefined && code.tests.length > 0) continue;
    if (code.entryPoint === undefined || code.canonicalSolution === undefined) {
      throw new InputError(
        `problem ${record.key}: stored code data has neither tests nor an entry point with a canonical solution (was the benchmark registered by another tool?)`,
        { field: 'gold' },
      );
    }
    evalplus.push(
      rawTasks.get(record.key) ?? {
        taskId: record.key,
        prompt: code.prompt ?? record.prompt,
        entryPoint: code.entryPoint,
        canonicalSolution: code.canonicalSolution,
        test: code.testCode ?? '',
        atol: code.atol ?? 0,
        baseInputs: { text: JSON.stringify(code.baseInputs ?? []), count: code.baseInputs?.length ?? 0 },
        plusInputs: { text: JSON.stringify(code.plusInputs ?? []), count: code.plusInputs?.length ?? 0 },
      },
    );
  }
  const prepared = new Map<string, PreparedEvalPlusTask>((evalplus.length > 0 ? await prepareEvalPlus(pool, evalplus) : []).map((t) => [t.taskId, t]));
  return new Map(asProblems.map(({ record, problem }) => [record.id, codeTargetForProblem(problem, prepared)]));
}

/** A stored code problem back in the benchmark's Problem shape (its gold column holds the code data). */
function asCodeProblem(p: ProblemRecord): Problem {
  const code = storedCode.parse(p.gold);
  return { id: p.key, index: p.index, kind: 'code', question: p.prompt, gold: null, code, meta: p.metadata };
}

function rawEvalPlusTasks(file: string): Map<string, EvalPlusTask> {
  try {
    return new Map(loadEvalPlus(file).map((t) => [t.taskId, t]));
  } catch {
    return new Map(); // not an EvalPlus file (e.g. a user's LiveCodeBench-shaped JSONL)
  }
}
