import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BUILTIN_BENCHMARKS, builtinBenchmark } from '../../src/bench/registry.js';
import { loadBenchmark } from '../../src/bench/load-benchmark.js';
import { loadUserSpec } from '../../src/bench/user-spec.js';
import { getTemplate, TEMPLATES } from '../../src/bench/templates.js';
import { gradeMath } from '../../src/verify/math/index.js';
import { sharedData } from '../helpers/shared-data.js';

const dataDir = sharedData();
const EXPECTED_ROWS: Record<string, number> = {
  math500: 500,
  aime24: 30,
  amc23: 40,
  gsm8k: 1319,
  minerva_math: 272,
  olympiadbench: 675,
  humanevalplus: 164,
  livecodebench: 279,
};

describe('built-in benchmark specs on the real data files', () => {
  for (const [name, rows] of Object.entries(EXPECTED_ROWS)) {
    it(`${name}: every row becomes a problem with a unique id${BUILTIN_BENCHMARKS[name].kind === 'math' ? ' and a gold answer equal to itself' : ''}`, async () => {
      const b = await loadBenchmark(builtinBenchmark(name), { dataDir });
      expect(b.problems).toHaveLength(rows);
      expect(b.contentHash).toMatch(/^[0-9a-f]{64}$/);
      expect(new Set(b.problems.map((p) => p.id)).size).toBe(rows);
      for (const p of b.problems) {
        expect(p.question.length).toBeGreaterThan(0);
        if (p.kind === 'math') {
          expect(p.gold, `${name} ${p.id}`).toBeTruthy();
          const v = gradeMath({ pred: p.gold!, gold: p.gold!, benchmark: name as 'math500' });
          expect(v.correct, `${name} ${p.id}: ${p.gold} (${v.reason})`).toBe(true);
        } else {
          expect(p.code?.tests?.length ?? p.code?.baseInputs?.length ?? 0).toBeGreaterThan(0);
        }
      }
    });
  }

  it('gold answers follow the paper grader: AMC 27.0 → 27, GSM8K after ####, MATH500 from the solution box', async () => {
    const amc = await loadBenchmark(builtinBenchmark('amc23'), { dataDir });
    expect(amc.problems[0].gold).toBe('27');
    const gsm = await loadBenchmark(builtinBenchmark('gsm8k'), { dataDir, limit: 1 });
    expect(gsm.problems[0].gold).toBe('18');
    const m5 = await loadBenchmark(builtinBenchmark('math500'), { dataDir, limit: 1 });
    expect(m5.problems[0].gold).toBe('\\left( 3, \\frac{\\pi}{2} \\right)');
  });
});

describe('templates', () => {
  it('render byte-identical raw prompts from the same question, with ChatML for Qwen templates', () => {
    const q = 'What is $1+1$?';
    expect(getTemplate('qwen-boxed').raw(q)).toBe(
      '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nWhat is $1+1$?\nPlease reason step by step, and put your final answer within \\boxed{}.<|im_end|>\n<|im_start|>assistant\n',
    );
    expect(getTemplate('qwen25-math-cot').messages(q)[0].content).toBe('Please reason step by step, and put your final answer within \\boxed{}.');
    expect(getTemplate('abel').raw(q)).toMatch(
      /\nuser\nSolve the following math problem step by step\. The last line of your response should be of the form Answer: \$Answer .*\nWhat is \$1\+1\$\?\nRemember to put your answer on its own line after "Answer:"\.\nassistant\n$/s,
    );
    expect(getTemplate('r1').raw(q)).toMatch(/<think> <\/think> and <answer> <\/answer> tags.* User: What is \$1\+1\$\? Assistant:$/);
    for (const t of Object.values(TEMPLATES)) expect(t.raw(q)).toContain(q.trim());
    expect(() => getTemplate('nope')).toThrow(/unknown prompt template "nope"/);
  });
});

describe('user benchmark specs', () => {
  it('loads a user YAML spec and its JSONL file, extracting gold by rule', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rlbound-spec-'));
    await writeFile(path.join(dir, 'mine.jsonl'), '{"uid":"a","q":"1+1?","sol":"so \\\\boxed{2}"}\n{"uid":"b","q":"2+2?","sol":"\\\\boxed{4}"}\n');
    await writeFile(path.join(dir, 'mine.yaml'), 'name: mine\nkind: math\nfile: mine.jsonl\nfields: {id: uid, question: q, gold: sol}\ngold: last_boxed\n');
    const b = await loadBenchmark(await loadUserSpec(path.join(dir, 'mine.yaml')));
    expect(b.problems.map((p) => [p.id, p.gold])).toEqual([
      ['a', '2'],
      ['b', '4'],
    ]);
  });

  it('errors name the spec line/key, and the data file line/field', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rlbound-spec-'));
    await writeFile(path.join(dir, 'bad.yaml'), 'name: mine\nkind: math\nfile: x.jsonl\ntemplate: qwen-boxd\n');
    await expect(loadUserSpec(path.join(dir, 'bad.yaml'))).rejects.toThrow(/bad\.yaml:4, field "template": unknown template/);
    await writeFile(path.join(dir, 'rows.jsonl'), '{"question":"1+1?","answer":"2"}\n{"question":"no gold"}\n');
    await writeFile(path.join(dir, 'ok.yaml'), 'name: mine\nkind: math\nfile: rows.jsonl\n');
    await expect(loadBenchmark(await loadUserSpec(path.join(dir, 'ok.yaml')))).rejects.toThrow(/rows\.jsonl:2, field "answer": missing text field/);
  });
});
