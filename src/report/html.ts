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
  for (const r of data.deltaSE) {
    const pts = (x: number): string => (x * 100).toFixed(1);
    const interval = r.lo != null && r.hi != null ? ` [${pts(r.lo)}, ${pts(r.hi)}]` : '';
    const mc =
      r.mcError != null ? `; Monte-Carlo error ±${(r.mcError * 100).toFixed(2)} points over ${r.resamples?.toLocaleString('en-US') ?? '?'} resamples` : '';
    const k = r.kRequested !== undefined ? `k = ${r.k} (lowered from ${r.kRequested}: the base has no more samples)` : `k = ${r.k}`;
    items.push(
      `${bench(r.benchmark)}: ΔSE of ${label(r.rl)} = ${pts(r.deltaSE)}${interval} points at ${k} (pass@1 ${pts(r.rlPass1)}% vs ${label(r.base)} pass@${r.k} ${pts(r.basePassK)}%${mc})`,
    );
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
  const file = (dir: string, ext: string): string => `<a href="figures/${dir}${esc(f.id)}.${ext}">${ext.toUpperCase()}</a>`;
  return `<figure id="fig-${esc(f.id)}" data-figure="${esc(f.id)}">
${f.svg}
<figcaption><strong>${esc(f.title)}.</strong> ${esc(f.caption)} Two columns (7 in): ${file('', 'svg')} · ${file('', 'png')} · ${file('', 'pdf')}; one column (3.5 in): ${file('single/', 'svg')} · ${file('single/', 'png')} · ${file('single/', 'pdf')}</figcaption>
</figure>`;
}

/** Warnings the reader must see before any number (no declared base, counts-only runs, lowered k). */
function warningsHtml(data: ReportData): string {
  const warnings = data.provenance?.warnings ?? [];
  return warnings.length === 0
    ? ''
    : `<div class="notes" id="warnings"><strong>Read this first:</strong><ul>${warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></div>\n`;
}

/** Where every number comes from: models and roles, runs and their settings, graders, imports, version, seeds, resamples. */
function provenanceHtml(data: ReportData): string {
  const p = data.provenance;
  if (!p) return '';
  const v = (x: number | null): string => (x === null ? '—' : String(x));
  const runs = p.runs
    .map((r) => {
      const imports =
        r.imports.length === 0
          ? ''
          : r.imports.map((i) => `${esc(i.format)} ${esc(i.file)} (sha256 ${esc(i.contentHash.slice(0, 12))}…, ${i.samples} samples)`).join('; ');
      return `<tr><td class="num">${r.runId}</td><td>${esc(r.model)}</td><td>${esc(r.role ?? 'not declared')}</td><td>${esc(r.benchmark)}</td><td>${esc(r.origin)}</td><td class="num">${v(r.temperature)}</td><td class="num">${v(r.topP)}</td><td class="num">${v(r.maxTokens)}</td><td class="num">${r.n}</td><td>${esc(r.template)}</td><td class="num">${r.seed}</td><td>${esc(r.verifier ?? 'no verdicts')}</td><td>${imports}</td></tr>`;
    })
    .join('\n');
  const b = p.bootstrap;
  const resampling =
    b.mode === 'auto'
      ? `adaptive: resamples drawn in doubling batches from 2,000 until every interval endpoint’s Monte-Carlo standard error is at most ${((b.tolerance ?? 0) * 100).toFixed(2)} points and no difference endpoint is within two of them of 0 (crossover endpoints: ±1 k or 5%), at most ${b.maxResamples?.toLocaleString('en-US')}; used ${b.minResamples.toLocaleString('en-US')}–${b.maxUsed.toLocaleString('en-US')}`
      : `fixed: ${b.maxUsed.toLocaleString('en-US')} resamples`;
  const selected = {
    'only-runs': 'the only run of each model on each benchmark',
    runs: 'the runs named by --runs',
    'study-file': 'the runs matching the study file’s settings',
    given: 'given with the data',
  }[p.selectedBy];
  return `<section id="provenance"><h2>Provenance</h2>
<p class="meta">rlbound ${esc(p.rlboundVersion)} · runs: ${esc(selected)} · bootstrap seed ${b.seed}, ${Math.round(b.ci * 100)}% percentile intervals over problems, ${esc(resampling)}</p>
<table data-table="provenance"><thead><tr><th>run</th><th>model</th><th>role</th><th>benchmark</th><th>origin</th><th>T</th><th>top-p</th><th>max tokens</th><th>n</th><th>template</th><th>seed</th><th>grader (policy@version)</th><th>imported from</th></tr></thead><tbody>
${runs}
</tbody></table></section>
`;
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
    const sectionTables = tables
      .filter((t) => t.section === id)
      .map(tableHtml)
      .join('\n');
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
<p class="meta">Source: ${esc(data.source)} · generated ${esc(data.generatedAt)} · intervals: ${Math.round(data.confidence * 100)}% bootstrap over problems, up to ${data.bootstrapResamples.toLocaleString('en-US')} resamples · <a href="report-data.json">report-data.json</a></p>
<p><strong>Models:</strong> ${models}<br><strong>Benchmarks:</strong> ${benchmarks}</p>
<nav><ul>${nav}${data.provenance ? `<li><a href="#provenance">Provenance</a></li>` : ''}</ul></nav>
${warningsHtml(data)}${summaryHtml(data)}${parts.join('\n')}
${provenanceHtml(data)}
</main>
</body>
</html>
`;
}
