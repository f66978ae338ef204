/** Recorded in every verdict: bump on any change that can flip a verdict. */
export const MATH_VERIFIER_VERSION = 'rlbound-math/1.1.0';
