import { describe, expect, it } from 'vitest';
import { duplicateStats } from '../../src/sample/duplicates.js';

describe('duplicateStats', () => {
  it('counts copies and the length of the longest repeated text', () => {
    const long = 'x'.repeat(100);
    expect(duplicateStats(['42', '42', '7', long, long, long])).toEqual({ total: 6, distinct: 3, duplicates: 3, longestRepeatedBytes: 100 });
    expect(duplicateStats(['a', 'b', 'é'])).toEqual({ total: 3, distinct: 3, duplicates: 0, longestRepeatedBytes: 0 });
    expect(duplicateStats(['é', 'é'])).toMatchObject({ longestRepeatedBytes: 2 });
  });
});
