/** Languages whose fenced blocks count as Python programs; an empty info string counts too. */
const PYTHON_TAGS = new Set(['python', 'py', 'python3', 'py3']);

export type Extraction = { ok: true; program: string } | { ok: false; reason: 'no_code' };

interface Fence {
  ticks: number;
  lang: string;
  start: number;
}

/**
 * The last closed fenced code block tagged python/py (or untagged) in a model response, or
 * undefined. Blocks in other languages are skipped; an unclosed block (a truncated response)
 * does not count.
 */
export function lastPythonBlock(response: string): string | undefined {
  const lines = response.split(/\r?\n/);
  let open: Fence | undefined;
  let last: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const m = /^ {0,3}(`{3,})\s*([^`\s]*)[^`]*$/.exec(line);
    if (open === undefined) {
      if (m) open = { ticks: m[1].length, lang: m[2].toLowerCase(), start: i + 1 };
      continue;
    }
    if (m && m[1].length >= open.ticks && m[2] === '' && line.trim() === m[1]) {
      if (open.lang === '' || PYTHON_TAGS.has(open.lang)) last = lines.slice(open.start, i).join('\n');
      open = undefined;
    }
  }
  return last;
}

/** Program of a chat-style response: its last Python code block. */
export function extractProgram(response: string): Extraction {
  const block = lastPythonBlock(response);
  if (block === undefined || block.trim() === '') return { ok: false, reason: 'no_code' };
  return { ok: true, program: block };
}

/** Program of a HumanEval-style completion: the prompt followed by what the model wrote. */
export function completionProgram(prompt: string, completion: string): Extraction {
  if (completion.trim() === '') return { ok: false, reason: 'no_code' };
  return { ok: true, program: prompt + completion };
}
