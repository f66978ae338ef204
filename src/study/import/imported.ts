import path from 'node:path';
import type { JsonObject, JsonValue } from '../json.js';

/**
 * What every format reader hands the importer: the formats differ in how they lay results out,
 * not in what they say, so each reader turns its files into these few shapes and one importer
 * (import-study.ts) stores them.
 */

/** One response a model gave, with the source's own grade when the source graded each sample. */
export interface ImportedSample {
  text: string;
  /** The source's verdict on this sample; absent when the source kept none per sample. */
  verdict?: { correct: boolean; extracted: string | null };
  finishReason?: string | null;
  completionTokens?: number | null;
  /** The exact slot and seed (rlbound's own export); otherwise the importer assigns slots. */
  slot?: { index: number; seed: number };
}

/** One problem's results in a file. Exactly one of `samples` and `counts` is set. */
export interface ImportedProblem {
  file: string;
  /** Line (or record number) where the problem's rows start, for error messages. */
  line: number;
  /** The source's id of the problem. */
  key: string;
  /** True when `key` is the problem's 0-based row in its dataset (math_eval `idx`, lm-eval `doc_id`). */
  keyIsIndex: boolean;
  /** The problem text as the source recorded it (question or full prompt), for matching to a benchmark. */
  question: string | null;
  /** The gold answer the source carries (used when the problem matches no built-in benchmark). */
  gold: JsonValue | null;
  samples: ImportedSample[] | null;
  counts: { n: number; c: number } | null;
}

/**
 * One unit of import: the results of one model with one set of sampling settings from one file
 * (a seed file, a checkpoint's dump, a task's details). It becomes (part of) one run.
 */
export interface ImportPart {
  format: string;
  /** The file the part comes from (what the import record names). */
  file: string;
  /** Every file whose bytes make up the part (default: just `file`); their hash identifies the content. */
  sources?: readonly string[];
  /** Distinguishes parts of one file (rlbound export: a run); '' when the file holds one part. */
  partId: string;
  /** The model, when the file names it (a folder, a column); the --model flag wins. */
  model: string | null;
  /** The dataset or task name the file names, a hint for matching a built-in benchmark. */
  dataset: string | null;
  /** Training step (verl dumps): the part is that checkpoint of the model. */
  step: number | null;
  /** Sampling seed of the whole file (math_eval's file name). */
  seed: number | null;
  /**
   * Sampling settings the file states: temperature, top_p, max_tokens identify the run; n, seed,
   * engine and anything else are kept with the import record.
   */
  settings: JsonObject;
  /** math_eval seed files: each seed's samples go after those already stored, never over them. */
  poolsBySeed: boolean;
  /** rlbound export: the verifier key the verdicts were made under (else import/<format>). */
  verdictKey?: { verifier: string; policy: string; version: string };
  /** Streams the part's problems, reading the file again on each call. */
  problems(): AsyncIterable<ImportedProblem>;
}

/**
 * The one part of a JSONL file that says nothing about how it was sampled (rlbound's own results,
 * counts tables): the dataset hint is the file name.
 */
export function plainJsonlPart(format: string, file: string, problems: () => AsyncIterable<ImportedProblem>): ImportPart {
  return {
    format,
    file,
    partId: '',
    model: null,
    dataset: path.basename(file).replace(/\.jsonl$/i, ''),
    step: null,
    seed: null,
    settings: {},
    poolsBySeed: false,
    problems,
  };
}

/** A reader of one format. */
export interface FormatReader {
  readonly name: string;
  /** One line for `--help` and for the list an unknown file gets. */
  readonly describes: string;
  /** True when the path (a file, or a folder's listing) looks like this format; reads at most a little. */
  detect(input: DetectInput): boolean;
  /** The parts of the path; every problem a part yields has been checked field by field. */
  parts(path: string): Promise<ImportPart[]>;
}

export interface DetectInput {
  path: string;
  isDirectory: boolean;
  /** Base names in the folder (recursively, relative), or [] for a file. */
  listing: readonly string[];
  /** The first bytes of the file (as text), or '' for a folder. */
  head: string;
}
