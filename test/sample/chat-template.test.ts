import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadChatTemplate } from '../../src/sample/chat-template.js';
import { TEMPLATES } from '../../src/bench/templates.js';

// Qwen2.5's template (ChatML with a default system turn), as shipped in its tokenizer_config.json.
const QWEN_TEMPLATE =
  "{%- if messages[0]['role'] == 'system' %}{{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}{%- else %}{{- '<|im_start|>system\\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\\n' }}{%- endif %}{%- for message in messages %}{%- if (message.role == 'user') or (message.role == 'system' and not loop.first) or (message.role == 'assistant') %}{{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>' + '\\n' }}{%- endif %}{%- endfor %}{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}";

const LLAMA_LIKE =
  "{{ bos_token }}{% for m in messages %}{% if m.role == 'user' %}[INST] {{ m.content | trim }} [/INST]{% elif m.role == 'assistant' %}{{ m.content }}{{ eos_token }}{% else %}{{ raise_exception('no system role') }}{% endif %}{% endfor %}";

async function configFile(obj: unknown): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rlbound-tpl-'));
  const f = path.join(dir, 'tokenizer_config.json');
  await writeFile(f, JSON.stringify(obj));
  return f;
}

describe('client-side chat templates', () => {
  it("renders Qwen's template byte-identically to the paper's qwen-boxed prompt", async () => {
    const t = await loadChatTemplate(await configFile({ chat_template: QWEN_TEMPLATE, eos_token: '<|im_end|>' }));
    const q = 'What is 1+1?';
    expect(t.render(TEMPLATES['qwen-boxed'].messages(q))).toBe(TEMPLATES['qwen-boxed'].raw(q));
  });

  it('passes bos/eos tokens (string or object form) and raise_exception', async () => {
    const t = await loadChatTemplate(await configFile({ chat_template: LLAMA_LIKE, bos_token: { content: '<s>', lstrip: false }, eos_token: '</s>' }));
    expect(
      t.render([
        { role: 'user', content: ' hi ' },
        { role: 'assistant', content: 'yo' },
      ]),
    ).toBe('<s>[INST] hi [/INST]yo</s>');
    expect(() => t.render([{ role: 'system', content: 'x' }])).toThrow(/no system role/);
  });

  it('picks a named template from a list', async () => {
    const t = await loadChatTemplate(
      await configFile({
        chat_template: [
          { name: 'default', template: 'D' },
          { name: 'tool_use', template: 'T' },
        ],
      }),
      'tool_use',
    );
    expect(t.render([])).toBe('T');
  });

  it('names the file and field on bad input', async () => {
    const f = await configFile({ bos_token: '<s>' });
    await expect(loadChatTemplate(f)).rejects.toThrow(`${f}, field "chat_template": has no chat_template`);
    await expect(loadChatTemplate(await configFile({ chat_template: '{% if %}' }))).rejects.toThrow(/does not parse/);
    await expect(loadChatTemplate('/nonexistent/tokenizer_config.json')).rejects.toThrow(/cannot read tokenizer config: ENOENT/);
  });
});
