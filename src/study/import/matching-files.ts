import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../../errors.js';

/** The files under `dir` (any depth) whose base name matches `name`, sorted; none is an error saying what was looked for. */
export async function matchingFiles(dir: string, name: RegExp, what: string): Promise<string[]> {
  const files = (await readdir(dir, { recursive: true }))
    .map(String)
    .filter((f) => name.test(path.basename(f)))
    .map((f) => path.join(dir, f))
    .sort();
  if (files.length === 0) throw new InputError(`no ${what} here`, { file: dir });
  return files;
}
