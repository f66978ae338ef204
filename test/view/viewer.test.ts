import { mkdirSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportData } from '../../src/report/index.js';
import { filterProblems, startViewer, type RunningViewer } from '../../src/view/index.js';
import { repoRoot } from '../helpers/cli.js';
import { launchChromium } from '../report/chromium.js';
import { FAILED_SLOT_ERROR, XSS_EXTRACTED, XSS_TEXT } from '../report/build-test-study.js';
import { buildViewerFixture } from './viewer-fixture.js';

/** A raw HTTP GET whose path is sent exactly as given (no URL normalisation). */
function rawGet(port: number, rawPath: string, host = `127.0.0.1:${port}`): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: rawPath, method: 'GET', headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('rlbound view: the study viewer in headless Chromium', () => {
  let viewer: RunningViewer;
  let browser: Browser;
  let data: ReportData;
  let closeFixture: () => Promise<void>;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    const fixture = await buildViewerFixture();
    data = fixture.data;
    closeFixture = fixture.close;
    viewer = await startViewer({ data: fixture.data, samples: fixture.samples });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await viewer?.close();
    await closeFixture?.();
  });

  async function openViewer(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 950 } });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('dialog', (d) => {
      consoleErrors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(viewer.url);
    await page.waitForSelector('body[data-ready="true"]');
    return page;
  }

  it('binds to loopback', () => {
    expect(viewer.url).toBe(`http://127.0.0.1:${viewer.port}/`);
  });

  it('loads, shows the c/n grid, and shows a problem’s samples with verdict, extracted answer and reason', async () => {
    const page = await openViewer();
    const bench = data.benchmarks[0]!.id;
    const rows = data.problems.filter((p) => p.benchmark === bench);
    await expect(page.locator('#grid tbody tr').count()).resolves.toBe(rows.length);
    const first = rows[0]!;
    const cellText = await page.locator(`tr[data-problem-id="${first.problemId}"] td[data-model="${first.cells[0]!.model}"]`).innerText();
    expect(cellText).toContain(`${first.cells[0]!.correct}/${first.cells[0]!.samples}`);

    await page.click(`tr[data-problem-id="${first.problemId}"]`);
    await page.waitForSelector('article.sample');
    expect(await page.locator('#problem-title').innerText()).toBe(first.problemId);
    const cards = page.locator('article.sample');
    expect(await cards.count()).toBe(first.cells[0]!.samples);
    const verdicts = await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-verdict')));
    expect(verdicts.filter((v) => v === 'correct').length).toBe(first.cells[0]!.correct);
    const correct = page.locator('article.sample[data-verdict="correct"]').first();
    expect(await correct.locator('.extracted').innerText()).toBe('extracted: 1');
    // The verifier's reason, straight from the stored verdict.
    expect(await correct.locator('.reason').innerText()).toContain('equal: 1 = 1');
    expect(await page.locator('article.sample[data-verdict="incorrect"] .extracted').first().innerText()).toMatch(/^extracted: 10\d$/);
    expect(await page.locator('article.sample .dup').count()).toBe(3);
    // Math is typeset by the locally served KaTeX; code is highlighted.
    expect(await correct.locator('.katex').count()).toBeGreaterThan(0);
    expect(await correct.locator('pre.code .tok-kw').count()).toBeGreaterThan(0);
    mkdirSync(path.join(repoRoot, 'test-output'), { recursive: true });
    await page.screenshot({ path: path.join(repoRoot, 'test-output', 'viewer.png') });

    // Another model's samples.
    const other = first.cells[1]!;
    await page.click(`.models button[data-model="${other.model}"]`);
    await expect.poll(() => page.locator('#sample-count').innerText()).toContain(`${other.samples} samples of`);
    await expect.poll(() => page.locator('article.sample').count()).toBe(other.samples);
    expect(await page.locator('#sample-count').innerText()).toContain(`${other.samples} samples`);
    await page.close();
    expect(consoleErrors).toEqual([]);
  });

  it('renders a stored XSS payload as inert text', async () => {
    const page = await openViewer();
    await page.click('tr[data-problem-id="xss"]');
    await page.waitForSelector('article.sample');
    const response = page.locator('article.sample .response').first();
    expect(await response.innerText()).toContain('<script>window.__xss=1</script>');
    expect(await response.locator('img, script, a, iframe').count()).toBe(0);
    expect(await page.locator('article.sample .extracted').first().innerText()).toBe(`extracted: ${XSS_EXTRACTED}`);
    expect(await page.locator('#problem-title').innerText()).toBe('xss');
    // The problem statement and reference answer are untrusted too.
    expect(await page.locator('.prompt').innerText()).toContain('<script>window.__xss=5</script>');
    expect(await page.locator('.reference').innerText()).toContain('onerror');
    expect(await page.locator('#detail img, #detail script, #detail b').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(await page.evaluate('typeof window.__xss')).toBe('undefined');
    await page.close();
    expect(consoleErrors).toEqual([]);
    expect(XSS_TEXT).toContain('<script>');
  });

  it('restores a linked selection from the URL and keeps it there', async () => {
    const page = await browser.newPage();
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(`${viewer.url}#b=toy-math&p=p5&m=rl-100`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForSelector('article.sample');
    expect(await page.locator('#problem-title').innerText()).toBe('p5');
    expect(await page.locator('.models button.active').getAttribute('data-model')).toBe('rl-100');
    expect(await page.locator('article.sample[data-verdict="correct"]').count()).toBe(7);
    // Keyboard: focus another row and press Enter.
    await page.focus('tr[data-problem-id="p6"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#problem-title').innerText()).toBe('p6');
    await expect.poll(() => page.evaluate('location.hash')).toBe('#b=toy-math&p=p6&m=rl-100');
    await page.close();
    expect(consoleErrors).toEqual([]);
  });

  it('shows a failed request as an error sample with its message as the reason', async () => {
    const page = await openViewer();
    await page.click('tr[data-problem-id="p2"]');
    await page.waitForSelector('article.sample');
    const failed = page.locator('article.sample[data-verdict="error"]');
    expect(await failed.count()).toBe(1);
    expect(await failed.locator('.reason').innerText()).toBe(`request failed: ${FAILED_SLOT_ERROR}`);
    await page.close();
    expect(consoleErrors).toEqual([]);
  });

  it('filters: never solved, solved only by a model, flagged duplicates', async () => {
    const page = await openViewer();
    const bench = data.benchmarks[0]!.id;
    const ids = (): Promise<string[]> => page.locator('#grid tbody tr').evaluateAll((els) => els.map((e) => e.getAttribute('data-problem-id') ?? ''));
    const shown = (filter: string, model = ''): Promise<unknown> => page.waitForSelector(`#grid[data-shown="${bench}|${filter}|${model}|"]`);
    const expected = (filter: 'never' | 'only' | 'duplicates', model?: string): string[] =>
      filterProblems(data.problems, { benchmark: bench, filter, model }).map((r) => r.problemId);

    await page.selectOption('#filter', 'never');
    await shown('never');
    expect(await ids()).toEqual(expected('never'));
    expect(expected('never').length).toBeGreaterThan(0);

    const base = data.models[0]!.id;
    await page.selectOption('#filter', 'only');
    await page.selectOption('#filter-model', base);
    await shown('only', base);
    expect(await ids()).toEqual(expected('only', base));
    expect(expected('only', base).length).toBeGreaterThan(0);

    await page.selectOption('#filter', 'duplicates');
    await shown('duplicates');
    expect(await ids()).toEqual(expected('duplicates'));
    await page.close();
    expect(consoleErrors).toEqual([]);
  });

  it('shows every figure', async () => {
    const page = await openViewer();
    await page.click('button[data-tab="figures"]');
    const imgs = page.locator('figure[data-figure] img');
    const count = await imgs.count();
    expect(count).toBeGreaterThan(5);
    // Every <img> decoded its SVG (naturalWidth > 0 only after a successful load).
    await expect.poll(() => imgs.evaluateAll((els) => els.every((e) => (e as unknown as { naturalWidth: number }).naturalWidth > 0))).toBe(true);
    await page.screenshot({ path: path.join(repoRoot, 'test-output', 'viewer-figures.png') });
    await page.close();
    expect(consoleErrors).toEqual([]);
  });

  it('refuses path traversal and serves only its own files', async () => {
    for (const p of [
      '/assets/..%2f..%2f..%2fpackage.json',
      '/vendor/katex/..%2f..%2f..%2f..%2fpackage.json',
      '/../package.json',
      '/assets/%2e%2e/server.ts',
      '/api/figures/..%2f..%2fx.svg',
      '/assets/..\\..\\package.json',
      '/etc/passwd',
      '/assets//etc/passwd',
    ]) {
      const r = await rawGet(viewer.port, p);
      expect([400, 404], p).toContain(r.status);
      expect(r.body).not.toContain('"name": "rlbound"');
      expect(r.body).not.toContain('root:');
    }
    const ok = await rawGet(viewer.port, '/vendor/katex/katex.min.css');
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('.katex');
  });

  it('refuses foreign Host headers (DNS rebinding) and validates API parameters', async () => {
    expect((await rawGet(viewer.port, '/api/summary', 'evil.example:80')).status).toBe(421);
    const missing = await rawGet(viewer.port, `/api/samples?benchmark=${data.benchmarks[0]!.id}`);
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.body)).toEqual({ error: expect.stringMatching(/^problem:/) });
    const big = await rawGet(viewer.port, `/api/samples?benchmark=b&problem=p&model=${data.models[0]!.id}&limit=100000`);
    expect(big.status).toBe(400);
    expect(big.body).toMatch(/limit/);
    expect((await rawGet(viewer.port, '/api/problem?benchmark=nope&problem=nope')).status).toBe(404);
  });
});
