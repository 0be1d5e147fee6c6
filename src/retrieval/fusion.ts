import type { Hit } from '../store/knowledge-store.js';

/** The constant of reciprocal-rank fusion (Cormack, Clarke and Büttcher, 2009). */
export const rrfK = 60;

/**
 * Fuse ranked lists by reciprocal rank: a passage's score is the sum of 1 / (rrfK + rank) over the
 * lists it appears in. Scores from different legs (BM25, cosine) are not comparable; ranks are.
 * Passages are identified by document, version and chunk.
 */
export function reciprocalRankFusion(lists: readonly (readonly Hit[])[], k: number): Hit[] {
  const fused = new Map<string, { hit: Hit; score: number }>();
  for (const list of lists) {
    list.forEach((hit, index) => {
      const key = `${hit.id}\u0000${hit.version}\u0000${hit.chunk}`;
      const entry = fused.get(key) ?? { hit, score: 0 };
      entry.score += 1 / (rrfK + index + 1);
      fused.set(key, entry);
    });
  }
  return [...fused.values()]
    .sort((a, b) => b.score - a.score)
    .slice(0, k)
    .map(({ hit, score }) => ({ ...hit, score: Math.round(score * 1e6) / 1e6 }));
}
