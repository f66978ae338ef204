import { getTemplate } from '../bench/templates.js';
import { InputError } from '../errors.js';
import { loadChatTemplate } from './chat-template.js';
import type { PromptRule } from './prompt-source.js';

/**
 * The prompt rule of one model on one benchmark: "raw" sends the question as-is (lab tasks,
 * completion-style prompts); a template renders raw text for the completions endpoint, messages
 * for the chat endpoint, or — with a tokenizer_config.json — the model's own chat template.
 */
export async function promptRuleFor(template: string, api: 'completions' | 'chat', tokenizerConfig: string | undefined, field: string): Promise<PromptRule> {
  if (template === 'raw') {
    if (tokenizerConfig !== undefined) throw new InputError('a tokenizer_config needs a template with messages, not "raw"', { field });
    return { kind: 'raw' };
  }
  const t = getTemplate(template);
  if (tokenizerConfig !== undefined) {
    if (api === 'chat')
      throw new InputError("tokenizer_config renders prompts for the completions endpoint; the chat endpoint applies the server's own template", { field });
    return { kind: 'jinja', template: t, chatTemplate: await loadChatTemplate(tokenizerConfig), source: tokenizerConfig };
  }
  return { kind: 'template', template: t, chat: api === 'chat' };
}
