import { describe, expect, it } from 'vitest';
import { completionProgram, extractProgram, lastPythonBlock } from '../../../src/verify/code/index.js';

describe('program extraction', () => {
  it('takes the last python/py/untagged block and skips other languages', () => {
    const response = 'First try:\n```python\nprint(1)\n```\nBetter:\n```py\nprint(2)\n```\nShell:\n```bash\nls\n```\n';
    expect(lastPythonBlock(response)).toBe('print(2)');
    expect(lastPythonBlock('```\nx = 1\n```')).toBe('x = 1');
    expect(lastPythonBlock('```Python3\nx = 3\n```')).toBe('x = 3');
  });

  it('keeps inner fences of a longer fence and ignores an unclosed (truncated) block', () => {
    expect(lastPythonBlock('````python\ns = """\n```\n"""\n````')).toBe('s = """\n```\n"""');
    expect(lastPythonBlock('```python\nprint(1)\n```\n```python\nprint(2')).toBe('print(1)');
  });

  it('reports no_code when there is no (non-empty) block', () => {
    expect(extractProgram('The answer is 42.')).toEqual({ ok: false, reason: 'no_code' });
    expect(extractProgram('```python\n\n```')).toEqual({ ok: false, reason: 'no_code' });
    expect(extractProgram('```cpp\nint main(){}\n```')).toEqual({ ok: false, reason: 'no_code' });
    expect(extractProgram('Here:\r\n```python\r\nprint(1)\r\n```\r\n')).toEqual({ ok: true, program: 'print(1)' });
  });

  it('appends a completion to its prompt (HumanEval style)', () => {
    expect(completionProgram('def f():\n', '    return 1\n')).toEqual({ ok: true, program: 'def f():\n    return 1\n' });
    expect(completionProgram('def f():\n', '  \n')).toEqual({ ok: false, reason: 'no_code' });
  });
});
