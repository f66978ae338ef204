import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import type { JsonValue } from '../json.js';
import type { FormatReader, ImportPart, ImportedProblem, ImportedSample } from './imported.js';
import { checkRow } from './row-check.js';

/**
 * OpenCompass outputs (open-compass/opencompass: opencompass/openicl/icl_inferencer/
 * icl_base_inferencer.py `GenInferencerOutputHandler`, tasks/openicl_infer.py and
 * tasks/openicl_eval.py): `<work_dir>/predictions/<model>/<dataset>.json`, a JSON object keyed
 * "0", "1", … whose values hold `origin_prompt`, `prediction` (a list when the model returned
 * several sequences) and `gold`; big ones are split into `<dataset>_0.json`, `<dataset>_1.json`,
 * …; and, when evaluated, `results/<model>/<dataset>.json` with `details` per prediction and its
 * `correct` (a boolean or one per sequence). With a dataset `n`, every problem is predicted n
 * times, replica-major (key = replica × problems + index): the replicas of a problem are the
 * predictions with the same prompt, which is how they are grouped here.
 */
const Prediction = z
  .object({
    origin_prompt: z.unknown(),
    prediction: z.union([z.string(), z.array(z.string())]),
    gold: z.unknown().optional(),
  })
  .loose();
const Detail = z.object({ correct: z.union([z.boolean(), z.array(z.boolean())]).optional() }).loose();
const Results = z.object({ details: z.union([z.array(Detail), z.record(z.string(), Detail)]).optional() }).loose();

async function readJson(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new InputError(`cannot read file (${err.code ?? err.message})`, { file }, { cause: err });
  });
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(`invalid JSON (${(err as Error).message})`, { file });
  }
}

const promptText = (p: unknown): string => (typeof p === 'string' ? p : JSON.stringify(p ?? null));

/** The shards of a dataset's predictions, in order: `<abbr>.json`, or `<abbr>_0.json`, `<abbr>_1.json`, …. */
function shardsOf(dir: string, abbr: string, names: readonly string[]): string[] {
  if (names.includes(`${abbr}.json`)) return [path.join(dir, `${abbr}.json`)];
  const re = new RegExp(`^${abbr.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}_(\\d+)\\.json$`);
  return names
    .flatMap((n) => (re.test(n) ? [{ n, i: Number(re.exec(n)![1]) }] : []))
    .sort((a, b) => a.i - b.i)
    .map((x) => path.join(dir, x.n));
}

async function* problemsOf(shards: string[], resultsFile: string | null): AsyncIterable<ImportedProblem> {
  const items: { file: string; line: number; prompt: string; gold: unknown; texts: string[] }[] = [];
  for (const file of shards) {
    const obj = checkRow(z.record(z.string(), z.unknown()), await readJson(file), file, 1);
    const keys = Object.keys(obj).sort((a, b) => Number(a) - Number(b));
    for (const [i, k] of keys.entries()) {
      if (!/^\d+$/.test(k)) throw new InputError('prediction keys are "0", "1", …', { file, field: k });
      const p = checkRow(Prediction, obj[k], file, i + 1, k);
      items.push({
        file,
        line: i + 1,
        prompt: promptText(p.origin_prompt),
        gold: p.gold ?? null,
        texts: typeof p.prediction === 'string' ? [p.prediction] : p.prediction,
      });
    }
  }
  let correct: (boolean[] | null)[] = items.map(() => null);
  if (resultsFile !== null) {
    const r = checkRow(Results, await readJson(resultsFile), resultsFile, 1);
    const details =
      r.details === undefined
        ? []
        : Array.isArray(r.details)
          ? r.details
          : Object.keys(r.details)
              .sort((a, b) => Number(a) - Number(b))
              .map((k) => (r.details as Record<string, z.infer<typeof Detail>>)[k]!);
    if (details.length === items.length) {
      correct = details.map((d, i) => {
        if (d.correct === undefined) return null;
        const list = Array.isArray(d.correct) ? d.correct : [d.correct];
        if (list.length !== items[i]!.texts.length)
          throw new InputError(`${list.length} verdicts for ${items[i]!.texts.length} predictions`, { file: resultsFile, field: `details.${i}.correct` });
        return list;
      });
    }
  }
  const groups = new Map<string, { line: number; file: string; gold: unknown; samples: ImportedSample[] }>();
  items.forEach((it, i) => {
    let g = groups.get(it.prompt);
    if (!g) groups.set(it.prompt, (g = { line: it.line, file: it.file, gold: it.gold, samples: [] }));
    it.texts.forEach((text, j) => g!.samples.push({ text, ...(correct[i] ? { verdict: { correct: correct[i]![j]!, extracted: null } } : {}) }));
  });
  let index = 0;
  for (const [prompt, g] of groups) {
    yield {
      file: g.file,
      line: g.line,
      key: String(index++),
      keyIsIndex: true,
      question: prompt,
      gold: (g.gold ?? null) as JsonValue,
      samples: g.samples,
      counts: null,
    };
  }
}

/** The work folder holding predictions/ (and maybe results/) for a path inside or at it. */
function workDirOf(p: string): string | null {
  for (let d = path.resolve(p); d !== path.dirname(d); d = path.dirname(d)) if (existsSync(path.join(d, 'predictions'))) return d;
  return null;
}

export const opencompassReader: FormatReader = {
  name: 'opencompass',
  describes: 'OpenCompass work folder: predictions/<model>/<dataset>.json (origin_prompt, prediction, gold) with results/<model>/<dataset>.json details',
  detect: (i) =>
    i.isDirectory
      ? i.listing.some((f) => /(^|\/)predictions\/[^/]+\/[^/]+\.json$/.test(f))
      : /"origin_prompt"\s*:/.test(i.head) && /"prediction"\s*:/.test(i.head),
  async parts(p) {
    const work = workDirOf(p);
    const isFile = (await stat(p)).isFile();
    if (work === null && !isFile) throw new InputError('no predictions/ folder here or above', { file: p });
    const parts: ImportPart[] = [];
    const predictionsRoot = work === null ? null : path.join(work, 'predictions');
    const models = isFile ? [path.basename(path.dirname(p))] : (await readdir(predictionsRoot!)).sort();
    for (const model of models) {
      const dir = isFile ? path.dirname(p) : path.join(predictionsRoot!, model);
      const names = (await readdir(dir)).filter((n) => n.endsWith('.json'));
      const abbrs = isFile ? [path.basename(p, '.json').replace(/_\d+$/, '')] : [...new Set(names.map((n) => n.replace(/(_\d+)?\.json$/, '')))].sort();
      for (const abbr of abbrs) {
        const shards = shardsOf(dir, abbr, names);
        if (shards.length === 0) continue;
        const results = work === null ? null : path.join(work, 'results', model, `${abbr}.json`);
        const resultsFile = results !== null && existsSync(results) ? results : null;
        parts.push({
          format: 'opencompass',
          file: shards[0]!,
          sources: resultsFile === null ? shards : [...shards, resultsFile],
          partId: shards.length > 1 ? `${abbr} (${shards.length} shards)` : '',
          model,
          dataset: abbr,
          step: null,
          seed: null,
          settings: {},
          poolsBySeed: false,
          problems: () => problemsOf(shards, resultsFile),
        });
      }
    }
    if (parts.length === 0) throw new InputError('no OpenCompass predictions here', { file: p });
    return parts;
  },
};
