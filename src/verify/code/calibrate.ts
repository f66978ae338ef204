/** EvalPlus-style time limits: a program may take `factor` times as long as the reference
 * solution on each input, but never less than `floorS` (defaults as in EvalPlus: 4 s, ×4). */
export interface Calibration {
  floorS: number;
  factor: number;
  /** Cap on a whole functional test's wall clock, unless the reference itself needs more. */
  testCapS: number;
}

export const DEFAULT_CALIBRATION: Readonly<Calibration> = Object.freeze({ floorS: 4, factor: 4, testCapS: 60 });

export function calibratedLimits(referenceTimesS: readonly number[], c: Calibration = DEFAULT_CALIBRATION): number[] {
  return referenceTimesS.map((t) => Math.max(c.floorS, c.factor * t));
}

/**
 * Wall limit of a whole functional test. The per-input limits are enforced inside the child
 * (as in EvalPlus, whose overall limit is their sum); this backstop only matters for a program
 * that disables them, so it is capped unless the reference run itself was that slow.
 */
export function backstopWallS(perInputS: readonly number[], referenceTimesS: readonly number[], c: Calibration = DEFAULT_CALIBRATION): number {
  const sum = perInputS.reduce((a, b) => a + b, 0);
  const reference = referenceTimesS.reduce((a, b) => a + b, 0);
  return Math.min(sum, Math.max(c.testCapS, c.factor * reference + c.floorS)) + 1;
}
