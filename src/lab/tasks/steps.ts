import { applyOp, type Op } from './expression.js';

/** One written step `a op b=c` of a step-by-step trace (the teacher's reasoning pattern). */
export interface Step {
  a: number;
  op: Op;
  b: number;
  result: number;
}

export function printSteps(steps: readonly Step[]): string {
  return steps.map((s) => `${s.a}${s.op}${s.b}=${s.result}`).join(',');
}

const STEP = /^(\d{1,6})([+\-*])(\d{1,6})=(-?\d{1,7})$/;

/** Parses `a op b=c,…`; null if any piece is malformed. Does not check the arithmetic. */
export function parseSteps(text: string): Step[] | null {
  if (text.length === 0) return null;
  const out: Step[] = [];
  for (const part of text.split(',')) {
    const m = STEP.exec(part);
    if (!m) return null;
    out.push({ a: Number(m[1]), op: m[2] as Op, b: Number(m[3]), result: Number(m[4]) });
  }
  return out;
}

/** True if every step's arithmetic is right. */
export function stepsAreArithmeticallyCorrect(steps: readonly Step[]): boolean {
  return steps.every((s) => applyOp(s.op, s.a, s.b) === s.result);
}
