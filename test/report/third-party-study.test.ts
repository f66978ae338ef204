import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatherReportData, type ReportData } from '../../src/report/index.js';
import { openStudy } from '../../src/study/index.js';
import { viewStudy, type RunningViewer } from '../../src/view/index.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { launchChromium } from './chromium.js';
import { buildThirdPartyStudy, CORRECT_T06, meanPassAtK, N, PROBLEMS } from './third-party-study.js';

const screenshots = path.join(repoRoot, 'test-output', 'third-party');

/**
 * Issue 15, item 8: a third-party-like study reported end to end as a new user would — the RL
 * model imported before the base (roles declared), verdicts without texts, two runs per model —
 * through the compiled CLI, with the numbers of report-data.json checked against an independent
 * computation and the page and the viewer looked at in real Chromium.
 */
describe('report on a third-party study (imported in the "wrong" order, two runs per model)', () => {
  let study: Awaited<ReturnType<typeof buildThirdPartyStudy>>;
  let data: ReportData;
  let out: string;
  let browser: Browser;
  let viewer: RunningViewer | undefined;

  beforeAll(async () => {
    study = await buildThirdPartyStudy();
    out = path.join(study.dir, 'report');
    browser = await launchChromium();
    mkdirSync(screenshots, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await viewer?.close();
    await browser?.close();
    study?.cleanup();
  });

  it('refuses the ambiguous store with a table of the candidate runs and their settings, and status shows them', () => {
    const r = runCli(['report', '--study', study.file, '--out', out], { cwd: study.dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('several runs of one model on one benchmark');
    expect(r.stderr).toMatch(/run\s+model\s+benchmark\s+T\s+top-p\s+max tokens\s+n\s+template\s+seed\s+verifier/);
    for (const id of [...study.runIds.t06, ...study.runIds.t08])
      expect(r.stderr).toMatch(
        new RegExp(`\\n${id}\\s+(rl-zoo|qwen-base)\\s+math500\\s+0\\.[68]\\s+0\\.95\\s+16384\\s+${N}\\s+import\\s+0\\s+import/as-recorded@1`),
      );
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const status = runCli(['status', '--study', study.file]);
    expect(status.status, status.stderr).toBe(0);
    expect(status.stdout.match(/\[T 0\.6 · top-p 0\.95 · max 16384 tokens · n 16 · template import · seed 0 · source import\]/g)).toHaveLength(2);
    expect(status.stdout.match(/\[T 0\.8 /g)).toHaveLength(2);
    const json = JSON.parse(runCli(['status', '--study', study.file, '--json']).stdout) as { runs: Array<{ settings: { temperature: number } }> };
    expect(json.runs.map((x) => x.settings.temperature).sort()).toEqual([0.6, 0.6, 0.8, 0.8]);
  });

  it('reports the selected runs with roles from the store, the exact crossover, ΔSE with its interval and stated k', () => {
    const r = runCli(['report', '--study', study.file, '--out', out, '--runs', study.runIds.t06.join(',')], { cwd: study.dir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    data = JSON.parse(readFileSync(path.join(out, 'report-data.json'), 'utf8')) as ReportData;
    expect(data.title).toBe('math500-study');
    expect(Object.fromEntries(data.models.map((m) => [m.id, m.role]))).toEqual({ 'rl-zoo': 'rl', 'qwen-base': 'base' });
    expect(data.comparisons.map((c) => [c.base, c.other])).toEqual([['qwen-base', 'rl-zoo']]);

    // pass@k of the T 0.6 runs (not the T 0.8 ones), recomputed here from the fixture's counts.
    for (const model of ['qwen-base', 'rl-zoo'] as const) {
      const curve = data.passK.find((c) => c.model === model)!;
      for (const p of curve.points) expect(p.value).toBeCloseTo(meanPassAtK(CORRECT_T06[model], p.k), 12);
    }
    // The crossover on every k: the first k at which the base is at least as good as the RL model.
    const ks = Array.from({ length: N }, (_, i) => i + 1);
    const crossing = ks.find((k) => meanPassAtK(CORRECT_T06['qwen-base'], k) >= meanPassAtK(CORRECT_T06['rl-zoo'], k))!;
    expect(crossing & (crossing - 1)).not.toBe(0); // not a power of two: a grid could not have found it
    const x = data.comparisons[0]!.crossover;
    expect(x.k).toBe(crossing);
    expect(x.maxK).toBe(N);
    expect(x.lo!).toBeLessThanOrEqual(crossing);
    expect(x.hi!).toBeGreaterThanOrEqual(crossing);
    expect(x.probability!).toBeGreaterThan(0.9);
    expect(x.resamples!).toBeGreaterThanOrEqual(2000);
    expect(x.summary).toContain(`at k = ${crossing} (every k ≤ ${N} examined`);

    // ΔSE at the k it can use (16, not the asked 256), with its interval and Monte-Carlo error.
    const dse = data.deltaSE[0]!;
    expect(dse).toMatchObject({ base: 'qwen-base', rl: 'rl-zoo', k: N, kRequested: 256 });
    const expected = meanPassAtK(CORRECT_T06['qwen-base'], N) - CORRECT_T06['rl-zoo'].reduce((s, c) => s + c / N, 0) / PROBLEMS;
    expect(dse.deltaSE).toBeCloseTo(expected, 12);
    expect(dse.lo!).toBeLessThan(dse.deltaSE);
    expect(dse.hi!).toBeGreaterThan(dse.deltaSE);
    expect(dse.mcError!).toBeLessThanOrEqual(0.002);
    expect(data.provenance!.warnings.some((w) => w.includes(`ΔSE uses k = ${N}, not 256`))).toBe(true);

    // Run health knows the runs are imported without texts: no duplicate statistic, no 99% alarm.
    for (const h of data.runHealth)
      expect(h).toMatchObject({ origin: 'imported', duplicates: null, duplicateRate: null, emptyTexts: PROBLEMS * N, truncated: 0 });
    // Provenance: exactly the selected runs, their settings, grader and the resampling used.
    const p = data.provenance!;
    expect(p.selectedBy).toBe('runs');
    expect(p.runs.map((x) => x.runId).sort()).toEqual([...study.runIds.t06].sort());
    expect(p.runs.every((x) => x.temperature === 0.6 && x.verifier === 'import/as-recorded@1' && x.origin === 'imported')).toBe(true);
    expect(p.bootstrap).toMatchObject({ mode: 'auto', seed: 0, ci: 0.95, tolerance: 0.002, maxResamples: 64_000 });
  });

  it('lets an explicit comparison choose the base, and says so when no base model is declared instead of guessing one', async () => {
    const store = await openStudy(study.file, { readonly: true, mustExist: true });
    try {
      const d = await gatherReportData(store, { selection: { runs: study.runIds.t06 }, compare: [['rl-zoo', 'qwen-base']], bootstrap: { resamples: 200 } });
      expect(d.comparisons[0]).toMatchObject({ base: 'rl-zoo', other: 'qwen-base' });
    } finally {
      await store.close();
    }
    const bare = await openStudy(path.join(study.dir, 'no-roles.sqlite'));
    try {
      const bench = await bare.putBenchmark({ name: 'toy', source: 'test', contentHash: 'toy' });
      await bare.putProblems(bench.id, [{ index: 0, key: 'p0', prompt: 'q' }]);
      const [problem] = await bare.listProblems(bench.id);
      for (const name of ['first-imported', 'second']) {
        const model = await bare.putModel({ name, provider: 'import' });
        const { run } = await bare.findOrCreateRun({
          modelId: model.id,
          benchmarkId: bench.id,
          sampling: {},
          targetN: 2,
          baseSeed: 0,
          promptTemplateHash: 'import',
        });
        await bare.insertSamples([0, 1].map((i) => ({ runId: run.id, problemId: problem!.id, sampleIndex: i, seed: i, text: `t${i}` })));
        const ids = [];
        for await (const s of bare.iterateSamples(run.id)) ids.push(s.id);
        await bare.putVerdicts(
          ids.map((sampleId, i) => ({
            verifier: 'math',
            policy: 'strict',
            version: '1',
            sampleId,
            correct: i === 0,
            extracted: null,
            reason: 'test',
            durationMs: 0,
          })),
        );
      }
      const d = await gatherReportData(bare, { bootstrap: { resamples: 50 } });
      expect(d.comparisons).toEqual([]);
      expect(d.deltaSE).toEqual([]);
      expect(d.provenance!.warnings.some((w) => w.startsWith('no model is declared as the base model'))).toBe(true);
    } finally {
      await bare.close();
    }
  });

  it('looks right in Chromium: the report page and the viewer', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => (m.type() === 'error' ? errors.push(m.text()) : undefined));
    await page.goto(`file://${path.join(out, 'report.html')}`);
    expect(await page.locator('h1').innerText()).toBe('math500-study');
    expect(await page.locator('#warnings').innerText()).toContain('ΔSE uses k = 16, not 256');
    const provenance = await page.locator('table[data-table="provenance"] tbody tr').allInnerTexts();
    expect(provenance).toHaveLength(2);
    expect(provenance.every((row) => /imported/.test(row) && /0\.6/.test(row))).toBe(true);
    // No figure is wider than the page column.
    const widths = await page.$$eval('figure[data-figure] svg', (svgs) => svgs.map((s) => s.getBoundingClientRect().width));
    for (const w of widths) expect(w).toBeLessThanOrEqual(700);
    await page.screenshot({ path: path.join(screenshots, 'report-top.png') });
    await page.locator('#fig-passk-math500').screenshot({ path: path.join(screenshots, 'report-passk.png') });
    await page.locator('#provenance').screenshot({ path: path.join(screenshots, 'report-provenance.png') });

    viewer = await viewStudy({ study: study.file, selection: { runs: study.runIds.t06 }, bootstrap: { resamples: 200 }, port: 0 });
    const v = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    v.on('pageerror', (e) => errors.push(e.message));
    await v.goto(`${viewer.url}#b=math500&p=${encodeURIComponent('test/algebra/3.json')}&m=qwen-base&s=5`);
    await v.waitForSelector('body[data-ready="true"]');
    expect(await v.title()).toBe('math500-study');
    expect(await v.locator('#title').innerText()).toBe('math500-study');
    expect(await v.locator('#loading').count()).toBe(0);
    // The gold answer \frac{4}{2} is typeset, not shown as source.
    expect(await v.locator('.reference-answer .katex').count()).toBe(1);
    expect(await v.locator('#sample-5.linked').count()).toBe(1);
    expect(await v.locator('#grid-legend').innerText()).toContain('duplicate samples');
    // Empty imported texts are not duplicates of each other.
    expect(await v.locator('.sample .dup').count()).toBe(0);
    await v.screenshot({ path: path.join(screenshots, 'viewer.png') });
    expect(errors).toEqual([]);
  }, 120_000);
});
