import { existsSync } from 'node:fs';
import { z } from 'zod';
import type { ProblemRecord } from '../study/types.js';
import {
  loadEvalPlus, prepareEvalPlus, type CodePool, type CodeTarget, type EvalPlusTask, type LcbProblem,
} from '../verify/code/index.js';

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

export type TargetBuilder = (problem: ProblemRecord) => CodeTarget;

export async function codeTargets(pool: CodePool, benchmarkSource: string, problems: readonly ProblemRecord[]): Promise<Map<number, CodeTarget>> {
  const targets = new Map<number, CodeTarget>();
  const evalplus: { problem: ProblemRecord; task: EvalPlusTask }[] = [];
  const rawTasks = existsSync(benchmarkSource) && /\.jsonl(\.gz)?$/.test(benchmarkSource) ? rawEvalPlusTasks(benchmarkSource) : new Map<string, EvalPlusTask>();
  for (const p of problems) {
    const code = storedCode.parse(p.gold);
    if (code.tests !== undefined && code.tests.length > 0) {
      const problem: LcbProblem = {
        index: p.index,
        problem: p.prompt,
        starterCode: code.starterCode ?? '',
        tests: code.tests.map((t) => ({ input: t.input, output: t.output, testtype: t.type })),
      };
      targets.set(p.id, { kind: 'livecodebench', problem });
    } else if (code.entryPoint !== undefined && code.canonicalSolution !== undefined) {
      const task = rawTasks.get(p.key) ?? {
        taskId: p.key,
        prompt: code.prompt ?? p.prompt,
        entryPoint: code.entryPoint,
        canonicalSolution: code.canonicalSolution,
        test: code.testCode ?? '',
        atol: code.atol ?? 0,
        baseInputs: { text: JSON.stringify(code.baseInputs ?? []), count: code.baseInputs?.length ?? 0 },
        plusInputs: { text: JSON.stringify(code.plusInputs ?? []), count: code.plusInputs?.length ?? 0 },
      };
      evalplus.push({ problem: p, task });
    } else {
      throw new Error(`problem ${p.key}: stored code data has neither tests nor an entry point with a canonical solution`);
    }
  }
  if (evalplus.length > 0) {
    const prepared = await prepareEvalPlus(pool, evalplus.map((e) => e.task));
    prepared.forEach((task, i) => targets.set(evalplus[i].problem.id, { kind: 'evalplus', task }));
  }
  return targets;
}

function rawEvalPlusTasks(file: string): Map<string, EvalPlusTask> {
  try {
    return new Map(loadEvalPlus(file).map((t) => [t.taskId, t]));
  } catch {
    return new Map(); // not an EvalPlus file (e.g. a user's LiveCodeBench-shaped JSONL)
  }
}
