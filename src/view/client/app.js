// The viewer's client. Every string from the study (ids, labels, prompts, responses, verifier
// reasons) is untrusted: it is only ever set with textContent / setAttribute or passed to
// renderRichText, never assigned to innerHTML.
import { renderRichText } from './render-text.js';

const state = { summary: null, benchmark: null, rows: [], problem: null, model: null, offset: 0 };
const PAGE = 50;

const $ = (id) => document.getElementById(id);

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'text') node.textContent = value;
    else if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  return node;
}

async function getJson(path, params = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== ''));
  const res = await fetch(`${path}?${query}`);
  const body = await res.json();
  if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body;
}

const modelLabel = (id) => state.summary.models.find((m) => m.id === id)?.label ?? id;

function showError(where, err) {
  where.replaceChildren(el('p', { class: 'math-error', text: `Error: ${err.message}` }));
}

// ---------- problem grid ----------

function cellColour(fraction) {
  // White (0) to dark blue (1); text turns white on dark cells.
  const t = Math.max(0, Math.min(1, fraction));
  const channel = (from, to) => Math.round(from + (to - from) * t);
  return { bg: `rgb(${channel(255, 8)}, ${channel(255, 48)}, ${channel(255, 107)})`, fg: t > 0.55 ? '#fff' : '#222' };
}

function renderGrid() {
  const models = state.summary.models;
  const head = el('tr', {}, el('th', { text: 'problem' }), ...models.map((m) => el('th', { text: m.label })));
  $('grid').tHead.replaceChildren(head);
  const body = $('grid').tBodies[0];
  body.replaceChildren(
    ...state.rows.map((row) => {
      const tr = el('tr', {
        'data-problem-id': row.problemId,
        tabindex: '0',
        onclick: () => selectProblem(row.problemId),
        onkeydown: (e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            selectProblem(row.problemId);
          }
        },
      });
      if (state.problem === row.problemId) tr.classList.add('selected');
      tr.appendChild(el('td', { class: 'pid', text: row.problemId }));
      for (const m of models) {
        const cell = row.cells.find((c) => c.model === m.id);
        const td = el('td', { 'data-model': m.id });
        if (cell) {
          const { bg, fg } = cellColour(cell.samples > 0 ? cell.correct / cell.samples : 0);
          td.style.background = bg;
          td.style.color = fg;
          td.textContent = `${cell.correct}/${cell.samples}`;
          if (cell.duplicates > 0) td.appendChild(el('span', { class: 'dup', title: `${cell.duplicates} duplicate samples`, text: '◆' }));
        } else td.textContent = '–';
        tr.appendChild(td);
      }
      return tr;
    }),
  );
  $('count').textContent = `${state.rows.length} problems`;
}

async function loadProblems() {
  const filter = $('filter').value;
  $('model-filter-label').hidden = filter !== 'only';
  $('grid').setAttribute('aria-busy', 'true');
  try {
    const res = await getJson('/api/problems', {
      benchmark: state.benchmark,
      filter,
      model: filter === 'only' ? $('filter-model').value : undefined,
      search: $('search').value,
    });
    state.rows = res.rows;
    $('loading')?.remove();
    $('grid').removeAttribute('aria-busy');
    renderGrid();
    // Tells observers (and tests) which query the grid now shows.
    $('grid').setAttribute('data-shown', `${state.benchmark}|${filter}|${filter === 'only' ? $('filter-model').value : ''}|${$('search').value}`);
  } catch (err) {
    showError($('detail'), err);
  }
}

// ---------- problem detail and samples ----------

function sampleCard(s) {
  const header = el(
    'header',
    {},
    el('span', { text: `#${s.index}` }),
    el('span', { class: `verdict verdict-${s.verdict}`, text: s.verdict }),
    el('span', { class: 'extracted', text: `extracted: ${s.extracted ?? '(none)'}` }),
  );
  if (s.finishReason) header.appendChild(el('span', { class: 'meta', text: `finish: ${s.finishReason}` }));
  if (s.duplicate) header.appendChild(el('span', { class: 'dup', text: 'duplicate' }));
  // A deep link to this very sample (#b=…&p=…&m=…&s=INDEX).
  header.appendChild(el('a', { class: 'permalink', href: `#${linkParams(s.index)}`, title: 'link to this sample', text: 'link' }));
  const card = el('article', { class: 'sample', id: `sample-${s.index}`, 'data-sample-index': String(s.index), 'data-verdict': s.verdict }, header);
  if (s.reason) card.appendChild(el('div', { class: 'reason', text: s.verdict === 'error' ? `request failed: ${s.reason}` : `verifier: ${s.reason}` }));
  const response = el('div', { class: 'response' });
  renderRichText(response, s.text);
  card.appendChild(response);
  return card;
}

async function loadSamples(append) {
  const list = $('samples');
  if (!append) {
    state.offset = 0;
    list.replaceChildren();
  }
  try {
    const page = await getJson('/api/samples', { benchmark: state.benchmark, problem: state.problem, model: state.model, offset: state.offset, limit: PAGE });
    $('more')?.remove();
    for (const s of page.samples) list.appendChild(sampleCard(s));
    state.offset += page.samples.length;
    $('sample-count').textContent = `${page.total} samples of ${modelLabel(state.model)}`;
    if (state.offset < page.total) list.after(el('button', { id: 'more', class: 'more', type: 'button', text: 'Load more', onclick: () => loadSamples(true) }));
  } catch (err) {
    showError(list, err);
  }
}

