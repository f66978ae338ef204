import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { InputError } from '../../errors.js';

/** SHA-256 (hex) of a file's bytes, streamed: what makes re-importing the same content a no-op. */
export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  } catch (err) {
    throw new InputError(`cannot read file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { file }, { cause: err });
  }
  return hash.digest('hex');
}
