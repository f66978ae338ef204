import { parseDecimal, rat } from './rational.js';
import { wordsToNumber } from './words.js';

/**
 * String-level normalization of an extracted answer before parsing. Every rule here is
 * documented in docs/math-verifier.md; each one either removes notation that carries no value
 * (spacing, \left/\right, \text wrappers, units, degree signs, dollar signs) or rewrites an
 * equivalent spelling to one form (\dfrac → \frac, "or" → ",", 1{,}000 → 1000).
 */

const UNIT_WORDS = [
  'square units',
  'sq units',
  'square feet',
  'square inches',
  'square meters',
  'square centimeters',
  'square miles',
  'square yards',
  'sq ft',
  'sq in',
  'cubic units',
  'cubic feet',
  'cubic inches',
  'cubic meters',
  'cubic centimeters',
  'cubic yards',
  'units',
  'unit',
  'cm',
  'mm',
  'km',
  'meters',
  'meter',
  'metres',
  'metre',
  'inches',
  'inch',
  'feet',
  'foot',
  'ft',
  'yards',
  'yard',
  'miles',
  'mile',
  'mph',
  'seconds',
  'second',
  'sec',
  'minutes',
  'minute',
  'mins',
  'min',
  'hours',
  'hour',
  'hrs',
  'hr',
  'days',
  'day',
  'weeks',
  'week',
  'months',
  'month',
  'years',
  'year',
  'degrees',
  'degree',
  'deg',
  'radians',
  'cents',
  'cent',
  'dollars',
  'dollar',
  'pounds',
  'pound',
  'lbs',
  'lb',
  'ounces',
  'ounce',
  'oz',
  'grams',
  'gram',
  'kg',
  'liters',
  'liter',
  'litres',
  'gallons',
  'gallon',
  'ml',
  'people',
  'students',
  'times',
  'ways',
  'points',
  'percent',
  'sq',
  'm',
  's',
  'g',
  'h',
  'L',
];
const UNIT_ALT = UNIT_WORDS.map((u) => u.replace(/ /g, '\\s*')).join('|');
/** A \text{…} (or \mbox, \mathrm) holding only a unit, optionally squared or cubed. */
const TEXT_UNIT = new RegExp(`\\\\(?:text|mbox|mathrm|textnormal|textrm)\\s*\\{\\s*(?:${UNIT_ALT})\\s*\\.?\\s*\\}(?:\\s*\\^\\s*\\{?\\s*[23]\\s*\\}?)?`, 'g');
/** A bare multi-letter unit word at the end, after a number or a closing brace. */
const BARE_UNIT = new RegExp(
  `([0-9}\\s])\\s*(?:${UNIT_WORDS.filter((u) => u.length > 1)
    .map((u) => u.replace(/ /g, '\\s+'))
    .join('|')})(?:\\s*\\^\\s*\\{?[23]\\}?)?\\s*\\.?$`,
);

/** A trailing \text{…}/\mathrm{…}/\mbox{…} group (optionally with a power) after a value: a unit. */
const TRAILING_TEXT = /^([\s\S]*[0-9}).\s])\s*\\(?:text|mathrm|mbox|textrm|rm|textnormal)\s*\{([^{}]*)\}(?:\s*\^\s*(?:\{[^{}]*\}|\S))?\s*$/;

function dropTrailingTextUnits(s: string): string {
  for (let k = 0; k < 6; k++) {
    const m = TRAILING_TEXT.exec(s);
    if (!m) return s;
    const content = m[2].replace(/[~\s]|\\[,;!: ]/g, '');
    // \mathrm{e} and \mathrm{i} are constants, and an empty group or a parenthesized letter is not a unit.
    if (!/[a-zA-Z]/.test(content) || /^[ei]$/.test(content) || /^\(?[A-E]\)?$/.test(content)) return s;
    if (!/\d/.test(m[1])) return s;
    s = m[1].trimEnd();
  }
  return s;
}

/**
 * A plain number (decimal, 4.5e33, 3 \times 10^{8}) followed, after a space, by unit words:
 * "4.5 \times 10^{33} ergs/s", "1.6 cm", "300 K".
 */
const PLAIN_NUMBER_WITH_UNIT =
  /^(-?\d[\d,]*(?:\.\d*)?(?:[eE][+-]?\d+)?(?:\s*(?:\\times|\\cdot)\s*10\s*\^\s*(?:\{\s*-?\d+\s*\}|-?\d))?)\s+(?:[a-zA-Z]{2,}|[KmsgJNWVAL])(?:[\s/^{}\-\d.]|[a-zA-Z])*$/;

const UNICODE: [RegExp, string][] = [
  [/[−–—]/g, '-'],
  [/×/g, '\\times '],
  [/[·⋅]/g, '\\cdot '],
  [/÷/g, '\\div '],
  [/π/g, '\\pi '],
  [/√/g, '\\sqrt'],
  [/∞/g, '\\infty '],
  [/≤/g, '\\le '],
  [/≥/g, '\\ge '],
  [/≠/g, '\\ne '],
  [/°/g, '^\\circ'],
  [/∪/g, '\\cup '],
  [/∩/g, '\\cap '],
  [/∈/g, '\\in '],
  [/∅/g, '\\emptyset '],
  [/[′’]/g, "'"],
  [/θ/g, '\\theta '],
];

