import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildFigureSections } from './figures/index.js';
import { renderHtml, type RenderedSection } from './html.js';
import { svgToPng } from './render/png.js';
import { prefixSvgIds, renderSvg, svgSize } from './render/svg.js';
import type { ReportData } from './report-data.js';
import { buildTables, toCsv } from './tables.js';
import { validateReportData } from './validate-report-data.js';

export interface WriteReportOptions {
  /** PNG pixels per SVG pixel (default 2). */
  pngScale?: number;
}

export interface WrittenFigure {
  id: string;
  title: string;
  svg: string;
  png: string;
  /** SVG size in CSS pixels; the PNG is this times `pngScale`. */
  width: number;
  height: number;
  pngWidth: number;
  pngHeight: number;
}

/** What `writeReport` wrote; every path is absolute. */
export interface ReportFiles {
  outDir: string;
  html: string;
  json: string;
  figures: WrittenFigure[];
  tables: Array<{ id: string; csv: string; rows: number }>;
}

/**
 * Writes a report for `data` into `outDir` (created if missing):
 * `report.html` (self-contained), `report-data.json` (every number), `figures/<id>.svg|png`,
 * `tables/<id>.csv`. The data is validated first (`InputError` names the bad field), so the lab
 * demo can hand over what it built itself.
 */
export async function writeReport(input: ReportData, outDir: string, options: WriteReportOptions = {}): Promise<ReportFiles> {
  const data = validateReportData(input);
  const scale = options.pngScale ?? 2;
  const dir = path.resolve(outDir);
  await mkdir(path.join(dir, 'figures'), { recursive: true });
  await mkdir(path.join(dir, 'tables'), { recursive: true });

  const figures: WrittenFigure[] = [];
  const rendered: RenderedSection[] = [];
  for (const section of buildFigureSections(data)) {
    const out: RenderedSection = { id: section.id, heading: section.heading, figures: [] };
    for (const fig of section.figures) {
      const svg = await renderSvg(fig.spec);
      const { width, height } = svgSize(svg);
      const png = svgToPng(svg, scale);
      const svgPath = path.join(dir, 'figures', `${fig.id}.svg`);
      const pngPath = path.join(dir, 'figures', `${fig.id}.png`);
      await writeFile(svgPath, svg);
      await writeFile(pngPath, png.bytes);
      figures.push({ id: fig.id, title: fig.title, svg: svgPath, png: pngPath, width, height, pngWidth: png.width, pngHeight: png.height });
      out.figures.push({ id: fig.id, title: fig.title, caption: fig.caption, svg: prefixSvgIds(svg, `f${figures.length}`) });
    }
    rendered.push(out);
  }

  const tables = buildTables(data);
  const writtenTables: ReportFiles['tables'] = [];
  for (const t of tables) {
    const csv = path.join(dir, 'tables', `${t.id}.csv`);
    await writeFile(csv, toCsv(t));
    writtenTables.push({ id: t.id, csv, rows: t.rows.length });
  }
  const json = path.join(dir, 'report-data.json');
  await writeFile(json, JSON.stringify(data, null, 1) + '\n');
  const html = path.join(dir, 'report.html');
  await writeFile(html, renderHtml(data, rendered, tables));
  return { outDir: dir, html, json, figures, tables: writtenTables };
}
