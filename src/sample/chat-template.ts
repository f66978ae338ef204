import { readFile } from 'node:fs/promises';
import { Template } from '@huggingface/jinja';
import { z } from 'zod';
import { InputError } from '../errors.js';
import type { ChatMessage } from './types.js';

/**
 * Client-side chat templating: render a model's own Jinja chat template (from its
 * tokenizer_config.json) into one prompt string for /v1/completions. Base models and RL models
 * then receive byte-identical prompts, whatever each server would have done with chat.
 */
const specialToken = z
  .union([z.string(), z.object({ content: z.string() }).passthrough()])
  .nullable()
  .optional();

const tokenizerConfig = z
  .object({
    chat_template: z.union([z.string(), z.array(z.object({ name: z.string(), template: z.string() }))]).optional(),
    bos_token: specialToken,
    eos_token: specialToken,
  })
  .passthrough();

export interface ChatTemplate {
  /** Where the template came from, for messages and for the run record. */
  source: string;
  render(messages: ChatMessage[], options?: { addGenerationPrompt?: boolean }): string;
}

function tokenText(t: z.infer<typeof specialToken>): string {
  if (t === null || t === undefined) return '';
  return typeof t === 'string' ? t : t.content;
}

/** Builds a template from a parsed tokenizer_config.json object. `name` picks one of several named templates. */
export function chatTemplateFromConfig(config: unknown, file: string, name = 'default'): ChatTemplate {
  const parsed = tokenizerConfig.safeParse(config);
  if (!parsed.success)
    throw new InputError(parsed.error.issues[0]?.message ?? 'invalid tokenizer config', { file, field: parsed.error.issues[0]?.path.join('.') });
  const ct = parsed.data.chat_template;
  if (ct === undefined) throw new InputError('has no chat_template', { file, field: 'chat_template' });
  let source: string;
  if (typeof ct === 'string') source = ct;
  else {
    const found = ct.find((t) => t.name === name);
    if (!found) throw new InputError(`no chat template named "${name}" (has: ${ct.map((t) => t.name).join(', ')})`, { file, field: 'chat_template' });
    source = found.template;
  }
  let template: Template;
  try {
    template = new Template(source);
  } catch (e) {
    throw new InputError(`chat_template does not parse: ${(e as Error).message}`, { file, field: 'chat_template' }, { cause: e });
  }
  const bos = tokenText(parsed.data.bos_token);
  const eos = tokenText(parsed.data.eos_token);
  return {
    source: file,
    render(messages, options = {}) {
      try {
        return template.render({
          messages,
          add_generation_prompt: options.addGenerationPrompt ?? true,
          bos_token: bos,
          eos_token: eos,
        });
      } catch (e) {
        throw new InputError(`chat_template failed to render: ${(e as Error).message}`, { file, field: 'chat_template' }, { cause: e });
      }
    },
  };
}

export async function loadChatTemplate(file: string, name?: string): Promise<ChatTemplate> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read tokenizer config: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file }, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`not valid JSON: ${(e as Error).message}`, { file }, { cause: e });
  }
  return chatTemplateFromConfig(json, file, name);
}
