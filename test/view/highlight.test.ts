import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

type Tokenize = (code: string, language?: string) => Array<[string, string]>;

// The client is plain browser JavaScript; its tokenizer is pure, so Node can load it directly.
const { tokenize } = (await import(pathToFileURL(path.join(repoRoot, 'src/view/client/highlight.js')).href)) as { tokenize: Tokenize };

describe('viewer code highlighter', () => {
  it('keeps Python floor division as an operator and # as a comment', () => {
    expect(tokenize('print(2 // 2)  # check', 'python')).toEqual([
      ['print', 'tok-kw'],
      ['(', ''],
      ['2', 'tok-num'],
      [' // ', ''],
      ['2', 'tok-num'],
      [')  ', ''],
      ['# check', 'tok-com'],
    ]);
  });
  it('uses // and /* */ comments for C-like code, and guesses Python for unlabelled code', () => {
    expect(
      tokenize('x = 1; // c\n/* b */', 'js')
        .filter(([, c]) => c === 'tok-com')
        .map(([t]) => t),
    ).toEqual(['// c', '/* b */']);
    expect(
      tokenize('def f():\n    return "a#b"  # c')
        .filter(([, c]) => c !== '')
        .map(([t, c]) => `${c}:${t}`),
    ).toEqual(['tok-kw:def', 'tok-kw:return', 'tok-str:"a#b"', 'tok-com:# c']);
  });
  it('returns the input unchanged when the tokens are joined (nothing dropped or added)', () => {
    const code = "for i in range(10):\n    s += f\"{i}<script>\"  # </script>\n'''doc'''";
    expect(
      tokenize(code, 'python')
        .map(([t]) => t)
        .join(''),
    ).toBe(code);
  });
});
