import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import { readJsonFile } from '../../json-file.js';
import type { Engine } from '../tensor/engine.js';
import { CharTokenizer, tokenizerSpecSchema } from '../tokenizer/char-tokenizer.js';
import { gptConfigSchema } from './config.js';
import { GptModel } from './gpt.js';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';

/**
 * A checkpoint is a directory:
 *   model.safetensors   every parameter, F32, GPT-2 names (wte.weight, h.0.attn.c_attn.weight, …)
 *   config.json         model shape, tokenizer, lineage, free-form training info, weights sha256
 */
export const WEIGHTS_FILE = 'model.safetensors';
export const CONFIG_FILE = 'config.json';

/** Where a model came from. */
export const lineageSchema = z
  .object({
    kind: z.enum(['base', 'rl', 'distilled', 'sft']),
    /** Parent checkpoint (directory or id); null for a model trained from scratch. */
    parent: z.string().nullable().default(null),
    /** RL algorithm (grpo, ppo, …) or distillation teacher description. */
    algorithm: z.string().optional(),
    /** Training steps taken in this phase. */
    step: z.number().int().min(0).optional(),
    seed: z.number().int().optional(),
    description: z.string().optional(),
  })
  .strict();

export type Lineage = z.output<typeof lineageSchema>;
export type LineageInput = z.input<typeof lineageSchema>;

export const checkpointConfigSchema = z
  .object({
    format: z.literal('rlbound-lab-checkpoint'),
    version: z.literal(1),
    model: gptConfigSchema,
    tokenizer: tokenizerSpecSchema,
    lineage: lineageSchema,
    /** Anything the trainer wants to remember (recipe, data, metrics). */
    training: z.record(z.string(), z.unknown()).default({}),
    /** Jinja chat template for `rlbound serve`'s /v1/chat/completions; absent: LAB_CHAT_TEMPLATE (chat-template.ts). */
    chatTemplate: z.string().min(1).optional(),
    createdAt: z.string(),
    weights: z.object({ file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
  })
  .strict();

export type CheckpointConfig = z.output<typeof checkpointConfigSchema>;

export interface CheckpointMeta {
  tokenizer: CharTokenizer;
  lineage: LineageInput;
  training?: Record<string, unknown>;
  /** A chat template to store with the checkpoint (default: none, i.e. the lab's LAB_CHAT_TEMPLATE). */
  chatTemplate?: string;
}

export interface LoadedCheckpoint {
  model: GptModel;
  tokenizer: CharTokenizer;
  config: CheckpointConfig;
  dir: string;
}

/** Write `model` (and its metadata) into `dir`, creating it. Files are replaced atomically. */
export function saveCheckpoint(dir: string, model: GptModel, meta: CheckpointMeta): CheckpointConfig {
  if (meta.tokenizer.vocabSize !== model.config.vocab)
    throw new InputError(`tokenizer has ${meta.tokenizer.vocabSize} tokens but the model vocabulary is ${model.config.vocab}`, { field: 'tokenizer' });
  mkdirSync(dir, { recursive: true });
  const tensors = model.layout.specs.map((s) => ({ name: s.name, shape: s.shape, data: model.params.subarray(s.offset, s.offset + s.size) }));
  const bytes = encodeSafetensors(tensors, { format: 'pt', producer: 'rlbound-lab' });
  const config: CheckpointConfig = {
    format: 'rlbound-lab-checkpoint',
    version: 1,
    model: model.config,
    tokenizer: meta.tokenizer.toJSON(),
    lineage: lineageSchema.parse(meta.lineage),
    training: meta.training ?? {},
    ...(meta.chatTemplate !== undefined ? { chatTemplate: meta.chatTemplate } : {}),
    createdAt: new Date().toISOString(),
    weights: { file: WEIGHTS_FILE, sha256: createHash('sha256').update(bytes).digest('hex') },
  };
  writeAtomic(path.join(dir, WEIGHTS_FILE), bytes);
  writeAtomic(path.join(dir, CONFIG_FILE), `${JSON.stringify(config, null, 2)}\n`);
  return config;
}

/** Read a checkpoint directory into a model on `engine` (default: float32 reference). */
export function loadCheckpoint(dir: string, options: { engine?: Engine } = {}): LoadedCheckpoint {
  const configFile = path.join(dir, CONFIG_FILE);
  const config = readJsonFile(configFile, checkpointConfigSchema, { missing: 'not found (is this a checkpoint directory?)' });
  const tokenizer = new CharTokenizer(config.tokenizer);
  if (tokenizer.vocabSize !== config.model.vocab)
    throw new InputError(`tokenizer has ${tokenizer.vocabSize} tokens but model.vocab is ${config.model.vocab}`, { file: configFile, field: 'tokenizer' });

  const weightsFile = path.join(dir, config.weights.file);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(weightsFile);
  } catch (e) {
    throw new InputError(`cannot read weights: ${(e as Error).message}`, { file: weightsFile }, { cause: e });
  }
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (sha !== config.weights.sha256)
    throw new InputError(`weights sha256 ${sha} does not match config.json (${config.weights.sha256}); the files do not belong together`, {
      file: weightsFile,
    });
  const { tensors } = decodeSafetensors(bytes, weightsFile);
  const model = options.engine ? new GptModel(config.model, options.engine) : new GptModel(config.model);
  for (const spec of model.layout.specs) {
    const t = tensors.get(spec.name);
    if (!t) throw new InputError('tensor missing from the weights file', { file: weightsFile, field: spec.name });
    if (t.shape.join(',') !== spec.shape.join(','))
      throw new InputError(`shape [${t.shape}] does not match the config's [${spec.shape}]`, { file: weightsFile, field: spec.name });
    model.params.set(t.data, spec.offset);
  }
  return { model, tokenizer, config, dir };
}

function writeAtomic(file: string, data: Uint8Array | string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}