/** Unwraps a command with one braced argument (\text{…} → …), honouring nested braces. */
export function unwrapCommand(s: string, names: string[], replace: (inner: string) => string = (x) => x): string {
  const re = new RegExp(`\\\\(?:${names.join('|')})\\s*\\{`, 'g');
  let out = '';
  let last = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    let depth = 1;
    let j = m.index + m[0].length;
    for (; j < s.length && depth > 0; j++) {
      if (s[j] === '{') depth++;
      else if (s[j] === '}') depth--;
    }
    if (depth !== 0) break;
    out += s.slice(last, m.index) + replace(s.slice(m.index + m[0].length, j - 1));
    last = j;
    re.lastIndex = j;
  }
  return out + s.slice(last);
}

/** Strips math-mode delimiters that wrap the whole answer. */
function stripDelimiters(s: string): string {
  for (;;) {
    const t = s.trim();
    let inner: string | null = null;
    if (t.startsWith('$$') && t.endsWith('$$') && t.length >= 4) inner = t.slice(2, -2);
    else if (t.startsWith('$') && t.endsWith('$') && t.length >= 2) inner = t.slice(1, -1);
    else if ((t.startsWith('\\(') && t.endsWith('\\)')) || (t.startsWith('\\[') && t.endsWith('\\]'))) inner = t.slice(2, -2);
    if (inner === null) return t;
    s = inner;
  }
}

