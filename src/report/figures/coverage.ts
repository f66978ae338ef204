import type { ReportData } from '../report-data.js';
import { Labels, slug, type Figure } from './common.js';
import { upsetSpec } from './coverage-upset.js';
import { vennSpec } from './coverage-venn.js';

/** Solved-set figure per benchmark: Venn for 2–3 models, UpSet for more (one model: none). */
export function coverageFigures(data: ReportData): Figure[] {
  const labels = new Labels(data);
  return data.coverage
    .filter((cov) => cov.models.length >= 2)
    .map((cov) => {
      const name = labels.benchmark(cov.benchmark);
      const venn = cov.models.length <= 3;
      const title = `Problems solved at the largest k — ${name}`;
      return {
        id: `coverage-${slug(cov.benchmark)}`,
        title: `Coverage on ${name}`,
        caption: `A problem counts as solved by a model if at least one of its samples is correct. ${
          venn ? 'Venn diagram' : 'UpSet plot'
        } of the solved sets; the problem ids of every region are listed in the table below and in coverage.csv.`,
        spec: venn ? vennSpec(cov, labels, title) : upsetSpec(cov, labels, title),
      };
    });
}
