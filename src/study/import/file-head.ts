import { open } from 'node:fs/promises';

/** The first `bytes` bytes of a file as text ('' when it cannot be read): enough to recognize a format. */
export async function fileHead(file: string, bytes = 8192): Promise<string> {
  try {
    const handle = await open(file, 'r');
    try {
      const buf = Buffer.alloc(bytes);
      const { bytesRead } = await handle.read(buf, 0, bytes, 0);
      return buf.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return '';
  }
}
