import { sha256Hex } from '../study/json.js';
import type { PromptTemplate } from '../bench/templates.js';
import type { ChatTemplate } from './chat-template.js';
import type { Prompt } from './types.js';

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

export function renderPrompt(rule: PromptRule, question: string): Prompt {
  switch (rule.kind) {
    case 'raw':
      return { kind: 'text', text: question };
    case 'template':
      return rule.chat ? { kind: 'chat', messages: rule.template.messages(question) } : { kind: 'text', text: rule.template.raw(question) };
    case 'jinja':
      return { kind: 'text', text: rule.chatTemplate.render(rule.template.messages(question)) };
  }
}

/** Stop strings the rule implies (the template's; none for raw prompts). */
export function ruleStops(rule: PromptRule): string[] {
  return rule.kind === 'raw' ? [] : rule.template.stop;
}

export function promptRuleHash(rule: PromptRule): string {
  // Rendering a fixed probe question captures the template's text exactly, whatever its code.
  const probe = renderPrompt(rule, '\u0000QUESTION\u0000');
  const name = rule.kind === 'raw' ? 'raw' : rule.kind === 'template' ? `template:${rule.template.name}:${rule.chat ? 'chat' : 'text'}` : `jinja:${rule.template.name}:${rule.source}`;
  return sha256Hex(`${name}\n${JSON.stringify(probe)}`);
}
