import type { Node, RelOp } from '../ast.js';
import { isInt, parseDecimal, rat } from '../rational.js';
import { tokenize, type Token } from './tokenize.js';

/** Raised for input the grammar does not cover; the caller falls back to string comparison. */
export class ParseError extends Error {}

const MAX_DEPTH = 200;
const MAX_TOKENS = 20_000;

const GREEK = new Set([
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'varepsilon', 'zeta', 'eta', 'theta', 'vartheta', 'iota', 'kappa', 'lambda',
  'mu', 'nu', 'xi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'varphi', 'chi', 'psi', 'omega', 'Gamma', 'Delta', 'Theta',
  'Lambda', 'Xi', 'Sigma', 'Phi', 'Psi', 'Omega', 'ell', 'hbar', 'nabla', 'partial',
]);
/** Letters that name functions in answers (f(x), P(2), I(0)); other letters before "(" multiply. */
const FUNCTION_LETTERS = /^[fghpquvwyFGHIPQRSUVWY]$/;
const ACCENTS = new Set(['dot', 'ddot', 'hat', 'bar', 'vec', 'tilde', 'overline', 'widehat', 'widetilde', 'mathring', 'check', 'breve']);
const TRIG = new Set(['sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'sinh', 'cosh', 'tanh', 'arcsin', 'arccos', 'arctan', 'exp', 'ln', 'log', 'lg']);
const REL_CMDS: Record<string, RelOp> = { le: 'le', leq: 'le', leqslant: 'le', ge: 'ge', geq: 'ge', geqslant: 'ge', ne: 'ne', neq: 'ne', lt: '<', gt: '>', in: 'in', approx: '=', equiv: '=' };
const SETOPS: Record<string, 'cup' | 'cap' | 'setminus'> = { cup: 'cup', cap: 'cap', setminus: 'setminus' };
const IGNORED_CMDS = new Set(['left', 'right', 'displaystyle', 'circ', 'degree', 'prime', 'quad', 'qquad', 'big', 'Big', 'bigg', 'Bigg', 'limits', 'nolimits']);
const ENV_MATRIX = new Set(['pmatrix', 'bmatrix', 'matrix', 'Bmatrix', 'vmatrix', 'array', 'smallmatrix']);

class Parser {
  private pos = 0;
  private depth = 0;
  private absDepth = 0;
  constructor(private toks: Token[]) {}

  private peek(o = 0): Token | undefined {
    return this.toks[this.pos + o];
  }
  private isOp(s: string, o = 0): boolean {
    const t = this.peek(o);
    return t !== undefined && t.k === 'op' && t.s === s;
  }
  private isCmd(s: string, o = 0): boolean {
    const t = this.peek(o);
    return t !== undefined && t.k === 'cmd' && t.s === s;
  }
  private expectOp(s: string): void {
    if (!this.isOp(s)) throw new ParseError(`expected '${s}' at token ${this.pos}`);
    this.pos++;
  }
  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw new ParseError('nesting too deep');
  }
  private leave(): void {
    this.depth--;
  }
  atEnd(): boolean {
    return this.pos >= this.toks.length;
  }

  /** list := rel ((',' | ';') rel)* */
  list(): Node {
    const xs: Node[] = [this.rel()];
    while (this.isOp(',') || this.isOp(';')) {
      this.pos++;
      xs.push(this.rel());
    }
    return xs.length === 1 ? xs[0] : { t: 'set', xs, braces: false };
  }

  private relOp(): RelOp | null {
    const t = this.peek();
    if (!t) return null;
    if (t.k === 'op') {
      if (t.s === '=' || t.s === '<' || t.s === '>') {
        if (this.isOp('=', 1) && t.s !== '=') {
          this.pos++;
          return t.s === '<' ? 'le' : 'ge';
        }
        return t.s as RelOp;
      }
      return null;
    }
    if (t.k === 'cmd' && REL_CMDS[t.s]) return REL_CMDS[t.s];
    return null;
  }

  rel(): Node {
    const sides: Node[] = [this.setop()];
    const ops: RelOp[] = [];
    for (let op = this.relOp(); op; op = this.relOp()) {
      this.pos++;
      ops.push(op);
      sides.push(this.setop());
    }
    return ops.length === 0 ? sides[0] : { t: 'rel', ops, sides };
  }

  private setop(): Node {
    let left = this.expr();
    for (;;) {
      const t = this.peek();
      if (!t || t.k !== 'cmd' || !SETOPS[t.s]) return left;
      this.pos++;
      const op = SETOPS[t.s];
      const right = this.expr();
      left = left.t === 'setop' && left.op === op ? { t: 'setop', op, xs: [...left.xs, right] } : { t: 'setop', op, xs: [left, right] };
    }
  }

  /** expr := unary (('+' | '-' | '\pm') term)* */
  expr(): Node {
    this.enter();
    const xs: Node[] = [];
    let pm: Node | null = null;
    xs.push(this.unary());
    for (;;) {
      if (this.isOp('+')) {
        this.pos++;
        xs.push(this.unary());
      } else if (this.isOp('-')) {
        this.pos++;
        xs.push({ t: 'neg', a: this.unary() });
      } else if (this.isCmd('pm') || this.isCmd('mp')) {
        this.pos++;
        const a: Node = xs.length === 1 ? xs[0] : { t: 'add', xs: xs.splice(0) };
        xs.length = 0;
        pm = { t: 'pm', a, b: this.term() };
        xs.push(pm);
      } else break;
    }
    this.leave();
    return xs.length === 1 ? xs[0] : { t: 'add', xs };
  }

  private unary(): Node {
    if (this.isOp('-')) {
      this.pos++;
      return { t: 'neg', a: this.term() };
    }
    if (this.isOp('+')) {
      this.pos++;
      return this.term();
    }
    if (this.isCmd('pm') || this.isCmd('mp')) {
      this.pos++;
      return { t: 'pm', a: null, b: this.term() };
    }
    return this.term();
  }

  private startsPrimary(): boolean {
    const t = this.peek();
    if (!t) return false;
    if (t.k === 'num' || t.k === 'letter' || t.k === 'word') return true;
    if (t.k === 'op') return t.s === '(' || t.s === '[' || t.s === '{' || (t.s === '|' && this.absDepth === 0);
    if (REL_CMDS[t.s] || SETOPS[t.s]) return false;
    return !['cdot', 'times', 'div', 'pm', 'mp', 'end', 'rbrace', '}', 'rfloor', 'rceil', 'right', 'to', 'mid', 'colon', '%', ','].includes(t.s);
  }

  /** term := power (('*' | '/' | '\cdot' | implicit) power)* */
  term(): Node {
    this.enter();
    const factors: Node[] = [this.power()];
    for (;;) {
      if (this.isOp('*') || this.isCmd('cdot') || this.isCmd('times') || this.isCmd('ast')) {
        this.pos++;
        factors.push(this.unaryFactor());
      } else if (this.isOp('/') || this.isCmd('div')) {
        this.pos++;
        const b = this.unaryFactor();
        const a: Node = factors.length === 1 ? factors[0] : { t: 'mul', xs: factors.splice(0) };
        factors.length = 0;
        factors.push({ t: 'div', a, b });
      } else if (this.startsPrimary()) {
        const mixed = factors.length === 1 && factors[0].t === 'num' && isInt(factors[0].v) && factors[0].places === 0 && this.isCmd('frac');
        const next = this.power();
        if (mixed && next.t === 'div' && next.a.t === 'num' && next.b.t === 'num' && isInt(next.a.v) && isInt(next.b.v)) {
          // 1\frac{4}{5} is the mixed number 9/5, the convention of every MATH answer that writes it.
          factors[0] = { t: 'add', xs: [factors[0], next] };
        } else factors.push(next);
      } else break;
    }
    this.leave();
    return factors.length === 1 ? factors[0] : { t: 'mul', xs: factors };
  }

  private unaryFactor(): Node {
    if (this.isOp('-')) {
      this.pos++;
      return { t: 'neg', a: this.unaryFactor() };
    }
    if (this.isOp('+')) this.pos++;
    return this.power();
  }

  /** power := primary ('^' arg | '!' | '%')* */
  private power(): Node {
    this.enter();
    let base = this.primary();
    for (;;) {
      if (this.isOp('^')) {
        this.pos++;
        const exp = this.scriptArg();
        base = { t: 'pow', a: base, b: exp };
      } else if (this.isOp('!')) {
        this.pos++;
        base = { t: 'fn', name: 'fact', args: [base] };
      } else if (this.isCmd('%') || this.isOp('%')) {
        this.pos++;
        base = { t: 'percent', a: base };
      } else if (this.isOp("'")) {
        this.pos++;
      } else break;
    }
    this.leave();
    return base;
  }

  /** A script or macro argument: `{…}` or one token (one digit of a number: x^23 is x^2·3). */
  private scriptArg(): Node {
    const t = this.peek();
    if (!t) throw new ParseError('missing argument');
    if (t.k === 'op' && t.s === '{') {
      this.pos++;
      const inner = this.list();
      this.expectOp('}');
      return inner;
    }
    if (t.k === 'num' && t.s.length > 1) {
      this.toks[this.pos] = { k: 'num', s: t.s.slice(1) };
      return this.numNode(t.s[0]);
    }
    if (t.k === 'op' && t.s === '-') {
      this.pos++;
      return { t: 'neg', a: this.scriptArg() };
    }
    if (t.k === 'word') {
      // x^ab would be odd; take the first letter only.
      this.toks[this.pos] = { k: 'word', s: t.s.slice(1) };
      if (t.s.length === 1) this.pos++;
      return this.letterNode(t.s[0]);
    }
    return this.primary();
  }

  private numNode(s: string): Node {
    const v = parseDecimal(s);
    if (!v) throw new ParseError(`bad number ${s}`);
    const frac = /\.(\d*)/.exec(s)?.[1].length ?? 0;
    const exp = Number(/[eE]([+-]?\d+)/.exec(s)?.[1] ?? 0);
    return { t: 'num', v, places: frac - exp, rounded: frac > 0 || /[eE]/.test(s) };
  }

  private letterNode(s: string): Node {
    if (s === 'e') return { t: 'const', name: 'e' };
    if (s === 'i') return { t: 'const', name: 'i' };
    return { t: 'var', name: s };
  }

  /** Raw text of a subscript, so x_1, x_{1} and x_{ 1 } name the same variable. */
  private subscriptText(): string {
    const t = this.peek();
    if (!t) throw new ParseError('missing subscript');
    if (t.k === 'op' && t.s === '{') {
      let depth = 0;
      let s = '';
      for (;;) {
        const u = this.peek();
        if (!u) throw new ParseError('unbalanced subscript');
        this.pos++;
        if (u.k === 'op' && u.s === '{') {
          if (depth++ > 0) s += '{';
        } else if (u.k === 'op' && u.s === '}') {
          if (--depth === 0) return s;
          s += '}';
        } else s += u.k === 'cmd' ? `\\${u.s}` : u.s;
      }
    }
    if (t.k === 'num') {
      if (t.s.length > 1) {
        this.toks[this.pos] = { k: 'num', s: t.s.slice(1) };
        return t.s[0];
      }
    }
    this.pos++;
    return t.k === 'cmd' ? `\\${t.s}` : t.s;
  }

  /** A variable with subscripts and primes: x_1, \rho_{0}, y', so each names its own unknown. */
  private decorated(base: string): Node {
    let name = base;
    for (;;) {
      if (this.isOp('_')) {
        this.pos++;
        name += `_${this.subscriptText()}`;
      } else if (this.isOp("'")) {
        this.pos++;
        name += "'";
      } else return { t: 'var', name };
    }
  }

  private group(open: '(' | '['): Node {
    const inner = this.list();
    const t = this.peek();
    if (!t || t.k !== 'op' || (t.s !== ')' && t.s !== ']')) throw new ParseError('unclosed bracket');
    this.pos++;
    const close = t.s as ')' | ']';
    if (inner.t === 'set' && !inner.braces) return { t: 'tuple', open, close, xs: inner.xs };
    return inner;
  }

  private braceArg(): Node {
    return this.scriptArg();
  }

  private funcArg(): Node {
    if (this.isOp('(')) {
      this.pos++;
      return this.group('(');
    }
    if (this.isOp('{')) return this.braceArg();
    // \sin 2x reads as sin(2x): take the run of numbers and letters that follows.
    const xs: Node[] = [this.power()];
    for (let t = this.peek(); t && (t.k === 'num' || t.k === 'letter' || (t.k === 'cmd' && (GREEK.has(t.s) || t.s === 'pi'))); t = this.peek()) xs.push(this.power());
    return xs.length === 1 ? xs[0] : { t: 'mul', xs };
  }

  private primary(): Node {
    const t = this.peek();
    if (!t) throw new ParseError('unexpected end');
    this.enter();
    try {
      return this.primaryInner(t);
    } finally {
      this.leave();
    }
  }

  private primaryInner(t: Token): Node {
    this.pos++;
    switch (t.k) {
      case 'num': {
        if (this.isOp('_')) {
          this.pos++;
          return { t: 'var', name: `${t.s}_${this.subscriptText()}` };
        }
        return this.numNode(t.s);
      }
      case 'letter': {
        // I(0), f(2), y(t): a function letter applied to one number or letter is a value of its
        // own (an opaque symbol), not the product I·0.
        const arg = this.peek(1);
        if (FUNCTION_LETTERS.test(t.s) && this.isOp('(') && arg && (arg.k === 'num' || arg.k === 'letter') && this.isOp(')', 2)) {
          this.pos += 3;
          return { t: 'var', name: `${t.s}(${arg.s})` };
        }
        if (this.isOp('_') || this.isOp("'")) return this.decorated(t.s);
        return this.letterNode(t.s);
      }
      case 'word':
        if (TRIG.has(t.s)) return this.trig(t.s);
        if (t.s === 'sqrt') return { t: 'fn', name: 'sqrt', args: [this.funcArg()] };
        return { t: 'text', s: t.s };
      case 'op':
        switch (t.s) {
          case '(':
          case '[':
            return this.group(t.s);
          case '{': {
            const inner = this.list();
            this.expectOp('}');
            return inner.t === 'set' ? { ...inner, braces: true } : inner;
          }
          case '|': {
            this.absDepth++;
            const inner = this.expr();
            this.absDepth--;
            this.expectOp('|');
            return { t: 'fn', name: 'abs', args: [inner] };
          }
          default:
            throw new ParseError(`unexpected '${t.s}'`);
        }
      case 'cmd':
        return this.command(t.s);
    }
  }

  private trig(name: string): Node {
    let fname = name === 'lg' ? 'log10' : name;
    let power: Node | null = null;
    let base: Node | null = null;
    for (;;) {
      if (this.isOp('^')) {
        this.pos++;
        power = this.scriptArg();
      } else if (this.isOp('_')) {
        this.pos++;
        base = this.scriptArg();
      } else break;
    }
    if (power && power.t === 'neg' && power.a.t === 'num' && power.a.v.n === 1n && power.a.v.d === 1n && ['sin', 'cos', 'tan'].includes(fname)) {
      fname = `arc${fname}`;
      power = null;
    }
    const arg = this.funcArg();
    const call: Node = base ? { t: 'fn', name: 'logb', args: [base, arg] } : { t: 'fn', name: fname, args: [arg] };
    return power ? { t: 'pow', a: call, b: power } : call;
  }

  private command(s: string): Node {
    if (s === 'frac' || s === 'dfrac' || s === 'tfrac' || s === 'cfrac') {
      const a = this.braceArg();
      const b = this.braceArg();
      return { t: 'div', a, b };
    }
    if (s === 'binom' || s === 'dbinom' || s === 'tbinom') {
      const a = this.braceArg();
      const b = this.braceArg();
      return { t: 'fn', name: 'binom', args: [a, b] };
    }
    if (s === 'sqrt') {
      if (this.isOp('[')) {
        this.pos++;
        const idx = this.expr();
        this.expectOp(']');
        return { t: 'fn', name: 'root', args: [this.braceArg(), idx] };
      }
      return { t: 'fn', name: 'sqrt', args: [this.braceArg()] };
    }
    if (s === 'pi') return { t: 'const', name: 'pi' };
    if (s === 'infty' || s === 'infin') return { t: 'const', name: 'inf' };
    if (s === 'emptyset' || s === 'varnothing') return { t: 'set', xs: [], braces: true };
    if (GREEK.has(s)) return this.decorated(s);
    if (ACCENTS.has(s)) {
      const arg = this.scriptArg();
      return arg.t === 'var' ? this.decorated(`${s} ${arg.name}`) : arg;
    }
    if (TRIG.has(s)) return this.trig(s);
    if (s === 'lfloor' || s === 'lceil') {
      const inner = this.expr();
      if (!this.isCmd(s === 'lfloor' ? 'rfloor' : 'rceil')) throw new ParseError('unclosed floor/ceil');
      this.pos++;
      return { t: 'fn', name: s === 'lfloor' ? 'floor' : 'ceil', args: [inner] };
    }
    if (s === 'lvert' || s === 'vert' || s === '|') {
      const inner = this.expr();
      if (!(this.isCmd('rvert') || this.isCmd('vert') || this.isCmd('|') || this.isOp('|'))) throw new ParseError('unclosed |');
      this.pos++;
      return { t: 'fn', name: 'abs', args: [inner] };
    }
    if (s === '{' || s === 'lbrace') {
      if (this.isCmd('}') || this.isCmd('rbrace')) {
        this.pos++;
        return { t: 'set', xs: [], braces: true };
      }
      const inner = this.list();
      if (!(this.isCmd('}') || this.isCmd('rbrace'))) throw new ParseError('unclosed set');
      this.pos++;
      return { t: 'set', xs: inner.t === 'set' && !inner.braces ? inner.xs : [inner], braces: true };
    }
    if (s === 'begin') return this.environment();
    if (s === 'mathbb') {
      const arg = this.scriptArg();
      if (arg.t === 'var' && arg.name === 'R') return { t: 'tuple', open: '(', close: ')', xs: [{ t: 'neg', a: { t: 'const', name: 'inf' } }, { t: 'const', name: 'inf' }] };
      return { t: 'text', s: `mathbb${arg.t === 'var' ? arg.name : '?'}` };
    }
    if (s === 'dots' || s === 'ldots' || s === 'cdots') return { t: 'text', s: '...' };
    if (IGNORED_CMDS.has(s)) {
      if (this.atEnd()) return { t: 'text', s: '' };
      return this.primary();
    }
    if (s === '%') return { t: 'text', s: '%' };
    throw new ParseError(`unknown command \\${s}`);
  }

  private envName(): string {
    this.expectOp('{');
    let name = '';
    while (!this.isOp('}')) {
      const t = this.peek();
      if (!t) throw new ParseError('unclosed environment name');
      name += t.s;
      this.pos++;
    }
    this.pos++;
    return name;
  }

  private environment(): Node {
    const name = this.envName();
    if (!ENV_MATRIX.has(name)) throw new ParseError(`unsupported environment ${name}`);
    if (name === 'array' && this.isOp('{')) this.envName();
    const rows: Node[][] = [[]];
    for (;;) {
      if (this.isCmd('end')) {
        this.pos++;
        this.envName();
        break;
      }
      if (this.atEnd()) throw new ParseError('unclosed matrix');
      if (this.isOp('&')) {
        this.pos++;
        continue;
      }
      if (this.isOp('\\\\')) {
        this.pos++;
        rows.push([]);
        continue;
      }
      rows[rows.length - 1].push(this.rel());
      if (!(this.isOp('&') || this.isOp('\\\\') || this.isCmd('end'))) throw new ParseError('bad matrix cell');
    }
    while (rows.length > 0 && rows[rows.length - 1].length === 0) rows.pop();
    if (rows.length === 0 || rows.some((r) => r.length !== rows[0].length)) throw new ParseError('ragged matrix');
    return { t: 'matrix', rows };
  }
}

/** Parses one normalized answer into a tree; throws ParseError for anything outside the grammar. */
export function parseLatex(src: string): Node {
  if (src.length > MAX_TOKENS * 4) throw new ParseError('answer too long');
  const toks = tokenize(src);
  if (toks.length === 0) throw new ParseError('empty');
  if (toks.length > MAX_TOKENS) throw new ParseError('answer too long');
  const p = new Parser(toks);
  const node = p.list();
  if (!p.atEnd()) throw new ParseError('trailing input');
  return node;
}

export const numberNode = (n: bigint, d = 1n): Node => ({ t: 'num', v: rat(n, d), places: 0 });
