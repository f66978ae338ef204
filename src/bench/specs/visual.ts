import { InputError, type InputLocation } from '../../errors.js';
import { firstText, metaOf, requireText, rowId, type BenchmarkSpec } from '../spec.js';

/**
 * Visual math benchmarks for vision-language models. Images travel as data URLs in chat requests.
 * The paper kept only free-form items (it dropped multiple-choice ones, which can be guessed),
 * leaving 460 of MathVista-testmini's 1,000 problems; `keep` applies that filter.
 */

function mimeOf(bytes: Uint8Array): string {
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes[0] === 0x47 && bytes[1] === 0x49) return 'image/gif';
  if (bytes[0] === 0x52 && bytes[1] === 0x49) return 'image/webp';
  return 'application/octet-stream';
}

/** A Hub image cell ({bytes, path} from Parquet, or an existing data URL) as a data URL. */
export function imageDataUrl(cell: unknown, where: InputLocation): string {
  if (typeof cell === 'string' && cell.startsWith('data:image/')) return cell;
  const bytes =
    cell instanceof Uint8Array
      ? cell
      : cell !== null && typeof cell === 'object' && (cell as { bytes?: unknown }).bytes instanceof Uint8Array
        ? (cell as { bytes: Uint8Array }).bytes
        : undefined;
  if (bytes === undefined || bytes.length === 0) throw new InputError('expected image bytes (a Parquet image struct {bytes, path})', where);
  return `data:${mimeOf(bytes)};base64,${Buffer.from(bytes).toString('base64')}`;
}

function choicesOf(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const list = value.filter((c): c is string => typeof c === 'string');
  return list.length > 0 ? list : undefined;
}

export const mathvista: BenchmarkSpec = {
  name: 'mathvista',
  description: 'MathVista testmini (visual math); free-form items only, as in the paper',
  kind: 'visual',
  verifier: 'math',
  defaultTemplate: 'qwen-boxed',
  hub: { repo: 'AI4Math/MathVista', split: 'testmini' },
  toProblem(row, index, where) {
    const choices = choicesOf(row.choices);
    return {
      id: rowId(row, ['pid'], index),
      index,
      kind: 'visual',
      question: requireText(row, ['question', 'query'], where),
      gold: requireText(row, ['answer'], { ...where }),
      images: [imageDataUrl(row.decoded_image ?? row.image, { ...where, field: 'decoded_image' })],
      choices,
      meta: { ...metaOf(row, ['decoded_image', 'image', 'query', 'question', 'answer']), question_type: firstText(row, ['question_type']) },
    };
  },
  keep: (p) => p.meta.question_type !== 'multi_choice' && p.choices === undefined,
};

export const mathvision: BenchmarkSpec = {
  name: 'mathvision',
  description: 'MATH-Vision testmini (visual competition math); free-form items only, as in the paper',
  kind: 'visual',
  verifier: 'math',
  defaultTemplate: 'qwen-boxed',
  hub: { repo: 'MathLLMs/MathVision', split: 'testmini' },
  toProblem(row, index, where) {
    return {
      id: rowId(row, ['id'], index),
      index,
      kind: 'visual',
      question: requireText(row, ['question'], where),
      gold: requireText(row, ['answer'], where),
      images: [imageDataUrl(row.decoded_image ?? row.image, { ...where, field: 'decoded_image' })],
      choices: choicesOf(row.options),
      meta: metaOf(row, ['decoded_image', 'image', 'question', 'answer', 'solution']),
    };
  },
  keep: (p) => p.choices === undefined,
};
