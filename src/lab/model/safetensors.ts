import { z } from 'zod';
import { InputError } from '../../errors.js';
import type { FloatArray } from '../tensor/float-array.js';

/**
 * The safetensors file format (as read by Python's `safetensors`):
 *   8 bytes   little-endian u64 N = header length
 *   N bytes   UTF-8 JSON {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {str: str}}
 *   rest      tensor bytes, offsets relative to the start of this section
 * We write float32 ("F32") tensors in little-endian order, the header padded with spaces so the
 * data section starts 8-byte aligned. Pure in-memory encode/decode; file I/O is the caller's.
 */
export interface NamedTensor {
  name: string;
  shape: number[];
  data: FloatArray;
}

export function encodeSafetensors(tensors: readonly NamedTensor[], metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const t of tensors) {
    const n = t.shape.reduce((a, b) => a * b, 1);
    if (n !== t.data.length) throw new Error(`tensor ${t.name}: shape [${t.shape}] has ${n} elements, data has ${t.data.length}`);
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + 4 * n] };
    offset += 4 * n;
  }
  let json = JSON.stringify(header);
  const headerBytes0 = new TextEncoder().encode(json).length;
  json += ' '.repeat((8 - ((8 + headerBytes0) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let pos = 8 + headerBytes.length;
  for (const t of tensors) {
    for (let i = 0; i < t.data.length; i++, pos += 4) view.setFloat32(pos, t.data[i], true);
  }
  return out;
}

const entrySchema = z.object({
  dtype: z.string(),
  shape: z.array(z.number().int().min(0)),
  data_offsets: z.tuple([z.number().int().min(0), z.number().int().min(0)]),
});

export interface DecodedSafetensors {
  tensors: Map<string, { shape: number[]; data: Float32Array }>;
  metadata: Record<string, string>;
}

/** Parse a safetensors buffer holding F32 tensors; `file` names the source in error messages. */
export function decodeSafetensors(bytes: Uint8Array, file: string): DecodedSafetensors {
  if (bytes.length < 8) throw new InputError('not a safetensors file (shorter than 8 bytes)', { file });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (n > bytes.length - 8) throw new InputError(`safetensors header length ${n} exceeds the file size ${bytes.length}`, { file });
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n))) as Record<string, unknown>;
  } catch (e) {
    throw new InputError(`safetensors header is not valid UTF-8 JSON: ${(e as Error).message}`, { file }, { cause: e });
  }
  const dataStart = 8 + n;
  const dataLength = bytes.length - dataStart;
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  let metadata: Record<string, string> = {};
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = z.record(z.string(), z.string()).parse(raw);
      continue;
    }
    const parsed = entrySchema.safeParse(raw);
    if (!parsed.success) throw new InputError(`bad header entry: ${parsed.error.issues[0]?.message}`, { file, field: name });
    const {
      dtype,
      shape,
      data_offsets: [begin, end],
    } = parsed.data;
    if (dtype !== 'F32') throw new InputError(`dtype ${dtype} is not supported (lab checkpoints are F32)`, { file, field: name });
    const count = shape.reduce((a, b) => a * b, 1);
    if (end - begin !== 4 * count || end > dataLength || begin > end)
      throw new InputError(`data_offsets [${begin}, ${end}] do not fit shape [${shape}] in ${dataLength} data bytes`, { file, field: name });
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = view.getFloat32(dataStart + begin + 4 * i, true);
    tensors.set(name, { shape, data });
  }
  return { tensors, metadata };
}
