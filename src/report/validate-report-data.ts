import { InputError } from '../errors.js';
import { ReportDataSchema, type ReportData } from './report-data.js';

/**
 * Parses untrusted report data (a JSON file, or what the lab demo built) and checks that every
 * model/benchmark reference names a declared one. Throws `InputError` naming the field.
 */
export function validateReportData(input: unknown, file?: string): ReportData {
  const parsed = ReportDataSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue ? issue.path.map(String).join('.') : undefined;
    throw new InputError(`invalid report data: ${issue?.message ?? 'schema mismatch'}`, { file, field });
  }
  const data = parsed.data;
  const models = new Set(data.models.map((m) => m.id));
  const benchmarks = new Set(data.benchmarks.map((b) => b.id));
  const check = (set: Set<string>, kind: string, value: string, field: string): void => {
    if (!set.has(value)) throw new InputError(`unknown ${kind} "${value}"`, { file, field });
  };
  for (const [key, rows] of Object.entries(referencingLists(data))) {
    rows.forEach((row, i) => {
      const at = `${key}.${i}`;
      if (row.benchmark !== undefined) check(benchmarks, 'benchmark', row.benchmark, `${at}.benchmark`);
      for (const [field, value] of row.models) check(models, 'model', value, `${at}.${field}`);
    });
  }
  return data;
}

interface References {
  benchmark?: string;
  models: Array<[field: string, id: string]>;
}

/** Every list in the data whose rows refer to models/benchmarks, flattened to the references. */
function referencingLists(d: ReportData): Record<string, References[]> {
  const list = (ids: string[], field: string): Array<[string, string]> => ids.map((m, i) => [`${field}.${i}`, m]);
  return {
    passK: d.passK.map((r) => ({ benchmark: r.benchmark, models: [['model', r.model]] })),
    comparisons: d.comparisons.map((r) => ({
      benchmark: r.benchmark,
      models: [
        ['base', r.base],
        ['other', r.other],
      ],
    })),
    coverage: d.coverage.map((r) => ({
      benchmark: r.benchmark,
      models: [...list(r.models, 'models'), ...r.regions.flatMap((g, i) => list(g.members, `regions.${i}.members`))],
    })),
    histograms: d.histograms.map((r) => ({ benchmark: r.benchmark, models: [['model', r.model]] })),
    perplexity: d.perplexity.map((r) => ({
      models: [
        ['scorer', r.scorer],
        ['responder', r.responder],
      ],
    })),
    deltaSE: d.deltaSE.map((r) => ({
      benchmark: r.benchmark,
      models: [
        ['base', r.base],
        ['rl', r.rl],
      ],
    })),
    algorithmComparisons: d.algorithmComparisons.map((r) => ({ benchmark: r.benchmark, models: [['base', r.base], ...list(r.models, 'models')] })),
    trainingSteps: d.trainingSteps.map((r) => ({ benchmark: r.benchmark, models: r.points.map((p, i): [string, string] => [`points.${i}.model`, p.model]) })),
    runHealth: d.runHealth.map((r) => ({ benchmark: r.benchmark, models: [['model', r.model]] })),
    problems: d.problems.map((r) => ({ benchmark: r.benchmark, models: r.cells.map((c, i): [string, string] => [`cells.${i}.model`, c.model]) })),
  };
}
