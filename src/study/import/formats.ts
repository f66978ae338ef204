import { readdir, stat } from 'node:fs/promises';
import { InputError } from '../../errors.js';
import { countsReader } from './counts.js';
import { evalplusReader } from './evalplus.js';
import { fileHead } from './file-head.js';
import type { DetectInput, FormatReader } from './imported.js';
import { inspectReader } from './inspect.js';
import { lightevalReader } from './lighteval.js';
import { lmEvalReader } from './lm-eval.js';
import { mathEvalReader } from './math-eval.js';
import { opencompassReader } from './opencompass.js';
import { exportReader } from './rlbound-export.js';
import { resultsReader } from './rlbound-results.js';
import { verlReader } from './verl.js';

/**
 * Every format `rlbound import` reads, in the order `--format auto` tries them: the ones
 * recognized by file or folder names first, then those recognized by the keys of their first
 * record, most specific first (an export row also has a "problem" key).
 */
export const FORMAT_READERS: readonly FormatReader[] = [
  mathEvalReader,
  lmEvalReader,
  lightevalReader,
  inspectReader,
  opencompassReader,
  verlReader,
  exportReader,
  evalplusReader,
  countsReader,
  resultsReader,
];
export const FORMAT_NAMES = FORMAT_READERS.map((r) => r.name);

/** Folder entries looked at for detection: enough to see the layout, bounded for huge folders. */
const LISTING_LIMIT = 5000;

/** The reader `--format` names, or (for "auto") the first that recognizes the path; else an error listing every format. */
export async function readerFor(input: string, format: string): Promise<FormatReader> {
  const st = await stat(input).catch((err: NodeJS.ErrnoException) => {
    throw new InputError(`cannot read (${err.code ?? err.message})`, { file: input }, { cause: err });
  });
  if (format !== 'auto') {
    const named = FORMAT_READERS.find((r) => r.name === format);
    if (named === undefined) throw new InputError(`unknown format ${JSON.stringify(format)}; known: auto, ${FORMAT_NAMES.join(', ')}`, { field: '--format' });
    return named;
  }
  const detect: DetectInput = st.isDirectory()
    ? { path: input, isDirectory: true, listing: (await readdir(input, { recursive: true })).slice(0, LISTING_LIMIT).map(String), head: '' }
    : { path: input, isDirectory: false, listing: [], head: await fileHead(input) };
  const found = FORMAT_READERS.find((r) => r.detect(detect));
  if (found === undefined) {
    throw new InputError(
      `cannot tell which tool wrote this; name it with --format. Known formats:\n${FORMAT_READERS.map((r) => `  ${r.name.padEnd(15)} ${r.describes}`).join('\n')}`,
      { file: input },
    );
  }
  return found;
}
