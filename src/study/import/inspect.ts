import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import type { JsonObject, JsonValue } from '../json.js';
import type { FormatReader, ImportPart, ImportedProblem, ImportedSample } from './imported.js';
import { checkRow } from './row-check.js';
import { openZip } from './zip-entries.js';

/**
 * Inspect AI logs (UKGovernmentBEIS/inspect_ai, src/inspect_ai/log/_log.py for the EvalLog /
 * EvalSample models and log/_recorders/eval.py for the `.eval` layout): a zip holding
 * `header.json` (eval.task, eval.model, eval.dataset, plan.config = the generate config) and one
 * `samples/<id>_epoch_<e>.json` per sample and epoch (id, epoch, input, target, output.completion,
 * output.choices[0].stop_reason, scores.<scorer>.value / .answer). Epoch e is sample e − 1. The
 * older `.json` logs hold the same header fields and a `samples` list.
 */
const Message = z.object({ content: z.union([z.string(), z.array(z.object({ type: z.string(), text: z.string().optional() }).loose())]) }).loose();
const Score = z.object({ value: z.unknown(), answer: z.union([z.string(), z.null()]).optional() }).loose();
const Sample = z
  .object({
    id: z.union([z.string(), z.number()]).transform(String),
    epoch: z.number().int().min(1),
    input: z.union([z.string(), z.array(Message)]),
    target: z.union([z.string(), z.array(z.string())]),
    output: z
      .object({
        completion: z.string().optional(),
        choices: z.array(z.object({ message: Message, stop_reason: z.string().optional() }).loose()).optional(),
      })
      .loose(),
    scores: z.record(z.string(), Score).nullish(),
  })
  .loose();
const Header = z
  .object({
    eval: z.object({ task: z.string(), model: z.string(), dataset: z.object({ name: z.string().nullish() }).loose().optional() }).loose(),
    plan: z
      .object({ config: z.record(z.string(), z.unknown()).optional() })
      .loose()
      .optional(),
  })
  .loose();

const textOf = (content: z.infer<typeof Message>['content']): string => (typeof content === 'string' ? content : content.map((c) => c.text ?? '').join(''));

/** A score value as a verdict: "C" correct, "I"/"P"/"N" not, numbers and booleans by value. */
function verdictOf(value: unknown): boolean | null {
  if (value === 'C') return true;
  if (value === 'I' || value === 'P' || value === 'N') return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value >= 1;
  return null;
}

function sampleOf(s: z.infer<typeof Sample>, file: string, line: number): ImportedSample {
  const choice = s.output.choices?.[0];
  const text = s.output.completion ?? (choice ? textOf(choice.message.content) : undefined);
  if (text === undefined) throw new InputError('the sample has no output (output.completion or output.choices)', { file, line, field: 'output' });
  const scorer = s.scores ? Object.values(s.scores)[0] : undefined;
  const correct = scorer === undefined ? null : verdictOf(scorer.value);
  return { text, finishReason: choice?.stop_reason ?? null, ...(correct !== null ? { verdict: { correct, extracted: scorer!.answer ?? null } } : {}) };
}

/** Groups samples by id in first-seen id order, each group's samples in epoch order. */
function* group(samples: { s: z.infer<typeof Sample>; line: number }[], file: string): Iterable<ImportedProblem> {
  const byId = new Map<string, { s: z.infer<typeof Sample>; line: number }[]>();
  for (const x of samples) {
    let g = byId.get(x.s.id);
    if (!g) byId.set(x.s.id, (g = []));
    g.push(x);
  }
  for (const [id, g] of byId) {
    g.sort((a, b) => a.s.epoch - b.s.epoch);
    g.forEach((x, i) => {
      if (x.s.epoch !== i + 1)
        throw new InputError(`sample ${JSON.stringify(id)} has epochs ${g.map((y) => y.s.epoch).join(', ')}: an epoch is missing or repeated`, {
          file,
          line: x.line,
          field: 'epoch',
        });
    });
    const first = g[0]!.s;
    const question = typeof first.input === 'string' ? first.input : first.input.map((m) => textOf(m.content)).join('\n');
    const target: JsonValue = typeof first.target === 'string' ? first.target : first.target.length === 1 ? first.target[0]! : first.target;
    yield { file, line: g[0]!.line, key: id, keyIsIndex: false, question, gold: target, samples: g.map((x) => sampleOf(x.s, file, x.line)), counts: null };
  }
}

function settingsOf(config: Record<string, unknown> | undefined): JsonObject {
  const out: JsonObject = {};
  for (const k of ['temperature', 'top_p', 'max_tokens', 'seed'] as const) if (typeof config?.[k] === 'number') out[k] = config[k] as number;
  return out;
}

function partOf(file: string, header: z.infer<typeof Header>, problems: () => AsyncIterable<ImportedProblem>): ImportPart {
  return {
    format: 'inspect',
    file,
    partId: '',
    model: header.eval.model,
    dataset: header.eval.dataset?.name ?? header.eval.task,
    step: null,
    seed: null,
    settings: { ...settingsOf(header.plan?.config), task: header.eval.task },
    poolsBySeed: false,
    problems,
  };
}

function parseJson(text: string, file: string, field?: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(`invalid JSON (${(err as Error).message})`, { file, ...(field ? { field } : {}) });
  }
}

async function evalLogParts(file: string): Promise<ImportPart[]> {
  const zip = await openZip(file);
  const headerText = zip.text('header.json');
  if (headerText === null) throw new InputError('not an Inspect .eval log (no header.json in the archive)', { file });
  const header = checkRow(Header, parseJson(headerText, file, 'header.json'), file, 1, 'header.json');
  const names = zip
    .names()
    .filter((n) => /^samples\/.+_epoch_\d+\.json$/.test(n))
    .sort();
  return [
    partOf(file, header, async function* () {
      const samples = names.map((name, i) => ({ s: checkRow(Sample, parseJson(zip.text(name)!, file, name), file, i + 1, name), line: i + 1 }));
      yield* group(samples, file);
    }),
  ];
}

async function jsonLogParts(file: string): Promise<ImportPart[]> {
  const log = parseJson(await readFile(file, 'utf8'), file);
  const header = checkRow(Header, log, file, 1);
  const list = checkRow(z.object({ samples: z.array(z.unknown()) }).loose(), log, file, 1).samples;
  return [
    partOf(file, header, async function* () {
      yield* group(
        list.map((raw, i) => ({ s: checkRow(Sample, raw, file, i + 1, `samples.${i}`), line: i + 1 })),
        file,
      );
    }),
  ];
}

export const inspectReader: FormatReader = {
  name: 'inspect',
  describes: 'Inspect AI logs: .eval (zip: header.json, samples/<id>_epoch_<e>.json) or the older .json',
  detect: (i) => !i.isDirectory && (i.path.endsWith('.eval') || (i.path.endsWith('.json') && /"eval"\s*:\s*\{/.test(i.head) && /"plan"\s*:/.test(i.head))),
  parts: (file) => (path.extname(file) === '.eval' ? evalLogParts(file) : jsonLogParts(file)),
};
