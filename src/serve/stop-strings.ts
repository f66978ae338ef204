/**
 * Cuts generated tokens at the first stop string, as OpenAI servers do: the returned text ends
 * just before the stop string, and only tokens that start before the cut are kept (so their
 * logprobs line up with the text).
 */
export interface CutResult {
  text: string;
  /** How many generated tokens remain. */
  keep: number;
  /** The stop string that matched, or null. */
  matched: string | null;
}

export function cutAtStop(pieces: string[], stops: string[]): CutResult {
  let text = '';
  const starts: number[] = [];
  const longest = stops.reduce((m, s) => Math.max(m, s.length), 0);
  for (let t = 0; t < pieces.length; t++) {
    starts.push(text.length);
    text += pieces[t];
    if (stops.length === 0) continue;
    // Only a match overlapping the newest piece can be new: search from there.
    const from = Math.max(0, starts[t] - longest + 1);
    let best = -1;
    let which: string | null = null;
    for (const s of stops) {
      if (s === '') continue;
      const at = text.indexOf(s, from);
      if (at !== -1 && (best === -1 || at < best)) {
        best = at;
        which = s;
      }
    }
    if (which !== null) {
      let keep = 0;
      while (keep < starts.length && starts[keep] < best) keep++;
      return { text: text.slice(0, best), keep, matched: which };
    }
  }
  return { text, keep: pieces.length, matched: null };
}
