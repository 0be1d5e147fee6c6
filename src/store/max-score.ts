/**
 * Top-k search that prunes (MaxScore, Turtle and Flood 1995), independent of any backend.
 *
 * A query's words are OR-ed, and a BM25 score is a sum over the words a passage holds, each word adding
 * less than its bound: `idf × (k1 + 1)`, whatever its frequency and the passage's length. Sort the words
 * rarest first (highest bound first). Split them into the `essential` rarest ones and the `rest`: a passage
 * that holds none of the essential words scores less than `restBound`, the sum of the rest's bounds. So
 * once k passages holding an essential word score above `restBound`, no other passage can enter the top k,
 * and only passages holding an essential word need a score at all: the rare words' few, not the common
 * words' many.
 *
 * A backend runs its ranked query restricted to the passages holding an essential word (scoring them
 * with every word, exactly as the exhaustive query would), reads the k-th score `theta`, and asks
 * `nextEssential` how many words to keep essential next; `undefined` means the answer is final.
 */

/** BM25's constants as SQLite FTS5 (and most engines) use them. */
export const bm25K1 = 1.2;

/** BM25's inverse document frequency as FTS5 computes it (floored at 1e-6, never negative). */
export function idf(rows: number, matching: number): number {
  const value = Math.log((rows - matching + 0.5) / (matching + 0.5));
  return value <= 0 ? 1e-6 : value;
}

/** The most a word found in `matching` of `rows` passages adds to any passage's score. */
export function wordBound(rows: number, matching: number): number {
  return idf(rows, matching) * (bm25K1 + 1);
}

export interface PrunePlan {
  /** Word indexes, rarest first (ties: the query's order). */
  order: number[];
  /** `restBound[e]`: the most a passage holding none of the first `e` words of `order` can score. */
  restBound: number[];
}

/** The plan for words found in `matching[i]` of `rows` passages. */
export function prunePlan(rows: number, matching: readonly number[]): PrunePlan {
  const order = matching.map((_, index) => index).sort((a, b) => (matching[a] ?? 0) - (matching[b] ?? 0) || a - b);
  const restBound = order.map(() => 0);
  restBound.push(0);
  for (let e = order.length - 1; e >= 0; e--) {
    restBound[e] = (restBound[e + 1] ?? 0) + wordBound(rows, matching[order[e] ?? 0] ?? 0);
  }
  return { order, restBound };
}

/**
 * Where to start, before any score is known: the fewest rarest words whose rest could add less than the
 * rarest word alone could. A top-k score usually reaches that much (its chunks hold the rare words); when
 * no split is that lopsided, as with many words of similar rarity, pruning would score nearly everything
 * anyway, in several passes, and `undefined` says to run the exhaustive query instead.
 */
export function firstEssential(plan: PrunePlan): number | undefined {
  const rarest = (plan.restBound[0] ?? 0) - (plan.restBound[1] ?? 0);
  for (let e = 1; e < plan.order.length; e++) if ((plan.restBound[e] ?? 0) < rarest) return e;
  return undefined;
}

/** Relative slack on the bound comparison, far above floating-point noise in summing a few logarithms. */
const slack = 1e-9;

/**
 * After scoring the passages that hold one of the first `essential` words: `undefined` when the top k is
 * final (k of them scored above what any other passage can reach), else how many words to keep essential
 * next. `theta` is the k-th best score found, or `undefined` when fewer than k passages were found. With
 * every word essential the query is the exhaustive one, and final.
 */
export function nextEssential(plan: PrunePlan, essential: number, theta: number | undefined): number | undefined {
  const words = plan.order.length;
  if (essential >= words) return undefined;
  const reaches = (e: number) => theta !== undefined && theta > (plan.restBound[e] ?? 0) * (1 + slack);
  if (reaches(essential)) return undefined;
  // The k-th score can only grow as more passages are scored: jump to the first split it already beats.
  for (let e = essential + 1; e < words; e++) if (reaches(e)) return e;
  return theta === undefined ? essential + 1 : words;
}
