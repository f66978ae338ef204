import { describe, expect, it } from 'vitest';
import { parseResultsJsonl, toOutcomes } from '../../src/study/results-jsonl.js';

const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n');

describe('results JSONL', () => {
  it("accepts the paper's evaluation rows (idx, score, pred, code)", () => {
    const parsed = parseResultsJsonl(jsonl([{ idx: 0, question: 'q', gt: '5', code: ['a', 'b'], pred: ['5', '4'], score: [true, false] }]), 'seed1.jsonl');
    expect(parsed[0]).toMatchObject({ problemId: '0', n: 2, c: 1, scores: [1, 0], answers: ['5', '4'], texts: ['a', 'b'] });
  });

  it('assembles per-sample rows in sample order and names gaps and duplicates', () => {
    const rows = [
      { problem: 'p', sample: 1, correct: false, answer: '3' },
      { problem: 'p', sample: 0, correct: true, answer: '4', text: 'four' },
    ];
    const [p] = parseResultsJsonl(jsonl(rows), 'f.jsonl');
    expect([p.n, p.c, p.scores, p.answers, p.texts]).toEqual([2, 1, [1, 0], ['4', '3'], undefined]);
    expect(toOutcomes([p])[0]).toEqual({ problemId: 'p', n: 2, c: 1, scores: [1, 0], answers: ['4', '3'] });
    expect(() => parseResultsJsonl(jsonl([...rows, { problem: 'p', sample: 1, correct: true }]), 'f.jsonl')).toThrow(
      /f\.jsonl:3, field "sample": duplicate sample 1/,
    );
    expect(() => parseResultsJsonl(jsonl([{ problem: 'p', sample: 2, correct: true }]), 'f.jsonl')).toThrow(/sample 0 missing/);
    expect(() =>
      parseResultsJsonl(
        jsonl([
          { problem: 'p', n: 2, c: 1 },
          { problem: 'p', sample: 0, correct: true },
        ]),
        'f.jsonl',
      ),
    ).toThrow(/f\.jsonl:2.*whole-problem row on line 1/);
  });

  it('checks list lengths against scores', () => {
    expect(() => parseResultsJsonl(jsonl([{ problem: 'p', scores: [1, 0], answers: ['x'] }]), 'f.jsonl')).toThrow(
      /f\.jsonl:1, field "answers": has 1 entries but scores has 2/,
    );
  });
});
