import { z } from 'zod';
import { type CategoryId, categoryIds } from '../taxonomy/index.js';
import { fnv1a } from './dataset.js';
import type { FeatureVector } from './features.js';

/**
 * The complaint stage's second learner: the training complaints nearest to a complaint vote on its
 * categories. Each complaint is the set of its words and bigrams (the `w:` and `b:` features of
 * `complaintFeatures`), weighed by inverse document frequency and compared by cosine similarity; the `k`
 * nearest vote, each with its similarity times its weight (a real complaint weighs `realComplaintWeight`
 * written ones). A category's score is its share of the vote.
 *
 * Why beside the logistic regressions: they learn one weight per word from about 4,000 written complaints,
 * and 120 real ones barely move those weights (their top-1 accuracy on the real set is 77 of 120 with or
 * without them). Neighbours are local: a real report is judged by the reports most like it, and the two
 * learners err on different complaints. On the real set's grouped cross-validation the average of the two
 * (in log-odds) raised micro-F1 from 0.61 to 0.64 and precision from 0.61 to 0.70 (docs/diagnose.md).
 *
 * Features are stored as 32-bit FNV-1a hashes, not words: the model file holds no text of a training
 * complaint, real or written.
 */
export interface NeighbourIndex {
  /** How many nearest complaints vote. */
  k: number;
  items: readonly NeighbourItem[];
  /** Every hashed feature of `items`, sorted, and beside it its inverse document frequency over them. */
  terms: Uint32Array;
  idf: Float64Array;
  /** Per item, the idf of each of its terms, and the Euclidean length of that vector. */
  weights: readonly Float64Array[];
  norms: Float64Array;
}

export interface NeighbourItem {
  /** Hashed `w:`/`b:` features, sorted. */
  terms: readonly number[];
  /** Indexes into `categoryIds`. */
  categories: readonly number[];
  weight: number;
}

/**
 * Chosen on the real development set's grouped cross-validation among 10 and 30 (top-1 accuracy 0.60 and
 * 0.66; 0.60 and 0.63 built without the real set): 30.
 */
export const neighbourCount = 30;

/** The hashed word and bigram features of a complaint's feature vector. */
export function neighbourTerms(input: FeatureVector): number[] {
  const terms = new Set<number>();
  for (const key of input.keys()) if (key.startsWith('w:') || key.startsWith('b:')) terms.add(fnv1a(key));
  return [...terms].sort((a, b) => a - b);
}

export function buildNeighbours(
  examples: readonly { categories: readonly CategoryId[]; weight?: number }[],
  inputs: readonly FeatureVector[],
  k = neighbourCount,
): NeighbourIndex {
  return indexNeighbours(
    k,
    examples.map((example, at) => ({
      terms: neighbourTerms(inputs[at] ?? new Map()),
      categories: example.categories.map((id) => categoryIds.indexOf(id)),
      weight: example.weight ?? 1,
    })),
  );
}

/**
 * The index over items (from training, or read from the model file): document frequencies from one sort of
 * every item's terms, so that loading a model costs a sort, not a map of posting lists (2 s against 0.1 s).
 */
export function indexNeighbours(k: number, items: readonly NeighbourItem[]): NeighbourIndex {
  const all = new Uint32Array(items.reduce((sum, item) => sum + item.terms.length, 0));
  let cursor = 0;
  for (const item of items) for (const term of item.terms) all[cursor++] = term;
  all.sort();
  const unique: number[] = [];
  const counts: number[] = [];
  for (let at = 0; at < all.length; at++) {
    if (at > 0 && all[at] === all[at - 1]) counts[counts.length - 1] = (counts[counts.length - 1] ?? 0) + 1;
    else {
      unique.push(all[at] ?? 0);
      counts.push(1);
    }
  }
  const terms = Uint32Array.from(unique);
  const idf = Float64Array.from(counts, (count) => Math.log(items.length / count));
  const weights = items.map((item) => Float64Array.from(item.terms, (term) => idf[find(terms, term)] ?? 0));
  const norms = Float64Array.from(weights, (list) => Math.sqrt(list.reduce((sum, value) => sum + value * value, 0)));
  return { k, items, terms, idf, weights, norms };
}

