/** What a chunk plan needs of a sampling request (the sampler's PromptSamples has this shape). */
interface ChunkRequest {
  prompt: ArrayLike<number>;
  seeds: ArrayLike<number>;
}

/** A slice of one request: samples first .. first + req.seeds.length − 1 of prompt `group`. */
export interface ChunkPart {
  group: number;
  first: number;
  req: { prompt: number[]; seeds: number[] };
}

/**
 * Cut the (prompt, sample) list into chunks of at most `maxRows` samples, in order. A prompt may be
 * split across chunks (its prefix is then computed once per chunk). Samples never depend on the
 * chunking, so any plan gives the same results.
 */
export function planChunks(requests: readonly ChunkRequest[], maxRows: number): ChunkPart[][] {
  const chunks: ChunkPart[][] = [];
  let current: ChunkPart[] = [];
  let rows = 0;
  requests.forEach((req, g) => {
    const prompt = Array.from(req.prompt);
    let first = 0;
    do {
      const take = Math.min(req.seeds.length - first, maxRows - rows);
      current.push({ group: g, first, req: { prompt, seeds: Array.prototype.slice.call(req.seeds, first, first + take) as number[] } });
      rows += take;
      first += take;
      if (rows >= maxRows) {
        chunks.push(current);
        current = [];
        rows = 0;
      }
    } while (first < req.seeds.length);
  });
  if (current.length > 0) chunks.push(current);
  return chunks;
}
