import { children, type Node } from '../ast.js';
import { Comparator, type Decision } from '../compare.js';
import { tryParseLatex } from '../latex/parse.js';

/**
 * The paper grader's `math_equal`, re-implemented: string equality, multiple-choice letters,
 * numbers within relative 1e-4 with percentage leniency (gold, gold/100, gold×100), bracket
 * stripping, element-wise lists and matrices, equations (lhs − rhs up to sign), then a
 * symbolic check. SymPy is replaced by this package's parser with the grader's 1e-4 tolerance.
 */

/** Python's float() on the grader's string (commas removed; a trailing % divides by 100). */
function parseDigits(raw: string): number | null {
  const s = raw.replace(/,/g, '');
  const f = pyFloat(s);
  if (f !== null) return f;
  if (s.endsWith('%')) {
    let t = s.slice(0, -1);
    if (t.endsWith('\\')) t = t.slice(0, -1);
    const g = pyFloat(t);
    if (g !== null) return g / 100;
  }
  return null;
}

function pyFloat(s: string): number | null {
  const t = s.trim().replace(/(\d)_(?=\d)/g, '$1');
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(t)) return NaN;
  return null;
}

/** math.isclose(a, b, rel_tol=1e-4) */
function isClose(a: number, b: number): boolean {
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= 1e-4 * Math.max(Math.abs(a), Math.abs(b));
}

function choiceClean(pred: string): string {
  let p = pred
    .replace(/^\n+|\n+$/g, '')
    .replace(/\.+$/, '')
    .replace(/\/+$/, '')
    .trim()
    .replace(/^:+/, '');
  const letters = p.toUpperCase().match(/\b[A-E]\b/g);
  p = letters ? letters[letters.length - 1] : p.trim().replace(/^\.+|\.+$/g, '');
  return p.replace(/\.+$/, '').replace(/\/+$/, '');
}

const hasFormat = (s: string, a: string, b: string): boolean => s.startsWith(a) && s.endsWith(b);
const isListFormat = (s: string): boolean => /^[([].+[)\]]/.test(s);
const isMatrixFormat = (s: string): boolean =>
  (s.startsWith('\\begin{pmatrix}') || s.startsWith('\\begin{bmatrix}')) && (s.endsWith('\\end{pmatrix}') || s.endsWith('\\end{bmatrix}'));

function strToPmatrix(input: string): string {
  const found = input.trim().match(/\{.*,.*\}/g) ?? [];
  return found.map((m) => `\\begin{pmatrix}${m.replace(/^[{}]+|[{}]+$/g, '').replace(/,/g, '\\')}\\end{pmatrix}`).join(', ');
}

/** A `\\` is read as `\` first (as the original grader does), then as written. */
const tryParse = (s: string): Node | null => tryParseLatex(s.replace(/\\\\/g, '\\')) ?? tryParseLatex(s);

/** Notation SymPy's LaTeX parser does not turn into an expression: sets, unions, ±, words. */
function sympyCannotParse(n: Node): boolean {
  if (n.t === 'setop' || n.t === 'pm' || n.t === 'text' || (n.t === 'set' && n.braces)) return true;
  return children(n).some(sympyCannotParse);
}

/** Is the first comma of the string outside every bracket and brace? */
function firstCommaAtTop(s: string): boolean {
  let depth = 0;
  for (const c of s) {
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',') return depth === 0;
  }
  return false;
}

/** The symbolic fallback: scalars equal exactly, symbolically, or numerically within 1e-4. */
function symbolicEqual(a: string, b: string): boolean {
  // SymPy reads neither `;` lists nor `\in` (it parses `x\in S` as the product of letters x·i·n·S).
  const unread = /;|\\in(?![a-zA-Z])/;
  if (unread.test(a) || unread.test(b)) return false;
  const pa = tryParse(a);
  const pb = tryParse(b);
  if (!pa || !pb) return false;
  // Where SymPy would keep the strings (already found unequal) or compare an equation with an
  // expression (never equal), so does this check.
  if (sympyCannotParse(pa) || sympyCannotParse(pb)) return false;
  if ((pa.t === 'rel') !== (pb.t === 'rel')) return false;
  // SymPy 1.12's parse_latex (the pinned grader's) stops at the first top-level comma and
  // returns what it read so far: a bare list is its first element, so "-1" matches "-1, -9".
  // When the first comma sits inside brackets that read fails, and Python's parser reads the
  // whole list as an ordered tuple.
  const asSympyReads = (n: Node, src: string): Node => {
    if (n.t !== 'set' || n.braces || n.xs.length === 0) return n;
    return firstCommaAtTop(src) ? n.xs[0] : { t: 'tuple', open: '(', close: ')', xs: n.xs };
  };
  const cmp = new Comparator({ roundedGoldTolerance: 'never', relTol: 1e-4 }, `${a}\u0000${b}`);
  try {
    return cmp.equal(asSympyReads(pa, a), asSympyReads(pb, b)).equal;
  } catch {
    return false;
  }
}

