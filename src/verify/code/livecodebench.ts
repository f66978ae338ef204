import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import type { CodeJob, CodeTest } from './test-spec.js';

const testSchema = z.object({ input: z.string(), output: z.string(), testtype: z.enum(['stdin', 'functional']) });
const problemSchema = z.object({ problem: z.string(), starter_code: z.string(), tests: z.array(testSchema).min(1) });

export interface LcbProblem {
  /** 0-based position in the file (the file carries no ids). */
  index: number;
  problem: string;
  starterCode: string;
  tests: Array<z.infer<typeof testSchema>>;
}

/** Reads the LiveCodeBench JSON array (problem, starter_code, tests). */
export function loadLiveCodeBench(file: string): LcbProblem[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(`not valid JSON: ${(e as Error).message}`, { file });
  }
  if (!Array.isArray(data)) throw new InputError('expected a JSON array of problems', { file });
  return data.map((row, index) => {
    const r = problemSchema.safeParse(row);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new InputError(issue.message, { file, field: `[${index}].${issue.path.join('.')}` });
    }
    return { index, problem: r.data.problem, starterCode: r.data.starter_code, tests: r.data.tests };
  });
}

/** Names every LiveCodeBench program may use without importing them (typing names,
 * collections, math, …), as LiveCodeBench's runner provides; builtins shadowed by a star
 * import (math's pow) are restored last. */
export const LCB_PRELUDE = [
  'import sys, os, re, math, string, copy, random, heapq, bisect, itertools, functools, collections, operator, statistics, datetime, json',
  'from typing import *',
  'from collections import *',
  'from heapq import *',
  'from bisect import *',
  'from itertools import *',
  'from functools import *',
  'from math import *',
  'from builtins import *',
  'sys.setrecursionlimit(50000)',
].join('\n');

/** Method a functional problem's tests call: the first method of `class Solution` in the starter code. */
export function starterMethod(starterCode: string): string | undefined {
  const cls = starterCode.indexOf('class Solution');
  if (cls < 0) return undefined;
  return /def\s+([A-Za-z_]\w*)\s*\(\s*self\b/.exec(starterCode.slice(cls))?.[1];
}

/** One test per LiveCodeBench test case: stdin ones compare stdout, functional ones call
 * `Solution().<method>` with the JSON arguments and compare the JSON return value. */
export function liveCodeBenchTests(p: LcbProblem, options: { floatTolerance?: number } = {}): CodeTest[] {
  return p.tests.map((t, i): CodeTest => {
    if (t.testtype === 'stdin') {
      return { kind: 'stdio', stdin: t.input, expectedStdout: t.output, prelude: LCB_PRELUDE, floatTolerance: options.floatTolerance };
    }
    const method = starterMethod(p.starterCode);
    if (method === undefined)
      throw new InputError('functional test but the starter code has no `class Solution` method', { field: `[${p.index}].tests[${i}]` });
    return {
      kind: 'call',
      entry: { name: method, className: 'Solution' },
      inputs: { format: 'lines', lines: [t.input] },
      expected: { codec: 'json', text: `[${t.output}]` },
      compare: 'json',
      floatTolerance: options.floatTolerance,
      prelude: LCB_PRELUDE,
    };
  });
}

export function liveCodeBenchJob(p: LcbProblem, program: string, options: { floatTolerance?: number } = {}): CodeJob {
  return { program, tests: liveCodeBenchTests(p, options) };
}
