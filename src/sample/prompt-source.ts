import { sha256Hex } from '../study/json.js';
import type { PromptTemplate } from '../bench/templates.js';
import type { ChatTemplate } from './chat-template.js';
import { InputError } from '../errors.js';
import type { ChatMessage, Prompt } from './types.js';

/**
 * How a question becomes the prompt a model receives, and a hash of that rule stored with the run
 * (a changed template is a different run, so template drift can never mix into one run's samples).
 *  - `raw`: the question as-is (lab tasks, completion-style benchmarks);
 *  - `template`: a built-in template's raw text, or its messages for chat endpoints;
 *  - `jinja`: the template's messages rendered by the model's own chat template (client-side).
 */
export type PromptRule =
  | { kind: 'raw' }
  | { kind: 'template'; template: PromptTemplate; chat: boolean }
  | { kind: 'jinja'; template: PromptTemplate; chatTemplate: ChatTemplate; source: string };

export function renderPrompt(rule: PromptRule, question: string, images: readonly string[] = []): Prompt {
  if (images.length > 0 && !(rule.kind === 'template' && rule.chat)) {
    throw new InputError('this problem has images: sample it through a chat endpoint of a vision-language model (api: chat) with a template', { field: 'api' });
  }
  switch (rule.kind) {
    case 'raw':
      return { kind: 'text', text: question };
    case 'template':
      return rule.chat ? { kind: 'chat', messages: withImages(rule.template.messages(question), images) } : { kind: 'text', text: rule.template.raw(question) };
    case 'jinja':
      return { kind: 'text', text: rule.chatTemplate.render(rule.template.messages(question)) };
  }
}

/** Puts a problem's images (data URLs) in front of the text of the last user message. */
function withImages(messages: ChatMessage[], images: readonly string[]): ChatMessage[] {
  if (images.length === 0) return messages;
  const last = messages.map((m) => m.role).lastIndexOf('user');
  return messages.map((m, i) =>
    i !== last
      ? m
      : {
          ...m,
          content: [
            ...images.map((url) => ({ type: 'image_url' as const, image_url: { url } })),
            { type: 'text' as const, text: typeof m.content === 'string' ? m.content : '' },
          ],
        },
  );
}

/** The images stored with a problem (visual benchmarks keep them as data URLs in its metadata). */
export function problemImages(metadata: Readonly<Record<string, unknown>>): string[] {
  const v = metadata.images;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Stop strings the rule implies (the template's; none for raw prompts). */
export function ruleStops(rule: PromptRule): string[] {
  return rule.kind === 'raw' ? [] : rule.template.stop;
}

export function promptRuleHash(rule: PromptRule): string {
  // Rendering a fixed probe question captures the template's text exactly, whatever its code.
  const probe = renderPrompt(rule, '\u0000QUESTION\u0000');
  const name =
    rule.kind === 'raw'
      ? 'raw'
      : rule.kind === 'template'
        ? `template:${rule.template.name}:${rule.chat ? 'chat' : 'text'}`
        : `jinja:${rule.template.name}:${rule.source}`;
  return sha256Hex(`${name}\n${JSON.stringify(probe)}`);
}
