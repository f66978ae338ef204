/**
 * Every command with its one-line summary, in the order `rlbound --help` lists them. The top-level
 * help is printed from this table without loading any command module (that is what makes
 * `--help` and `--version` start at once); a command's module is loaded only when it runs. A test
 * checks that each module registers its command with the same summary.
 */
export const COMMANDS = {
  run: 'Run a whole study from a YAML file: sample, verify, score, analyze, report (resumable)',
  sample: 'Sample n completions per problem from a model server into a study (resumable)',
  verify: 'Verify stored samples of a study with the math, code or lab verifier (resumable; no re-sampling)',
  score: 'Score stored responses under another model (log-probs, perplexity)',
  report: 'Write a self-contained HTML report with figures (SVG/PNG) and tables for a study',
  view: 'Browse a study in a local web viewer',
  passk: 'Compute pass@k curves with bootstrap confidence bands from a JSONL file',
  analyze:
    'Beyond-the-paper analyses of a study: support dynamics, certified absence, cover@τ, pass@k beyond n, G-Pass@k, answer entropy and guessing, grader audit, truncation',
  'grade-math': 'Grade math answers (JSONL in, JSONL out)',
  exec: 'Run programs against tests in the bubblewrap sandbox (JSONL in, JSONL out)',
  serve: 'Serve a lab checkpoint over an OpenAI-compatible HTTP API on 127.0.0.1',
  lab: 'The CPU laboratory: demo, followups, pretrain, rl, distill, eval',
  review: "Record a person's verdict on a correct response's reasoning (the CoT inspection queue), or list verdicts",
  export: 'Export the per-sample table of a study (text, verdict, extracted answer, reason) to JSONL or Parquet',
  import:
    'Import results of other harnesses (lm-eval, lighteval, Inspect, OpenCompass, EvalPlus, math_eval, verl, counts, rlbound export) into a study, in one transaction',
  worker: "Process a study's queued sampling, verification and scoring jobs (run one per GPU server and per CPU machine)",
  status: 'Progress of a study (every run, and the queue if given), from any machine',
  simulate: 'Fill a study with simulated Bernoulli outcomes from per-problem success rates, uniformly or with adaptive sampling',
  plan: 'How many samples per problem a stated power needs (crossover at k, a coverage difference), from a pilot study',
} as const satisfies Record<string, string>;

export type CommandName = keyof typeof COMMANDS;

export function isCommandName(name: string | undefined): name is CommandName {
  return name !== undefined && Object.hasOwn(COMMANDS, name);
}
