import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { buildFigureSections, renderSvg, writeReport, type ReportData, type ReportFiles } from '../../src/report/index.js';
import { repoRoot } from '../helpers/cli.js';
import { launchChromium } from './chromium.js';
import { decodePng } from './decode-png.js';
import { syntheticReportData } from './synthetic-report-data.js';

const screenshots = path.join(repoRoot, 'test-output');

/** Parses the simple CSV the report writes (quoted fields only where needed). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') ((field += '"'), i++);
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') (row.push(field), (field = ''));
    else if (ch === '\n') (row.push(field), rows.push(row), (row = []), (field = ''));
    else field += ch;
  }
  return rows;
}

describe('writeReport (synthetic ReportData)', () => {
  let dir: string;
  let data: ReportData;
  let files: ReportFiles;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rlbound-report-'));
    data = syntheticReportData({ models: 4 });
    // Untrusted text in a model label must come out as text.
    data.models[1]!.label = 'RL <img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
    data.passK[0]!.note = 'problems have between 60 and 64 samples; k runs up to the smallest n (60)';
    files = await writeReport(data, dir);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes every kind of figure as outlined SVG, a PNG of twice the SVG size and PDF, at two page widths', async () => {
    const ids = files.figures.map((f) => f.id);
    for (const expected of [
      'passk-math500',
      'passk-aime24',
      'passk-grid',
      'passk-difference',
      'coverage-math500',
      'accuracy-math500',
      'problems-math500',
      'perplexity',
      'algorithms-math500',
      'training-steps-math500',
      'run-health',
    ]) {
      expect(ids).toContain(expected);
    }
    const specs = new Map(buildFigureSections(data).flatMap((s) => s.figures.map((f) => [f.id, f.spec] as const)));
    for (const f of files.figures) {
      const svg = readFileSync(f.svg, 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      // The font travels inside the file: every text is a glyph outline, none is left to a font.
      expect(svg).not.toContain('<text');
      expect(svg.length).toBeLessThan(1_500_000);
      if (f.id !== 'passk-difference' && (f.id.startsWith('passk-') || f.id.startsWith('accuracy-')))
        expect(await renderSvg(specs.get(f.id)!), `${f.id} legend`).toContain('role-legend');
      const png = decodePng(readFileSync(f.png));
      expect(png).toMatchObject({ width: Math.round(f.width * 2), height: Math.round(f.height * 2) });
      expect(png.width).toBe(f.pngWidth);
      for (const pdf of [f.pdf, f.single.pdf]) expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // Laid out for the page: the two-column figure fits 7 in (672 px), the one-column one 3.5 in.
      expect(f.width, f.id).toBeLessThanOrEqual(700);
      expect(decodePng(readFileSync(f.single.png)).width / 2, f.id).toBeLessThanOrEqual(f.id.startsWith('coverage-') || f.id === 'run-health' ? 700 : 420);
    }
  });

  it('writes every number to CSV and JSON exactly as in the data', () => {
    const json = JSON.parse(readFileSync(files.json, 'utf8')) as ReportData;
    expect(json).toEqual(data);
    const passk = parseCsv(readFileSync(path.join(dir, 'tables', 'passk.csv'), 'utf8'));
    expect(passk[0]).toEqual(['benchmark', 'model', 'k', 'pass@k', 'lo', 'hi', 'problems', 'samples per problem']);
    const expected = data.passK.flatMap((c) => c.points.map((p) => [c.benchmark, c.model, p.k, p.value, p.lo, p.hi]));
    expect(passk.length - 1).toBe(expected.length);
    passk.slice(1).forEach((row, i) => {
      const [, , k, value, lo, hi] = expected[i]!;
      expect(Number(row[2])).toBe(k);
      expect(Number(row[3])).toBe(value);
      expect(Number(row[4])).toBe(lo);
      expect(Number(row[5])).toBe(hi);
    });
    const dse = parseCsv(readFileSync(path.join(dir, 'tables', 'delta-se.csv'), 'utf8'));
    expect(dse.slice(1).map((r) => Number(r[6]))).toEqual(data.deltaSE.map((r) => r.deltaSE));
    const coverage = parseCsv(readFileSync(path.join(dir, 'tables', 'coverage.csv'), 'utf8'));
    expect(coverage.slice(1).map((r) => r[3])).toEqual(data.coverage.flatMap((c) => c.regions.map((g) => g.problemIds.join(' '))));
  });

  it('opens offline in headless Chromium with no console errors and every chart drawn', async () => {
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`file://${files.html}`);
    const charts = await page.$$eval('figure[data-figure]', (figs) =>
      figs.map((f) => {
        const svg = f.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        return {
          id: f.getAttribute('data-figure'),
          marks: svg?.querySelectorAll('path, rect, line, text, circle').length ?? 0,
          width: box?.width ?? 0,
          height: box?.height ?? 0,
        };
      }),
    );
    expect(charts.map((c) => c.id)).toEqual(files.figures.map((f) => f.id));
    for (const c of charts) {
      expect(c.marks, c.id ?? '').toBeGreaterThan(10);
      expect(c.width).toBeGreaterThan(100);
      expect(c.height).toBeGreaterThan(100);
    }
    expect(errors).toEqual([]);
    expect(requests.every((u) => u.startsWith('file://'))).toBe(true);
    expect(await page.evaluate('typeof window.__xss')).toBe('undefined');
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('body').innerText()).toContain('<script>window.__xss=2</script>');
    expect(await page.locator('#passk .notes').innerText()).toContain('base on math500: problems have between 60 and 64 samples');
    const summary = await page.locator('#summary li').allInnerTexts();
    expect(summary).toContain(`MATH500: ${data.comparisons[0]!.crossover.summary}`);
    expect(summary.some((t) => /^AIME24: ΔSE of .+ = -?\d+\.\d( \[-?\d+\.\d, -?\d+\.\d\])? points at k = \d+/.test(t))).toBe(true);
    // The ΔSE table shows the data's numbers as percentages.
    const firstDse = await page.locator('table[data-table="delta-se"] tbody tr').first().locator('td').nth(6).innerText();
    expect(firstDse).toBe(`${(data.deltaSE[0]!.deltaSE * 100).toFixed(1)}%`);
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: path.join(screenshots, 'report.png'), fullPage: true });
    await page.close();
  });

  it('draws a Venn diagram for two models and an UpSet plot for five', async () => {
    const twoData = syntheticReportData({ models: 2 });
    const fiveData = syntheticReportData({ models: 5 });
    const textOf = async (d: ReportData): Promise<string> =>
      renderSvg(
        buildFigureSections(d)
          .flatMap((s) => s.figures)
          .find((f) => f.id === 'coverage-math500')!.spec,
      );
    const venn = await textOf(twoData);
    const upset = await textOf(fiveData);
    expect(venn).toContain('solved by none');
    expect(upset).not.toContain('solved by none');
    expect(upset).toContain('RL step 400');
  });

  it('keeps figure files apart when benchmark names collide after slugging', async () => {
    const d = syntheticReportData({ models: 2, problems: 8, samples: 4 });
    d.benchmarks[0]!.label = 'grid';
    const rename = (from: string, to: string): void => {
      for (const list of [
        d.passK,
        d.comparisons,
        d.coverage,
        d.histograms,
        d.deltaSE,
        d.algorithmComparisons,
        d.trainingSteps,
        d.runHealth,
        d.problems,
      ] as Array<Array<{ benchmark: string }>>) {
        for (const row of list) if (row.benchmark === from) row.benchmark = to;
      }
      d.benchmarks.find((b) => b.id === from)!.id = to;
    };
    rename('math500', 'grid');
    rename('aime24', 'GRID');
    const files = await writeReport(d, path.join(dir, 'collide'));
    const ids = files.figures.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['passk-grid', 'passk-grid-2', 'passk-grid-3']));
  });

  it('rejects data that refers to an undeclared model, naming the field', async () => {
    const bad = syntheticReportData();
    bad.deltaSE[0]!.rl = 'ghost';
    await expect(writeReport(bad, path.join(dir, 'bad'))).rejects.toThrow(InputError);
    await expect(writeReport(bad, path.join(dir, 'bad'))).rejects.toThrow(/deltaSE\.0\.rl.*unknown model "ghost"/);
  });
});
