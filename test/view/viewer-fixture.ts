import type { ReportData } from '../../src/report/index.js';
import type { ProblemDetail, SampleSource, SampleView } from '../../src/view/index.js';
import { syntheticReportData } from '../report/synthetic-report-data.js';
import { memorySampleSource } from './memory-sample-source.js';

export const XSS_TEXT = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2"> and $\\href{javascript:window.__xss=4}{click}$ then \\boxed{<b>7</b>}';

/** Report data plus samples consistent with its c/n grid, and one problem holding an XSS payload. */
export async function buildViewerFixture(): Promise<{ data: ReportData; samples: SampleSource; close: () => Promise<void> }> {
  const data = syntheticReportData({ models: 3, problems: 16, samples: 6 });
  const bench = data.benchmarks[0]!.id;
  data.problems.push({ benchmark: bench, problemId: 'xss-problem', cells: data.models.map((m) => ({ model: m.id, correct: 0, samples: 1, duplicates: 0 })) });
  const problems: ProblemDetail[] = data.problems.map((p) => ({ benchmark: p.benchmark, problemId: p.problemId, prompt: `Solve for $x$: $\\frac{x}{2} = 3$ (${p.problemId}).`, reference: '6' }));
  const samples = new Map<string, SampleView[]>();
  for (const p of data.problems) {
    for (const c of p.cells) {
      samples.set(`${p.benchmark}/${p.problemId}/${c.model}`, Array.from({ length: c.samples }, (_, i): SampleView => {
        if (p.problemId === 'xss-problem') return { index: i, text: XSS_TEXT, verdict: 'incorrect', extracted: '<img src=x onerror="window.__xss=3">', reason: 'no \\boxed answer <script>', finishReason: 'stop', duplicate: false };
        const ok = i < c.correct;
        return {
          index: i,
          text: ok ? 'Multiply: $$x = 2 \\cdot 3$$ so \\boxed{6}.\n```python\ndef check(x):\n    return x / 2 == 3\n```' : `I think $x = ${i + 7}$, so \\boxed{${i + 7}}.`,
          verdict: ok ? 'correct' : 'incorrect',
          extracted: ok ? '6' : String(i + 7),
          reason: ok ? 'equal: 6 = 6' : `not equal: ${i + 7} ≠ 6`,
          finishReason: 'stop',
          duplicate: i >= c.samples - c.duplicates,
        };
      }));
    }
  }
  return { data, samples: memorySampleSource(problems, samples), close: async () => {} };
}
