/**
 * Joins the fidelity corpus with the real Qwen2.5-Math grader's verdicts (pinned and current
 * environments) into the committed test data test/verify/math/paper-fidelity.jsonl.gz.
 * Rows: {id, bench, idx, response | pred, pinned, current, pinned_pred, pinned_error?, current_error?}
 * — never the gold: the fidelity test reads it from ../shared/data by (bench, idx).
 *
 * Usage: npx vite-node bench/math-paper-record.ts DIR   (DIR as written by bench/math-paper-corpus.ts,
 *        with the grader's outputs DIR/pinned*.jsonl and DIR/current*.jsonl)
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { z } from 'zod';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: npx vite-node bench/math-paper-record.ts DIR');
  process.exit(2);
}
const Verdict = z.object({ id: z.string(), pred: z.string().optional(), correct: z.boolean(), error: z.string().optional() });
const CorpusRow = z.object({ id: z.string(), bench: z.string(), idx: z.number().int(), response: z.string().optional(), pred: z.string().optional() });
const lines = (file: string): unknown[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as unknown);

function verdicts(prefix: string): Map<string, z.infer<typeof Verdict>> {
  const out = new Map<string, z.infer<typeof Verdict>>();
  for (const f of readdirSync(dir)
    .filter((n) => n.startsWith(prefix) && n.endsWith('.jsonl'))
    .sort())
    for (const v of lines(path.join(dir, f)).map((x) => Verdict.parse(x))) out.set(v.id, v);
  return out;
}
const pinned = verdicts('pinned');
const current = verdicts('current');
const rows = lines(path.join(dir, 'corpus.jsonl')).map((x) => CorpusRow.parse(x));
const out: string[] = [];
for (const r of rows) {
  const p = pinned.get(r.id);
  const c = current.get(r.id);
  if (!p || !c) throw new Error(`no verdict for ${r.id} (pinned ${p ? 'ok' : 'missing'}, current ${c ? 'ok' : 'missing'})`);
  out.push(
    JSON.stringify({
      ...r,
      pinned: p.correct,
      current: c.correct,
      pinned_pred: p.pred ?? null,
      ...(p.error ? { pinned_error: p.error } : {}),
      ...(c.error ? { current_error: c.error } : {}),
    }),
  );
}
const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'test', 'verify', 'math', 'paper-fidelity.jsonl.gz');
writeFileSync(target, gzipSync(out.join('\n') + '\n', { level: 9 }));
console.log(`${out.length} rows → ${target}`);
