import { escapeHtml as esc } from './escape-html.js';
import { SECTION_HEADINGS, type FigureSection } from './figures/index.js';
import type { ReportData } from './report-data.js';
import type { Cell, Table } from './tables.js';

/** A figure after rendering: its SVG text (ids already made page-unique). */
export interface RenderedFigure {
  id: string;
  title: string;
  caption: string;
  svg: string;
}

export interface RenderedSection extends Omit<FigureSection, 'figures'> {
  figures: RenderedFigure[];
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#222;background:#fafafa}
main{max-width:1200px;margin:0 auto;padding:1.5rem 2rem 4rem}
h1{margin:.2rem 0 .4rem}h2{margin-top:2.5rem;border-bottom:1px solid #ddd;padding-bottom:.3rem}
.meta{color:#555;font-size:.9rem}
nav ul{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;padding:0;list-style:none}
figure{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:1rem;margin:1.2rem 0;overflow-x:auto}
figure svg{max-width:none;height:auto;display:block}
figcaption{font-size:.9rem;color:#444;margin-top:.5rem}
table{border-collapse:collapse;font-size:.85rem;margin:.6rem 0 1.4rem;background:#fff}
th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}
th{background:#f0f0f0}
details summary{cursor:pointer}
.ids{font-family:ui-monospace,monospace;font-size:.8rem;max-width:60rem;word-break:break-word}
a{color:#2a5d9f}
.notes{background:#fff8e1;border:1px solid #f0d98a;border-radius:6px;padding:.5rem 1rem;font-size:.9rem}
`;

function formatCell(value: Cell, percent: boolean): { text: string; numeric: boolean } {
  if (value === null) return { text: '—', numeric: false };
  if (typeof value === 'string') return { text: value, numeric: false };
  if (percent) return { text: `${(value * 100).toFixed(1)}%`, numeric: true };
  return { text: Number.isInteger(value) ? String(value) : value.toPrecision(4), numeric: true };
}

function tableHtml(table: Table): string {
  const percent = new Set(table.percentColumns ?? []);
  const link = `<a href="tables/${esc(table.id)}.csv">${esc(table.id)}.csv</a>`;
  if (table.csvOnly) return `<p>${esc(table.title)}: ${table.rows.length} rows in ${link}.</p>`;
  const idColumn = table.columns.indexOf('problem ids');
  const head = table.columns.map((c) => `<th>${esc(c)}</th>`).join('');
  const body = table.rows
    .map((row) => {
      const cells = row.map((value, i) => {
        if (i === idColumn && typeof value === 'string') {
          const ids = value.split(' ').filter((s) => s.length > 0);
          return ids.length === 0 ? '<td>—</td>' : `<td><details><summary>${ids.length} ids</summary><div class="ids">${esc(value)}</div></details></td>`;
        }
        const f = formatCell(value, percent.has(table.columns[i]!));
        return `<td${f.numeric ? ' class="num"' : ''}>${esc(f.text)}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<h3 id="table-${esc(table.id)}">${esc(table.title)}</h3>\n<table data-table="${esc(table.id)}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>\n<p class="meta">All values: ${link}</p>`;
}

/** The headline findings in words: crossovers, what only one model solves, the best ΔSE. */
function summaryHtml(data: ReportData): string {
  const label = (id: string): string => data.models.find((m) => m.id === id)?.label ?? id;
  const bench = (id: string): string => data.benchmarks.find((b) => b.id === id)?.label ?? id;
  const items: string[] = data.comparisons.map((c) => `${bench(c.benchmark)}: ${c.crossover.summary}`);
  for (const cov of data.coverage.filter((c) => c.models.length >= 2)) {
    const only = cov.regions.filter((r) => r.members.length === 1 && r.problemIds.length > 0);
    const none = cov.regions.find((r) => r.members.length === 0)?.problemIds.length ?? 0;
    const parts = only.map((r) => `${r.problemIds.length} only by ${label(r.members[0]!)}`);
    items.push(`${bench(cov.benchmark)}: solved ${parts.length > 0 ? parts.join(', ') : 'by no single model alone'}; ${none} by none`);
  }
  for (const id of new Set(data.deltaSE.map((r) => r.benchmark))) {
    const best = data.deltaSE.filter((r) => r.benchmark === id).reduce((a, b) => (b.deltaSE < a.deltaSE ? b : a));
    items.push(`${bench(id)}: smallest ΔSE = ${(best.deltaSE * 100).toFixed(1)} points (${label(best.rl)}: pass@1 ${(best.rlPass1 * 100).toFixed(1)}% vs ${label(best.base)} pass@${best.k} ${(best.basePassK * 100).toFixed(1)}%)`);
  }
  if (items.length === 0) return '';
  return `<section id="summary"><h2>Summary</h2><ul>${items.map((t) => `<li>${esc(t)}</li>`).join('\n')}</ul></section>\n`;
}

/** Warnings about the sample counts behind pass@k curves (ragged n), above the figures. */
function curveNotes(data: ReportData): string {
  const notes = data.passK.filter((c) => c.note !== undefined).map((c) => `<li>${esc(c.model)} on ${esc(c.benchmark)}: ${esc(c.note!)}</li>`);
  return notes.length === 0 ? '' : `<div class="notes"><strong>Note:</strong><ul>${notes.join('')}</ul></div>\n`;
}

function figureHtml(f: RenderedFigure): string {
  return `<figure id="fig-${esc(f.id)}" data-figure="${esc(f.id)}">
${f.svg}
<figcaption><strong>${esc(f.title)}.</strong> ${esc(f.caption)} <a href="figures/${esc(f.id)}.svg">SVG</a> · <a href="figures/${esc(f.id)}.png">PNG</a></figcaption>
</figure>`;
}

/**
 * The self-contained report page: inline SVG figures, tables, no scripts and nothing fetched
 * (a CSP forbids both), so it opens offline and from any folder. Every text from the data is
 * escaped: model names and problem ids come from user files.
 */
export function renderHtml(data: ReportData, sections: RenderedSection[], tables: Table[]): string {
  const ids = [...new Set([...sections.map((s) => s.id), ...tables.map((t) => t.section)])];
  const order: string[] = Object.keys(SECTION_HEADINGS);
  const headingOf = (id: string): string => (SECTION_HEADINGS as Record<string, string>)[id] ?? id;
  ids.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const parts = ids.map((id) => {
    const section = sections.find((s) => s.id === id);
    const heading = section?.heading ?? headingOf(id);
    const figures = (section?.figures ?? []).map(figureHtml).join('\n');
    const sectionTables = tables.filter((t) => t.section === id).map(tableHtml).join('\n');
    const notes = id === 'passk' ? curveNotes(data) : '';
    return `<section id="${esc(id)}"><h2>${esc(heading)}</h2>\n${notes}${figures}\n${sectionTables}</section>`;
  });
  const nav = ids.map((id) => `<li><a href="#${esc(id)}">${esc(headingOf(id))}</a></li>`).join('');
  const models = data.models.map((m) => esc(m.label) + (m.role ? ` <span class="meta">(${esc(m.role)})</span>` : '')).join(', ');
  const benchmarks = data.benchmarks.map((b) => `${esc(b.label)} <span class="meta">(${b.problemCount} problems)</span>`).join(', ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(data.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${esc(data.title)}</h1>
<p class="meta">Source: ${esc(data.source)} · generated ${esc(data.generatedAt)} · intervals: ${Math.round(data.confidence * 100)}% bootstrap over problems, ${data.bootstrapResamples} resamples · <a href="report-data.json">report-data.json</a></p>
<p><strong>Models:</strong> ${models}<br><strong>Benchmarks:</strong> ${benchmarks}</p>
<nav><ul>${nav}</ul></nav>
${summaryHtml(data)}${parts.join('\n')}
</main>
</body>
</html>
`;
}
