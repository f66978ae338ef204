/** Number words ("twelve", "forty-two", "one hundred five") → digits; null when the text is not one. */
/** Number words below a hundred (shared with the paper policy's word2number stand-in). */
export const SMALL: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
export const SCALES: Record<string, number> = { hundred: 100, thousand: 1000, million: 1_000_000, billion: 1_000_000_000 };

export function wordsToNumber(text: string): string | null {
  const words = text
    .toLowerCase()
    .replace(/-/g, ' ')
    .trim()
    .split(/\s+/)
    .filter((x) => x !== 'and');
  if (words.length === 0 || words.length > 12) return null;
  let total = 0;
  let current = 0;
  let seen = false;
  for (const w of words) {
    if (w in SMALL) {
      current += SMALL[w];
      seen = true;
    } else if (w === 'hundred') {
      current = (current || 1) * 100;
    } else if (w in SCALES) {
      total += (current || 1) * SCALES[w];
      current = 0;
    } else return null;
  }
  return seen || total > 0 ? String(total + current) : null;
}
