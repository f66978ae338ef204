/**
 * Splits a normalized LaTeX answer into tokens. Letters are single tokens (implicit products
 * like `xy` stay products) except for function names written without a backslash and for
 * longer words, which become `word` tokens (read as text by the parser).
 */
export type Token = { k: 'num'; s: string } | { k: 'letter'; s: string } | { k: 'word'; s: string } | { k: 'cmd'; s: string } | { k: 'op'; s: string };

const BARE_FUNCTIONS = ['arcsin', 'arccos', 'arctan', 'sinh', 'cosh', 'tanh', 'sqrt', 'sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'log', 'exp', 'ln'];

export class TokenizeError extends Error {}

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if ((c >= '0' && c <= '9') || (c === '.' && i + 1 < n && src[i + 1] >= '0' && src[i + 1] <= '9')) {
      let j = i;
      while (j < n && src[j] >= '0' && src[j] <= '9') j++;
      if (j < n && src[j] === '.' && !(j + 1 < n && src[j + 1] === '.')) {
        j++;
        while (j < n && src[j] >= '0' && src[j] <= '9') j++;
      }
      // Scientific notation written as 4.5e33 / 1E-5 (not followed by more letters).
      const m = /^[eE][+-]?\d+/.exec(src.slice(j, j + 12));
      if (m && !/[a-zA-Z]/.test(src[j + m[0].length] ?? '') && src[j + m[0].length] !== '^') j += m[0].length;
      out.push({ k: 'num', s: src.slice(i, j) });
      i = j;
      continue;
    }
    if (c === '\\') {
      const d = src[i + 1];
      if (d === undefined) throw new TokenizeError('dangling backslash');
      if (/[a-zA-Z]/.test(d)) {
        let j = i + 1;
        while (j < n && /[a-zA-Z]/.test(src[j])) j++;
        out.push({ k: 'cmd', s: src.slice(i + 1, j) });
        i = j;
      } else if (d === '\\') {
        out.push({ k: 'op', s: '\\\\' });
        i += 2;
      } else {
        out.push({ k: 'cmd', s: d });
        i += 2;
      }
      continue;
    }
    if (/[a-zA-Z]/.test(c)) {
      let j = i;
      while (j < n && /[a-zA-Z]/.test(src[j])) j++;
      let run = src.slice(i, j);
      // Peel known function names off the front of a letter run ("sinx" → sin, x).
      while (run.length > 0) {
        const f = BARE_FUNCTIONS.find((name) => run.startsWith(name));
        if (f) {
          out.push({ k: 'word', s: f });
          run = run.slice(f.length);
          continue;
        }
        if (run.length >= 4) {
          out.push({ k: 'word', s: run });
          run = '';
          break;
        }
        out.push({ k: 'letter', s: run[0] });
        run = run.slice(1);
      }
      i = j;
      continue;
    }
    out.push({ k: 'op', s: c });
    i++;
  }
  return out;
}
