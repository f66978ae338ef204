/**
 * Finds the final answer in a full model response. Order: the last <answer>…</answer> block
 * (searched again inside), the last \boxed{…}/\fbox{…}, Minerva's "final answer is $…$. I hope",
 * then the last "The answer is …", "Final Answer: …", "Answer: …" or "Answer $…$" phrase. A
 * phrase that comes after the last box wins over it (the box held an intermediate result).
 */

/** Reads a brace-balanced group starting at `open` (the index of '{'); returns its content and end. */
function readBraced(s: string, open: number): { inner: string; end: number } | null {
  let depth = 0;
  for (let j = open; j < s.length; j++) {
    const c = s[j];
    if (c === '\\') {
      j++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return { inner: s.slice(open + 1, j), end: j + 1 };
  }
  return null;
}

/** Contents of every \boxed{…} / \fbox{…} in order (for answers given in several boxes). */
export function allBoxed(s: string): string[] {
  const out: string[] = [];
  const re = /\\(?:boxed|fbox)\s*\{/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const g = readBraced(s, m.index + m[0].length - 1);
    if (!g) break;
    out.push(g.inner.trim());
    re.lastIndex = g.end;
  }
  return out;
}

/** Content of the last \boxed / \fbox (braced, or `\boxed 5` up to the next space or `$`), or null. */
export function lastBoxed(s: string): string | null {
  const re = /\\(?:boxed|fbox|framebox)(?![a-zA-Z])/g;
  let lastIdx = -1;
  let lastLen = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    lastIdx = m.index;
    lastLen = m[0].length;
  }
  if (lastIdx < 0) return null;
  let j = lastIdx + lastLen;
  // \framebox[width]{…}
  if (s[j] === '[') {
    const close = s.indexOf(']', j);
    if (close > 0) j = close + 1;
  }
  while (j < s.length && (s[j] === ' ' || s[j] === '\t')) j++;
  if (s[j] === '{') {
    const g = readBraced(s, j);
    if (g) return g.inner.trim();
    return s.slice(j + 1).trim(); // unbalanced (truncated output): take the rest
  }
  const m = /^[^\s$]+/.exec(s.slice(j));
  return m ? m[0].replace(/[.,;]+$/, '') : null;
}

function cleanPhrase(rest: string): string {
  let t = rest.trim().replace(/^[*_\s:]+/, '');
  // Keep the first line; a display-math block opening the line is taken whole.
  const display = /^(\$\$|\\\[)([\s\S]*?)(\$\$|\\\])/.exec(t);
  if (display) return display[2].trim();
  t = t.split('\n')[0];
  // Inline math; an escaped dollar (`$\$940$`) does not close it.
  const inline = /^\$((?:\\\$|[^$])*)\$/.exec(t) ?? /^\\\(([\s\S]*?)\\\)/.exec(t);
  if (inline) return inline[1].trim();
  // Sentence end: ". " followed by a capital, or the end.
  t = t.replace(/\.\s+[A-Z][\s\S]*$/, '');
  t = t.replace(/[*_.\s]+$/, '').trim();
  return statedValue(t);
}

/**
 * "The volume of the box is 120": a sentence that states the answer gives the value after its
 * last "is" / "equals" / "=" (an answer that is itself words, "Evelyn", is kept).
 */
function statedValue(t: string): string {
  const m = /^(?:the|our|its|this|so|thus|hence|therefore)\b[^$]*?\s(?:is|are|equals|=)\s+(.+)$/i.exec(t);
  if (!m) return t;
  const value = m[1].replace(/^(?:equal to|exactly|approximately)\s+/i, '').trim();
  const inline = /^\$((?:\\\$|[^$])*)\$/.exec(value) ?? /^\\\(([\s\S]*?)\\\)/.exec(value);
  return inline ? inline[1].trim() : value;
}

/** The last explicit final-answer phrase ("the answer is", "Final Answer:", "Answer $9$"), if any. */
function lastAnswerPhrase(response: string): { index: number; text: string } | null {
  const re = /(?:final answer|the answer|answer|choice)\s*(?:is\s*:?|:)|\banswer\b\s*(?=\$|\\\[|\\\()/gi;
  let last: RegExpExecArray | null = null;
  for (let m = re.exec(response); m; m = re.exec(response)) last = m;
  if (!last) return null;
  return { index: last.index, text: cleanPhrase(response.slice(last.index + last[0].length)) };
}

/** End of the last \boxed / \fbox group, or -1. */
function lastBoxEnd(s: string): number {
  const re = /\\(?:boxed|fbox|framebox)(?![a-zA-Z])/g;
  let end = -1;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const open = s.indexOf('{', m.index);
    const g = open >= 0 ? readBraced(s, open) : null;
    end = g ? g.end : m.index + m[0].length;
  }
  return end;
}

export function extractAnswer(response: string): string | null {
  const tag = response.lastIndexOf('<answer>');
  if (tag >= 0) {
    const close = response.indexOf('</answer>', tag);
    const inner = response.slice(tag + 8, close >= 0 ? close : undefined);
    return lastBoxed(inner) ?? (extractAnswer(inner) || inner.trim()) ?? null;
  }
  const boxed = lastBoxed(response);
  if (boxed !== null) {
    // A box followed by a later explicit final-answer phrase was an intermediate result.
    const phrase = lastAnswerPhrase(response);
    if (phrase && phrase.index >= lastBoxEnd(response) && phrase.text !== '') return phrase.text;
    return boxed;
  }
  const minerva = /final answer is \$([\s\S]*?)\$\. I hope/.exec(response);
  if (minerva) return minerva[1].trim();
  // GSM8K's own format: "#### 18".
  const hashes = response.lastIndexOf('####');
  if (hashes >= 0) {
    const got = cleanPhrase(response.slice(hashes + 4));
    if (got !== '') return got;
  }
  const phrase = lastAnswerPhrase(response);
  return phrase && phrase.text !== '' ? phrase.text : null;
}
