import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bin, evaluate, literals, num, parseExpr, parseSteps, printExpr, stepsAreArithmeticallyCorrect, type Expr } from '../../../src/lab/tasks/index.js';

const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer({ min: 0, max: 99 }).map(num),
    fc.tuple(fc.constantFrom('+', '-', '*'), tie('e'), tie('e')).map(([op, l, r]) => bin(op as '+' | '-' | '*', l, r)),
  ),
})).e;

describe('expressions', () => {
  it('printing with minimal parentheses and parsing back keeps value and literals', () => {
    fc.assert(
      fc.property(exprArb, (e) => {
        const back = parseExpr(printExpr(e));
        expect(back).not.toBeNull();
        expect(evaluate(back as Expr)).toBe(evaluate(e));
        expect(literals(back as Expr)).toEqual(literals(e));
      }),
      { numRuns: 300 },
    );
  });

  it('uses parentheses only where needed', () => {
    expect(printExpr(bin('-', num(9), bin('-', num(5), num(2))))).toBe('9-(5-2)');
    expect(printExpr(bin('+', num(9), bin('-', num(5), num(2))))).toBe('9+5-2');
    expect(printExpr(bin('*', bin('+', num(1), num(2)), num(3)))).toBe('(1+2)*3');
    expect(printExpr(bin('*', num(3), bin('*', num(1), num(2))))).toBe('3*1*2');
  });

  it('rejects malformed text', () => {
    for (const bad of ['', '3+', '(3+4', '3+4)', '3++4', '3,4', '()', '1234567', '3=4']) expect(parseExpr(bad)).toBeNull();
    expect(evaluate(parseExpr('2+3*4-1') as Expr)).toBe(13);
    expect(evaluate(parseExpr('8-3-2') as Expr)).toBe(3);
  });

  it('parses step traces and checks their arithmetic', () => {
    const steps = parseSteps('7*2=14,7-6=1,14+1=15');
    expect(steps).toHaveLength(3);
    expect(stepsAreArithmeticallyCorrect(steps!)).toBe(true);
    expect(stepsAreArithmeticallyCorrect(parseSteps('7*2=15')!)).toBe(false);
    for (const bad of ['', '7*2=', '7*2=14,', '=14', '7*2=14;1+1=2', '7/2=3']) expect(parseSteps(bad)).toBeNull();
  });
});
