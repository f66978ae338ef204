import { readFile } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import { InputError } from '../../errors.js';

/**
 * A minimal reader of ZIP archives (Inspect AI's `.eval` logs), on node's zlib: the central
 * directory at the end of the file lists every entry with its offset, and each entry is stored
 * or deflated. Written here rather than taken from a package because it needs 70 lines, no
 * dependency may be downloaded at install time, and Inspect writes plain archives (Python's
 * zipfile, deflate). ZIP64 archives (over 4 GiB or 65,535 entries) are refused by name.
 */
export interface ZipArchive {
  names(): string[];
  /** The entry's bytes decoded as UTF-8 text; null when there is no such entry. */
  text(name: string): string | null;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export async function openZip(file: string): Promise<ZipArchive> {
  const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
    throw new InputError(`cannot read file (${err.code ?? err.message})`, { file }, { cause: err });
  });
  const bad = (what: string): InputError => new InputError(`not a readable zip archive (${what})`, { file });
  // The end-of-central-directory record is in the last 22 + 65,535 bytes (after an optional comment).
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (bytes.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad('no end of central directory');
  const count = bytes.readUInt16LE(eocd + 10);
  const dirOffset = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) throw bad('ZIP64 archives are not supported');
  const entries = new Map<string, { method: number; compressed: number; local: number }>();
  let at = dirOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL) throw bad(`central directory entry ${i}`);
    const method = bytes.readUInt16LE(at + 10);
    const compressed = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    entries.set(bytes.toString('utf8', at + 46, at + 46 + nameLength), { method, compressed, local });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return {
    names: () => [...entries.keys()],
    text(name) {
      const e = entries.get(name);
      if (e === undefined) return null;
      if (bytes.readUInt32LE(e.local) !== LOCAL) throw bad(`local header of ${name}`);
      const start = e.local + 30 + bytes.readUInt16LE(e.local + 26) + bytes.readUInt16LE(e.local + 28);
      const data = bytes.subarray(start, start + e.compressed);
      if (e.method === 0) return data.toString('utf8');
      if (e.method !== 8) throw bad(`${name} uses compression method ${e.method}`);
      try {
        return inflateRawSync(data).toString('utf8');
      } catch (err) {
        throw new InputError(`cannot inflate ${name} (${(err as Error).message})`, { file }, { cause: err });
      }
    },
  };
}