function linkParams(sample) {
  const params = new URLSearchParams({ b: state.benchmark ?? '', p: state.problem ?? '', m: state.model ?? '' });
  if (sample !== undefined) params.set('s', String(sample));
  return params;
}

/** Keeps the selection in the URL (#b=…&p=…&m=…) so a problem's sample list can be linked to. */
function saveLocation() {
  history.replaceState(null, '', `#${linkParams()}`);
}

/** Scrolls to a linked sample (loading further pages until it is there) and marks it. */
async function revealSample(index) {
  for (let guard = 0; guard < 100 && !$(`sample-${index}`) && $('more'); guard++) await loadSamples(true);
  const card = $(`sample-${index}`);
  if (!card) return;
  card.classList.add('linked');
  card.scrollIntoView({ block: 'center' });
}

function selectModel(model) {
  state.model = model;
  saveLocation();
  for (const b of document.querySelectorAll('.models button')) b.classList.toggle('active', b.getAttribute('data-model') === model);
  return loadSamples(false);
}

async function selectProblem(problemId) {
  state.problem = problemId;
  for (const tr of $('grid').tBodies[0].rows) tr.classList.toggle('selected', tr.getAttribute('data-problem-id') === problemId);
  const detail = $('detail');
  try {
    const p = await getJson('/api/problem', { benchmark: state.benchmark, problem: problemId });
    const prompt = el('div', { class: 'prompt' });
    renderRichText(prompt, p.prompt);
    const buttons = state.summary.models.map((m) => el('button', { type: 'button', 'data-model': m.id, text: m.label, onclick: () => selectModel(m.id) }));
    // The gold answer as math (KaTeX, trust off; raw text if it does not parse), tests as text.
    const reference = el('p', { class: 'reference' }, el('strong', { text: 'reference answer: ' }));
    const answer = el('span', { class: 'reference-answer' });
    if (p.reference === null) answer.textContent = 'this benchmark stores no reference answer';
    else if (p.referenceKind === 'math') renderRichText(answer, p.reference.includes('$') ? p.reference : `$${p.reference}$`);
    else answer.textContent = p.reference;
    reference.appendChild(answer);
    detail.replaceChildren(
      el('h2', { id: 'problem-title', text: p.problemId }),
      prompt,
      reference,
      el('div', { class: 'models' }, ...buttons),
      el('p', { id: 'sample-count', class: 'meta' }),
      el('div', { id: 'samples' }),
    );
    await selectModel(state.model ?? state.summary.models[0].id);
  } catch (err) {
    showError(detail, err);
  }
}

// ---------- figures ----------

function renderFigures() {
  const panel = $('tab-figures');
  panel.replaceChildren(
    ...state.summary.figures.map((f) =>
      el(
        'figure',
        { 'data-figure': f.id },
        el('img', { src: `/api/figures/${encodeURIComponent(f.id)}.svg`, alt: f.title, loading: 'lazy' }),
        el('figcaption', {}, el('strong', { text: `${f.title}. ` }), f.caption),
      ),
    ),
  );
}

function showTab(name) {
  for (const b of document.querySelectorAll('.tab')) b.classList.toggle('active', b.getAttribute('data-tab') === name);
  $('tab-problems').hidden = name !== 'problems';
  $('tab-figures').hidden = name !== 'figures';
}

async function main() {
  state.summary = await getJson('/api/summary');
  const s = state.summary;
  document.title = s.title;
  $('title').textContent = s.title;
  $('meta').textContent = `${s.source} · ${s.models.length} models · ${s.benchmarks.length} benchmarks · generated ${s.generatedAt}`;
  $('benchmark').replaceChildren(...s.benchmarks.map((b) => el('option', { value: b.id, text: `${b.label} (${b.problemCount})` })));
  $('filter-model').replaceChildren(...s.models.map((m) => el('option', { value: m.id, text: m.label })));
  state.benchmark = s.benchmarks[0]?.id ?? null;
  for (const b of document.querySelectorAll('.tab')) b.addEventListener('click', () => showTab(b.getAttribute('data-tab')));
  $('benchmark').addEventListener('change', () => {
    state.benchmark = $('benchmark').value;
    state.problem = null;
    loadProblems();
  });
  for (const id of ['filter', 'filter-model']) $(id).addEventListener('change', loadProblems);
  $('search').addEventListener('input', loadProblems);
  renderFigures();
  // Restore a linked selection; ids from the URL are only compared with known ids or sent as query values.
  const linked = new URLSearchParams(location.hash.slice(1));
  if (s.benchmarks.some((b) => b.id === linked.get('b'))) {
    state.benchmark = linked.get('b');
    $('benchmark').value = state.benchmark;
  }
  if (s.models.some((m) => m.id === linked.get('m'))) state.model = linked.get('m');
  await loadProblems();
  const problem = linked.get('p');
  if (problem && state.rows.some((r) => r.problemId === problem)) {
    await selectProblem(problem);
    const sample = Number(linked.get('s'));
    if (linked.get('s') !== null && Number.isInteger(sample) && sample >= 0) await revealSample(sample);
  }
  document.body.setAttribute('data-ready', 'true');
}

main().catch((err) => showError($('detail'), err));