function formatEquation(eq: string): string {
  const [l, r] = eq.split('=');
  return `${l.trim()}-(${r.trim()})`;
}

function compareLists(p: string, r: string): boolean {
  const pp = p.slice(1, -1).split(',');
  const rp = r.slice(1, -1).split(',');
  return pp.length === rp.length && pp.every((x, i) => paperMathEqual(x, rp[i]).equal);
}

function compareMatrices(p: string, r: string): boolean {
  const lines = (s: string): string[] =>
    s
      .slice('\\begin{pmatrix}'.length, -'\\end{pmatrix}'.length)
      .split('\\\\')
      .map((l) => l.trim())
      .filter((l) => l !== '');
  const pl = lines(p);
  const rl = lines(r);
  if (pl.length !== rl.length) return false;
  return pl.every((line, i) => {
    const a = line.split('&');
    const b = rl[i].split('&');
    return a.length === b.length && a.every((x, j) => paperMathEqual(x, b[j]).equal);
  });
}

const isSimpleEquation = (e: string): boolean => e.split('=').length === 2 && e.split('=')[0].trim().length <= 2;

export function paperMathEqual(prediction: string, reference: string): Decision {
  if (prediction.trim().toLowerCase() === reference.trim().toLowerCase()) return { equal: true, layer: 'string' };
  if (['A', 'B', 'C', 'D', 'E'].includes(reference) && choiceClean(prediction) === reference) return { equal: true, layer: 'multiple choice' };
  const pn = parseDigits(prediction);
  const rn = parseDigits(reference);
  if (pn !== null && rn !== null) {
    for (const item of [rn / 100, rn, rn * 100])
      if (isClose(pn, item)) return { equal: true, layer: item === rn ? 'numeric (rel 1e-4)' : 'numeric (percentage leniency)' };
    // Two numbers (commas dropped: "3,5,7" is 357) that differ are final: no symbolic check follows.
    return { equal: false, layer: 'numeric (rel 1e-4)' };
  }
  if (!prediction) return { equal: false, layer: 'empty answer' };
  // Past this size the original would spend its 3-second budget in SymPy and time out.
  if (prediction.length > 20_000 || reference.length > 20_000) return { equal: false, layer: 'answer too long' };
  let ref = reference.trim();
  const pred = prediction.trim();
  if (pred.includes('pmatrix') && !ref.includes('pmatrix')) ref = strToPmatrix(ref);
  let ps = pred;
  let rs = ref;
  if ((hasFormat(ps, '[', ']') && !hasFormat(rs, '(', ')')) || (hasFormat(ps, '(', ')') && !hasFormat(rs, '[', ']'))) {
    ps = ps.replace(/^[[\]()]+|[[\]()]+$/g, '');
    rs = rs.replace(/^[[\]()]+|[[\]()]+$/g, '');
  }
  ps = ps.replace(/[{}()]/g, '');
  rs = rs.replace(/[{}()]/g, '');
  if (ps.toLowerCase() === rs.toLowerCase()) return { equal: true, layer: 'string (brackets removed)' };
  // Each structured check only ever accepts; when it fails the original goes on to the next
  // one and finally to the symbolic check of the whole strings.
  if (isListFormat(pred) && isListFormat(ref) && compareLists(pred, ref)) return { equal: true, layer: 'list (element-wise)' };
  if (isMatrixFormat(pred) && isMatrixFormat(ref) && compareMatrices(pred, ref)) return { equal: true, layer: 'matrix (element-wise)' };
  const pc = pred.split('=').length - 1;
  const rc = ref.split('=').length - 1;
  if (pc === 1 && rc === 1) {
    const a = formatEquation(pred);
    const b = formatEquation(ref);
    if (symbolicEqual(a, b) || symbolicEqual(`-(${a})`, b)) return { equal: true, layer: 'equation (lhs - rhs)' };
  } else if (isSimpleEquation(pred) && !ref.includes('=')) {
    if (paperMathEqual(pred.split('=')[1], ref).equal) return { equal: true, layer: 'simple equation (right side)' };
  } else if (isSimpleEquation(ref) && !pred.includes('=')) {
    if (paperMathEqual(pred, ref.split('=')[1]).equal) return { equal: true, layer: 'simple equation (right side)' };
  }
  // Two equations: SymPy's last resort compares |lhs − rhs| on both, the check just made.
  if (pc === 1 && rc === 1) return { equal: false, layer: 'equation (lhs - rhs)' };
  return { equal: symbolicEqual(pred, ref), layer: 'symbolic' };
}
