// Exact rational reference values, computed with BigInt independently of src/analyze.

/** C(n−c,k)/C(n,k) as an exact fraction, then 1 − that, rounded to a double (error < 2^-64). */
export function exactPassAtK(n: number, c: number, k: number): number {
  if (n - c < k) return 1;
  let num = 1n;
  let den = 1n;
  // C(n−c,k)/C(n,k) = (n−c)!(n−k)! / (n!(n−c−k)!): a ratio of falling factorials, of length k
  // (n−c)_k/(n)_k or, equally, of length c (n−k)_c/(n)_c — take the shorter one.
  const len = Math.min(k, c);
  for (let i = 0; i < len; i++) {
    num *= BigInt(k <= c ? n - c - i : n - k - i);
    den *= BigInt(n - i);
  }
  const scaled = (num << 64n) / den;
  return 1 - Number(scaled) / 2 ** 64;
}

/** C(c,k)/C(n,k) exactly, rounded to a double. */
export function exactPassHatK(n: number, c: number, k: number): number {
  if (c < k) return 0;
  let num = 1n;
  let den = 1n;
  for (let i = 0; i < k; i++) {
    num *= BigInt(c - i);
    den *= BigInt(n - i);
  }
  return Number((num << 64n) / den) / 2 ** 64;
}
