import { SCALES as SCALE, SMALL as NUMBER_WORDS } from '../words.js';
import { PAPER_UNIT_PATTERNS } from './units.js';

/**
 * The paper grader's answer normalization (`strip_string` of the Qwen2.5-Math evaluation),
 * re-implemented rule by rule with its quirks kept: it deletes the letters "and" anywhere,
 * drops short unit words (a, t, h, s, m, …) standing alone, removes `x=` anywhere and cuts any
 * `k = v` with a left side of at most two characters.
 */

/** The word2number conversion the grader applies to the whole answer: number words anywhere in it count. */
function wordToNum(text: string): string {
  const t = text.replace(/-/g, ' ').toLowerCase();
  if (/^\d+$/.test(t)) return String(BigInt(t));
  const words = t
    .trim()
    .split(/\s+/)
    .filter((w) => w in NUMBER_WORDS || w in SCALE || w === 'point');
  if (words.length === 0) return text;
  for (const big of ['thousand', 'million', 'billion', 'point']) if (words.filter((w) => w === big).length > 1) return text;
  const pointAt = words.indexOf('point');
  const intWords = pointAt >= 0 ? words.slice(0, pointAt) : words;
  const decWords = pointAt >= 0 ? words.slice(pointAt + 1) : [];
  let total = 0;
  let current = 0;
  for (const w of intWords) {
    if (w in NUMBER_WORDS) current += NUMBER_WORDS[w];
    else if (w === 'hundred') current = (current || 1) * 100;
    else {
      total += (current || 1) * SCALE[w];
      current = 0;
    }
  }
  total += current;
  if (decWords.length > 0) {
    const digits = decWords.map((w) => NUMBER_WORDS[w]);
    if (digits.some((d) => d === undefined || d > 9)) return text;
    return `${total}.${digits.join('')}`;
  }
  return String(total);
}

function fixFracs(s: string): string {
  const parts = s.split('\\frac');
  let out = parts[0];
  for (const sub of parts.slice(1)) {
    out += '\\frac';
    if (sub.length > 0 && sub[0] === '{') {
      out += sub;
      continue;
    }
    if (sub.length < 2) return s;
    const [a, b] = [sub[0], sub[1]];
    if (b !== '{') out += `{${a}}{${b}}${sub.slice(2)}`;
    else out += `{${a}}${b}${sub.slice(2)}`;
  }
  return out;
}

function fixSlash(s: string): string {
  const parts = s.split('/');
  if (parts.length !== 2) return s;
  const [a, b] = parts;
  const intLike = (x: string): string | null => (x.includes('sqrt') ? x : /^\s*[+-]?\d+\s*$/.test(x) ? String(parseInt(x, 10)) : null);
  const ia = intLike(a);
  const ib = intLike(b);
  if (ia === null || ib === null || `${ia}/${ib}` !== s) return s;
  return `\\frac{${ia}}{${ib}}`;
}

/** Longer strings are left as they are: ~300 regular-expression passes over megabytes would stall a worker. */
const MAX_STRIP_CHARS = 20_000;

export function paperStrip(input: string, skipUnit: boolean): string {
  if (input.length > MAX_STRIP_CHARS) return input;
  let s = input.trim().replace(/\n/g, '');
  s = s.replace(/\.+$/, '');
  s = s.replace(/\\!/g, '');
  s = s
    .replace(/\\begin\{array\}\{.*?\}/g, '\\begin{pmatrix}')
    .replace(/\\end\{array\}/g, '\\end{pmatrix}')
    .replace(/bmatrix/g, 'pmatrix');
  s = s.replace(/tfrac/g, 'frac').replace(/dfrac/g, 'frac');
  s = s.replace(/\\neq/g, '\\ne').replace(/\\leq/g, '\\le').replace(/\\geq/g, '\\ge');
  s = s
    .replace(/\\left/g, '')
    .replace(/\\right/g, '')
    .replace(/\\\{/g, '{')
    .replace(/\\\}/g, '}');
  const noUnit = s.replace(/\\text\{.*?\}$/, '').trim();
  if (noUnit !== '' && noUnit !== s) s = noUnit;
  if (!skipUnit) {
    for (let round = 0; round < 2; round++) {
      for (const { re, literal } of PAPER_UNIT_PATTERNS) {
        if (!s.includes(literal)) continue;
        const t = s.replace(re, '$1$2');
        if (t !== '') s = t;
      }
    }
  }
  s = s.replace(/\^\{\\circ\}/g, '').replace(/\^\\circ/g, '');
  s = s.replace(/\\\$/g, '').replace(/\$/g, '').replace(/\\\(/g, '').replace(/\\\)/g, '');
  s = wordToNum(s);
  s = s.replace(/\\text\{(.*?)\}/g, '$1');
  for (const key of ['x=', 'y=', 'z=', 'x\\in', 'y\\in', 'z\\in', 'x\\to', 'y\\to', 'z\\to']) s = s.split(key).join('');
  s = s
    .replace(/\\emptyset/g, '{}')
    .split('(-\\infty,\\infty)')
    .join('\\mathbb{R}');
  s = s.replace(/\\%/g, '').replace(/%/g, '');
  s = s.split(' .').join(' 0.').split('{.').join('{0.');
  s = s.replace(/infinity/g, '\\infty');
  if (!s.includes('\\infty')) s = s.replace(/inf/g, '\\infty');
  s = s.split('+\\inity').join('\\infty');
  s = s.replace(/and/g, '').replace(/\\mathbf/g, '');
  s = s.replace(/\\mbox\{.*?\}/g, '');
  if (s.includes('j') && !s.includes('i')) s = s.replace(/j/g, 'i');
  s = s.replace(/(\d+)\.0*([^\d])/g, '$1$2').replace(/(\d+)\.0*$/, '$1');
  if (s.length === 0) return s;
  if (s[0] === '.') s = `0${s}`;
  const eq = s.split('=');
  if (eq.length === 2 && eq[0].length <= 2) s = eq[1];
  s = s.replace(/\\sqrt([\p{L}\p{N}_]+)/gu, '\\sqrt{$1}');
  s = s.replace(/ /g, '');
  s = fixFracs(s);
  s = fixSlash(s);
  return s;
}
