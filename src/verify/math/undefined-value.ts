/**
 * Thrown inside an evaluator where the value does not exist at the point (log 0, √ of a negative
 * real, 1/0); the evaluator's entry point catches it and answers null, so a sample point where
 * one side is undefined is skipped rather than failing the comparison.
 */
export class Undefined extends Error {}

export const undef = (): never => {
  throw new Undefined();
};
