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
  /** Per hashed feature, its inverse document frequency over `items`. */
  idf: ReadonlyMap<number, number>;
  /** Per hashed feature, the items holding it. */
  postings: ReadonlyMap<number, readonly number[]>;
  /** Per item, the Euclidean length of its idf-weighted vector. */
  norms: readonly number[];
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

/** The index over items (from training, or read from the model file). */
export function indexNeighbours(k: number, items: readonly NeighbourItem[]): NeighbourIndex {
  const postings = new Map<number, number[]>();
  items.forEach((item, at) => {
    for (const term of item.terms) {
      const list = postings.get(term);
      if (list) list.push(at);
      else postings.set(term, [at]);
    }
  });
  const idf = new Map<number, number>();
  for (const [term, list] of postings) idf.set(term, Math.log(items.length / list.length));
  const norms = items.map((item) => Math.hypot(...item.terms.map((term) => idf.get(term) ?? 0)));
  return { k, items, idf, postings, norms };
}

/** Each category's share of the similarity-weighted vote of the `k` nearest training complaints. */
export function scoreNeighbours(index: NeighbourIndex, input: FeatureVector): Record<CategoryId, number> {
  const query = neighbourTerms(input).filter((term) => index.idf.has(term));
  const queryNorm = Math.hypot(...query.map((term) => index.idf.get(term) ?? 0)) || 1;
  const dots = new Map<number, number>();
  for (const term of query) {
    const weight = index.idf.get(term) ?? 0;
    for (const at of index.postings.get(term) ?? []) dots.set(at, (dots.get(at) ?? 0) + weight * weight);
  }
  const nearest = [...dots]
    .map(([at, dot]) => ({ at, similarity: dot / (queryNorm * (index.norms[at] || 1)) }))
    .sort((a, b) => b.similarity - a.similarity || a.at - b.at)
    .slice(0, index.k);
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
