import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { describeLocation, InputError } from '../errors.js';

/**
 * Parses a YAML (or JSON — YAML is a superset) configuration and validates it with a zod schema.
 * Every error names the file, the line and the key path, e.g.
 *   study.yaml:12: field "models.1.endpoint": Invalid URL
 */
export function parseYamlConfig<S extends z.ZodType>(text: string, schema: S, file: string): z.infer<S> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line;
    throw new InputError(`invalid YAML: ${e.message.split('\n')[0]}`, { file, line });
  }
  const result = schema.safeParse(doc.toJS({ maxAliasCount: 100 }));
  if (result.success) return result.data;

  // Every problem of the file at once, in file order, each with its line and key path: a user
  // fixing a study file should not need one run per mistake.
  const located = result.error.issues.map((raw) => {
    const issue = deepestIssue(raw);
    const keyPath = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    // Walk up the path until a node exists (a missing key is reported at its parent mapping).
    let line: number | undefined;
    for (let depth = keyPath.length; depth >= 0 && line === undefined; depth--) {
      const node = depth === 0 ? doc.contents : doc.getIn(keyPath.slice(0, depth), true);
      if (isNode(node) && node.range) line = lineCounter.linePos(node.range[0]).line;
    }
    return { message: issue.message, line, field: keyPath.length > 0 ? keyPath.join('.') : undefined };
  });
  located.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const [first, ...rest] = located;
  const more = rest.map((p) => `\n  ${describeLocation({ file, line: p.line, field: p.field })}: ${p.message}`).join('');
  const count = rest.length > 0 ? ` (${located.length} problems in this file, all listed)` : '';
  throw new InputError(`${first.message}${count}${more}`, { file, line: first.line, field: first.field });
}

type Issue = z.core.$ZodIssue;

/**
 * For a value that matches no branch of a union ("Invalid input"), the branch that got furthest
 * into the value explains the mistake best: `limit: six` under a benchmark entry should say
 * "benchmarks.0.limit: expected number", not that the entry as a whole is invalid.
 */
function deepestIssue(issue: Issue): Issue {
  if (issue.code !== 'invalid_union' || !('errors' in issue) || !Array.isArray(issue.errors)) return issue;
  let best: Issue | undefined;
  for (const branch of issue.errors as Issue[][]) {
    for (const inner of branch) {
      const candidate = deepestIssue({ ...inner, path: [...issue.path, ...inner.path] } as Issue);
      if (best === undefined || candidate.path.length > best.path.length) best = candidate;
    }
  }
  return best ?? issue;
}