/** Each category's share of the similarity-weighted vote of the `k` nearest training complaints. */
export function scoreNeighbours(index: NeighbourIndex, input: FeatureVector): Record<CategoryId, number> {
  const query = neighbourTerms(input).filter((term) => find(index.terms, term) >= 0);
  const queryWeights = query.map((term) => index.idf[find(index.terms, term)] ?? 0);
  const queryNorm = Math.sqrt(queryWeights.reduce((sum, value) => sum + value * value, 0)) || 1;
  const scored: { at: number; similarity: number }[] = [];
  index.items.forEach((item, at) => {
    // Both term lists are sorted: one merge finds the shared terms.
    let dot = 0;
    for (let mine = 0, theirs = 0; mine < query.length && theirs < item.terms.length; ) {
      const a = query[mine] ?? 0;
      const b = item.terms[theirs] ?? 0;
      if (a < b) mine++;
      else if (a > b) theirs++;
      else {
        dot += (queryWeights[mine] ?? 0) * (index.weights[at]?.[theirs] ?? 0);
        mine++;
        theirs++;
      }
    }
    if (dot > 0) scored.push({ at, similarity: dot / (queryNorm * (index.norms[at] || 1)) });
  });
  const nearest = scored.sort((a, b) => b.similarity - a.similarity || a.at - b.at).slice(0, index.k);
  const votes = new Array<number>(categoryIds.length).fill(0);
  let total = 0;
  for (const { at, similarity } of nearest) {
    const item = index.items[at];
    if (!item) continue;
    total += similarity * item.weight;
    for (const category of item.categories) votes[category] = (votes[category] ?? 0) + similarity * item.weight;
  }
  return Object.fromEntries(categoryIds.map((id, at) => [id, total > 0 ? (votes[at] ?? 0) / total : 0])) as Record<
    CategoryId,
    number
  >;
}

/** The position of `term` in the sorted `terms`, or -1. */
function find(terms: Uint32Array, term: number): number {
  let low = 0;
  let high = terms.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const value = terms[middle] ?? 0;
    if (value === term) return middle;
    if (value < term) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/** Lists of numbers checked with one plain loop each (zod's per-element checks slow a load down). */
const integerLists = (max: number) =>
  z.custom<number[][]>(
    (value) =>
      Array.isArray(value) &&
      value.every(
        (list) =>
          Array.isArray(list) &&
          list.every((item) => typeof item === 'number' && Number.isInteger(item) && item >= 0 && item <= max),
      ),
    { message: 'expected lists of non-negative integers' },
  );

export const neighboursSchema = z.object({
  k: z.number().int().min(1),
  /** Per item: its sorted hashed terms, delta-encoded (the first, then each one's gap to the one before). */
  terms: integerLists(2 ** 32),
  categories: integerLists(categoryIds.length - 1),
  weights: z.array(z.number().positive()),
});

export function neighboursToJson(index: NeighbourIndex): z.infer<typeof neighboursSchema> {
  return {
    k: index.k,
    terms: index.items.map((item) => item.terms.map((term, at) => term - (at === 0 ? 0 : (item.terms[at - 1] ?? 0)))),
    categories: index.items.map((item) => [...item.categories]),
    weights: index.items.map((item) => item.weight),
  };
}

export function neighboursFromJson(file: z.infer<typeof neighboursSchema>): NeighbourIndex {
  if (file.terms.length !== file.categories.length || file.terms.length !== file.weights.length) {
    throw new Error('the diagnose model file is damaged (neighbour lists disagree): run npm run build');
  }
  return indexNeighbours(
    file.k,
    file.terms.map((gaps, at) => {
      let term = 0;
      return {
        terms: gaps.map((gap) => {
          term += gap;
          return term;
        }),
        categories: file.categories[at] ?? [],
        weight: file.weights[at] ?? 1,
      };
    }),
  );
}