/** Removes unit words and unit groups that follow a value, and unwraps the remaining text commands. */
function dropUnits(input: string): string {
  let s = input;
  const stripped = s.replace(TEXT_UNIT, '');
  if (stripped.trim() !== '') s = stripped;
  s = dropTrailingTextUnits(s);
  s = unwrapCommand(s, [
    'text',
    'textbf',
    'textit',
    'textrm',
    'textnormal',
    'mathrm',
    'mathbf',
    'mathit',
    'mbox',
    'operatorname',
    'boldsymbol',
    'bm',
    'emph',
    'textsf',
    'mathsf',
    'hbox',
  ]);
  s = s.replace(/\\(?:rm|bf|it)\b/g, '');
  s = s.replace(/\s+(?:or|and)\s+/g, ',');
  // "or" glued to bracketed solutions: (11,7)or(7,11).
  s = s.replace(/([)\]}])\s*(?:or|and)\s*(?=[([{\\])/g, '$1,');
  const plain = PLAIN_NUMBER_WITH_UNIT.exec(s);
  if (plain) s = plain[1];
  const bare = s.replace(BARE_UNIT, '$1');
  if (bare.trim() !== '') s = bare;
  return s;
}

/** 0.1\overline{6} → \frac{15}{90}: a repeating decimal is an exact rational. */
function repeatingDecimals(s: string): string {
  return s.replace(/(\d*)\.(\d*)\\overline\s*\{(\d+)\}/g, (_m, int: string, fixed: string, rep: string) => {
    const all = BigInt(`${int || '0'}${fixed}${rep}`);
    const head = BigInt(`${int || '0'}${fixed}`);
    const den = 10n ** BigInt(fixed.length) * (10n ** BigInt(rep.length) - 1n);
    return `\\frac{${all - head}}{${den}}`;
  });
}

const SCALE_WORDS: Record<string, bigint> = { thousand: 1000n, million: 1_000_000n, billion: 1_000_000_000n, trillion: 1_000_000_000_000n };

/** "1.5 million" → 1500000 (before unit words are dropped, which would lose the scale). */
function scaleWords(s: string): string {
  const m = /^(-?\d+(?:\.\d+)?)\s*(thousand|million|billion|trillion)$/i.exec(s.trim());
  if (!m) return s;
  const v = parseDecimal(m[1]);
  if (!v) return s;
  const scaled = rat(v.n * SCALE_WORDS[m[2].toLowerCase()], v.d);
  return scaled.d === 1n ? scaled.n.toString() : `\\frac{${scaled.n}}{${scaled.d}}`;
}

export interface Normalized {
  /** The rewritten answer, ready for the parser. */
  s: string;
}

export function normalizeAnswer(raw: string): Normalized {
  let s = stripDelimiters(raw);
  for (const [re, to] of UNICODE) s = s.replace(re, to);
  s = unwrapCommand(s, ['boxed', 'fbox', 'framebox']);
  s = repeatingDecimals(s);
  s = s.replace(/\\[dtc]frac/g, '\\frac').replace(/\\[dt]binom/g, '\\binom');
  s = s.replace(
    /\\(?:left|right|bigl|bigr|Bigl|Bigr|biggl|biggr|big|Big|bigg|Bigg)\s*([()[\]|.]|\\[{}|]|\\[lr]?(?:vert|angle|brace|floor|ceil))/g,
    (_m, d: string) => (d === '.' ? '' : d),
  );
  s = s.replace(/\\(?:displaystyle|textstyle|scriptstyle|limits|nolimits)/g, '');
  // Thousands separators written the LaTeX way are unambiguous.
  s = s.replace(/(\d)\s*\{\s*,\s*\}\s*(?=\d{3})/g, '$1');
  // A brace group holding only a number with thousands commas (\frac{20,000}{\pi}) is that number.
  s = s.replace(/\{\s*(-?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?)\s*\}/g, (_m, n: string) => `{${n.replace(/,/g, '')}}`);
  s = s.replace(/(\d),\s*\\[!,]\s*(?=\d{3}(?!\d))/g, '$1');
  s = s.replace(/(\d)\\[,;:]\s*(?=\d{3}(?!\d))/g, '$1');
  s = s.replace(/(?<!\\)\\[,!;: ]|~|\\q?quad|\\hspace\s*\{[^}]*\}/g, ' ');
  // Inside trigonometric functions degrees are an angle unit: \sin 30^\circ is sin(π/6).
  if (/\\(?:sin|cos|tan|sec|csc|cot)/.test(s)) s = s.replace(/(\d+(?:\.\d+)?)\s*\^\s*(?:\{\s*\\circ\s*\}|\\circ)/g, '($1\\pi/180)');
  // Elsewhere degree signs and dollar signs carry no value.
  s = s.replace(/\^\s*\{\s*\\circ\s*\}|\^\s*\\circ|\\circ|\\degree/g, '');
  s = s.replace(/\\\$|\$/g, '');
  // "or" / "and" between solutions is a list separator.
  s = s.replace(/\\(?:text|mbox|mathrm|textnormal)\s*\{\s*(?:or|and)\s*\}/g, ',');
  const unwrapped = unwrapCommand(s, ['text', 'mathrm', 'mbox']);
  const scaled = scaleWords(unwrapped);
  if (scaled !== unwrapped) s = scaled;
  s = dropUnits(s);
  // 4.5 x 10^{33}: an "x" between a number and a power of ten is a multiplication sign.
  s = s.replace(/(\d)\s*[xX]\s*(?=10\s*\^)/g, '$1\\times ');
  // A capital U between intervals is a union.
  s = s.replace(/([)\]])\s*U\s*(?=[([])/g, '$1\\cup ');
  // \sqrt51 is read as √51 (what every writer of it means), not LaTeX's √5·1.
  s = s.replace(/\\sqrt\s*(\d+)/g, '\\sqrt{$1}');
  s = s.replace(/\\%/g, '%');
  s = s.replace(/\^\s*\{\s*\\prime\s*\}|\^\s*\\prime|\\prime/g, "'");
  s = s
    .replace(/\\(?:lvert|rvert|vert|mid)/g, '|')
    .replace(/\\lbrace/g, '\\{')
    .replace(/\\rbrace/g, '\\}');
  // x != 2 is x ≠ 2 (after a digit or a closing bracket, `!` is a factorial: 5!=120).
  s = s.replace(/(^|[^\d!)\]}])\s*!=/g, '$1\\ne ');
  // {n \choose k} is \binom{n}{k}.
  s = s.replace(/\{([^{}]*)\\choose([^{}]*)\}/g, '\\binom{$1}{$2}').replace(/^([^{}]*)\\choose([^{}]*)$/, '\\binom{$1}{$2}');
  s = s
    .replace(/\\(?:leqslant|leq)(?![a-zA-Z])/g, '\\le')
    .replace(/\\(?:geqslant|geq)(?![a-zA-Z])/g, '\\ge')
    .replace(/\\neq(?![a-zA-Z])/g, '\\ne');
  s = s.replace(/^(?:all\s+)?real\s+numbers$|^all\s+reals$/i, '\\mathbb{R}');
  // Bare "pi" (pi/2, 2pi) is π; inside a longer word it is left alone.
  s = s.replace(/(?<![a-zA-Z\\])pi(?![a-zA-Z])/g, '\\pi ');
  s = s.replace(/\binfinity\b/gi, '\\infty').replace(/(^|[^\\a-zA-Z])inf\b/g, '$1\\infty');
  s = s.trim();
  // Trailing sentence punctuation, a leading colon, and a leading "=" or "≈" (the answer after it).
  s = s.replace(/^(?:=|\\approx|\\simeq|\\sim)\s*/, '');
  // x = 1/3 \approx 0.33: the exact value stated before an approximation is the answer.
  s = s.replace(/^([^]*?\S)\s*\\approx\s*[^=<>\\]*$/, '$1');
  s = s
    .replace(/^[:\s]+/, '')
    .replace(/[\s.,;]+$/, '')
    .replace(/\\\\$/, '')
    .trim();
  const w = wordsToNumber(s);
  if (w !== null) s = w;
  // A plain 1,000 / 12,345,678.5 (no brackets, groups of exactly three) is one number; a
  // thousands group never follows a leading 0, so 0,111 is a decimal comma (0.111).
  if (/^-?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  else if (/^-?0,\d+$/.test(s)) s = s.replace(',', '.');
  // ... and so is 1 000 000 (space-separated groups of three).
  if (/^-?\d{1,3}(?: \d{3})+(?:\.\d+)?$/.test(s)) s = s.replace(/ /g, '');
  return { s };
}
