// Renders untrusted model output: fenced code becomes highlighted <pre>, LaTeX between math
// delimiters goes through KaTeX with trust:false (no \href, \url, \html* commands), and everything
// else is inserted as text nodes. Nothing from the response is ever parsed as HTML.
import { highlightedBlock } from './highlight.js';

const FENCE = /```([\w+-]*)[^\n]*\n([\s\S]*?)(?:```|$)/g;
const MATH = /\$\$([\s\S]+?)\$\$|\\\[([\s\S]+?)\\\]|\\\(([\s\S]+?)\\\)|\$(?!\s)([^$\n]+?)(?<![\s\\])\$/g;

const KATEX_OPTIONS = { throwOnError: false, trust: false, strict: 'ignore', maxSize: 20, maxExpand: 500, output: 'htmlAndMathml' };

function renderMath(tex, display, original) {
  const span = document.createElement('span');
  span.className = display ? 'math math-display' : 'math';
  const katex = globalThis.katex;
  if (!katex) {
    span.textContent = original;
    return span;
  }
  try {
    katex.render(tex, span, { ...KATEX_OPTIONS, displayMode: display });
  } catch {
    span.textContent = original;
    span.classList.add('math-error');
  }
  return span;
}

/**
 * Plain text that may hold a bare \boxed{…} (models often write the final answer outside math
 * delimiters): the box, with balanced braces, is rendered as math, the rest as text.
 */
function appendPlain(parent, text) {
  let last = 0;
  for (let at = text.indexOf('\\boxed{', last); at >= 0; at = text.indexOf('\\boxed{', last)) {
    let depth = 0;
    let end = -1;
    for (let i = at + 6; i < text.length; i++) {
      if (text[i] === '{') depth++;
      else if (text[i] === '}' && --depth === 0) {
        end = i + 1;
        break;
      }
    }
    if (end < 0) break;
    if (at > last) parent.appendChild(document.createTextNode(text.slice(last, at)));
    parent.appendChild(renderMath(text.slice(at, end), false, text.slice(at, end)));
    last = end;
  }
  if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
}

function appendProse(parent, text) {
  let last = 0;
  for (const m of text.matchAll(MATH)) {
    if (m.index > last) appendPlain(parent, text.slice(last, m.index));
    const display = m[1] !== undefined || m[2] !== undefined;
    const tex = m[1] ?? m[2] ?? m[3] ?? m[4] ?? '';
    parent.appendChild(renderMath(tex, display, m[0]));
    last = m.index + m[0].length;
  }
  if (last < text.length) appendPlain(parent, text.slice(last));
}

/** Fills `parent` with `text` rendered as prose + math + code. */
export function renderRichText(parent, text) {
  let last = 0;
  for (const m of text.matchAll(FENCE)) {
    if (m.index > last) appendProse(parent, text.slice(last, m.index));
    parent.appendChild(highlightedBlock(m[2], m[1]));
    last = m.index + m[0].length;
  }
  if (last < text.length) appendProse(parent, text.slice(last));
}
