/**
 * A benchmark problem as every later stage sees it: a question to put into a prompt template,
 * the gold answer (math) or the tests (code), and the raw row's metadata for reports.
 */
export type ProblemKind = 'math' | 'code' | 'visual' | 'lab';

/** A stdin/stdout test or a functional (LeetCode-style) test for a code problem. */
export interface CodeTest {
  type: 'stdin' | 'functional';
  input: string;
  output: string;
}

export interface CodeProblemData {
  /** HumanEval-style: the function prompt a completion continues. */
  prompt?: string;
  entryPoint?: string;
  canonicalSolution?: string;
  /** HumanEval+/MBPP+: EvalPlus inputs (JSON-encoded argument lists) and tolerance. */
  baseInputs?: unknown[];
  plusInputs?: unknown[];
  atol?: number;
  /** Assert-style harness code (HumanEval `check(candidate)`). */
  testCode?: string;
  /** LiveCodeBench: starter code (names the `class Solution` method for functional tests). */
  starterCode?: string;
  tests?: CodeTest[];
}

export interface Problem {
  /** Stable id within its benchmark (the dataset's id where it has one, else the row index). */
  id: string;
  /** 0-based row order in the source file (the paper's "problem index"). */
  index: number;
  kind: ProblemKind;
  /** Question text that the prompt template receives. */
  question: string;
  /** Gold answer as LaTeX/text for math and visual problems; null for code. */
  gold: string | null;
  /** For visual problems: images as data URLs, sent to chat endpoints of vision-language models. */
  images?: string[];
  /** For multiple-choice items: the options in order (letters A, B, … by position). */
  choices?: string[];
  code?: CodeProblemData;
  /** For lab task problems: the task's own problem object (its checker needs it). */
  lab?: { task: string; difficulty: string; problem: Record<string, unknown> };
  /** Everything else from the source row that reports may show (subject, level, type, url…). */
  meta: Record<string, unknown>;
}
