import { InputError } from '../../errors.js';
import { readResultsFile } from '../results-jsonl.js';
import { plainJsonlPart, type FormatReader, type ImportedProblem } from './imported.js';

/**
 * rlbound's own per-sample results JSONL (src/study/results-jsonl.ts, also read by `rlbound
 * passk`): `{"problem", "scores": [0,1,…], "answers"?, "texts"?}` per problem or
 * `{"problem", "sample", "correct", "answer"?, "text"?}` per sample. A sample without a text is
 * stored with an empty one (only the verdict is known).
 */
async function* problemsOf(file: string): AsyncIterable<ImportedProblem> {
  for (const p of await readResultsFile(file)) {
    if (p.scores === undefined)
      throw new InputError(`only counts (n, c) for problem ${JSON.stringify(p.problemId)}; import counts files with --format counts`, { file, line: p.line });
    yield {
      file,
      line: p.line,
      key: p.problemId,
      keyIsIndex: false,
      question: null,
      gold: null,
      counts: null,
      samples: p.scores.map((s, i) => ({ text: p.texts?.[i] ?? '', verdict: { correct: s === 1, extracted: p.answers?.[i] ?? null } })),
    };
  }
}

export const resultsReader: FormatReader = {
  name: 'results',
  describes: 'rlbound results JSONL: {"problem","scores":[0,1,…],"answers"?,"texts"?} or {"problem","sample","correct"}',
  detect: (i) => !i.isDirectory && /"(problem|idx)"\s*:/.test(i.head) && /"(scores?|sample)"\s*:/.test(i.head),
  async parts(file) {
    return [plainJsonlPart('results', file, () => problemsOf(file))];
  },
};
