import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildFigureSections, DOUBLE_COLUMN, SINGLE_COLUMN, type FigureLayout } from './figures/index.js';
import { renderHtml, type RenderedSection } from './html.js';
import { outlinedSvgToPdf } from './render/pdf.js';
import { outlineSvg, svgToPng } from './render/png.js';
import { prefixSvgIds, renderSvg, svgSize } from './render/svg.js';
import type { ReportData } from './report-data.js';
import { buildTables, toCsv } from './tables.js';
import { validateReportData } from './validate-report-data.js';

export interface WriteReportOptions {
  /** PNG pixels per SVG pixel (default 2). */
  pngScale?: number;
}

/** One figure's files at one page width. */
export interface FigureFiles {
  /** Text outlined (the font travels inside the file). */
  svg: string;
  png: string;
  pdf: string;
}

export interface WrittenFigure extends FigureFiles {
  id: string;
  title: string;
  /** The same figure laid out for one column (3.5 in); the main files are two-column (7 in). */
  single: FigureFiles;
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
  /** Where the time went (ms): laying out and rendering SVG, PNG rasterizing, PDF export. */
  timings: { svgMs: number; pngMs: number; pdfMs: number };
}

/**
 * Writes a report for `data` into `outDir` (created if missing):
 * `report.html` (self-contained), `report-data.json` (every number), `figures/<id>.svg|png|pdf`
 * laid out for two columns (7 in) and `figures/single/<id>.svg|png|pdf` for one (3.5 in), and
 * `tables/<id>.csv`. The data is validated first (`InputError` names the bad field), so the lab
 * demo can hand over what it built itself.
 */
export async function writeReport(input: ReportData, outDir: string, options: WriteReportOptions = {}): Promise<ReportFiles> {
  const data = validateReportData(input);
  const scale = options.pngScale ?? 2;
  const dir = path.resolve(outDir);
  await mkdir(path.join(dir, 'figures'), { recursive: true });
  await mkdir(path.join(dir, 'tables'), { recursive: true });

  await mkdir(path.join(dir, 'figures', 'single'), { recursive: true });
  const timings = { svgMs: 0, pngMs: 0, pdfMs: 0 };
  const createdAt = new Date(Date.parse(data.generatedAt) || 0);
  /** Writes one figure at one width: outlined SVG, PNG at `scale`, PDF at the layout's physical width. */
  const exportFigure = async (
    svg: string,
    base: string,
    layout: FigureLayout,
    title: string,
  ): Promise<FigureFiles & { png: string; pngWidth: number; pngHeight: number }> => {
    let t = performance.now();
    const outlined = outlineSvg(svg);
    timings.svgMs += performance.now() - t;
    t = performance.now();
    const png = svgToPng(svg, scale);
    timings.pngMs += performance.now() - t;
    t = performance.now();
    const pdf = await outlinedSvgToPdf(outlined, { widthPt: layout.inches * 72, title, createdAt });
    timings.pdfMs += performance.now() - t;
    const files = { svg: `${base}.svg`, png: `${base}.png`, pdf: `${base}.pdf` };
    await Promise.all([writeFile(files.svg, outlined), writeFile(files.png, png.bytes), writeFile(files.pdf, pdf)]);
    return { ...files, pngWidth: png.width, pngHeight: png.height };
  };

  const singles = new Map(buildFigureSections(data, SINGLE_COLUMN).flatMap((s) => s.figures.map((f) => [f.id, f] as const)));
  const figures: WrittenFigure[] = [];
  const rendered: RenderedSection[] = [];
  for (const section of buildFigureSections(data, DOUBLE_COLUMN)) {
    const out: RenderedSection = { id: section.id, heading: section.heading, figures: [] };
    for (const fig of section.figures) {
      let t = performance.now();
      const svg = await renderSvg(fig.spec);
      const singleFigure = singles.get(fig.id);
      const singleSvg = singleFigure ? await renderSvg(singleFigure.spec) : svg;
      timings.svgMs += performance.now() - t;
      const { width, height } = svgSize(svg);
      const main = await exportFigure(svg, path.join(dir, 'figures', fig.id), DOUBLE_COLUMN, fig.title);
      const single = await exportFigure(singleSvg, path.join(dir, 'figures', 'single', fig.id), SINGLE_COLUMN, fig.title);
      figures.push({
        id: fig.id,
        title: fig.title,
        svg: main.svg,
        png: main.png,
        pdf: main.pdf,
        single: { svg: single.svg, png: single.png, pdf: single.pdf },
        width,
        height,
        pngWidth: main.pngWidth,
        pngHeight: main.pngHeight,
      });
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
  return { outDir: dir, html, json, figures, tables: writtenTables, timings };
}
