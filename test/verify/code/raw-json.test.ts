import { describe, expect, it } from 'vitest';
import { rawTopLevelFields } from '../../../src/verify/code/raw-json.js';

describe('rawTopLevelFields', () => {
  it('returns the exact source text of the wanted fields', () => {
    const line = '{"a": "x\\"}]", "inputs": [[1.0, 2], [{"k": "]"}, 12345678901234567890]], "b": true, "n": -1.5e3}';
    const raw = rawTopLevelFields(line, ['inputs', 'n', 'missing']);
    expect(raw.get('inputs')).toBe('[[1.0, 2], [{"k": "]"}, 12345678901234567890]]');
    expect(raw.get('n')).toBe('-1.5e3');
    expect(raw.has('missing')).toBe(false);
  });

  it('rejects text that is not an object', () => {
    expect(() => rawTopLevelFields('[1]', ['a'])).toThrow(SyntaxError);
    expect(() => rawTopLevelFields('{"a": [1, 2}', ['a'])).toThrow(SyntaxError);
  });
});
