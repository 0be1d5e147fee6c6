import { operator, type Reader } from '../../src/access.js';
import type { DocumentInput, KnowledgeStore } from '../../src/store/knowledge-store.js';
import { doc, principal } from '../store/knowledge-store.suite.js';
import { seededRandom } from './random.js';

/**
 * Generated corpora for checking a search over posting lists against an exhaustive ranking: a skewed
 * vocabulary (a few words in most chunks, many in few), access lists, collections and effective dates.
 */

export const vocabulary = Array.from({ length: 60 }, (_, index) => `w${index}x`);
export const roles = ['billing', 'support', 'legal'];
export const dates = ['2026-01-01', '2026-06-01', '2027-01-01'];
export const collections = ['policy', 'product'];

/** The readers a ranking property is checked for: everything, public only, one role, two roles, unknown. */
export const readers: Reader[] = [
  operator,
  principal([], 'public'),
  principal(['billing']),
  principal(['support', 'legal']),
  { kind: 'principal', id: 'stranger', known: false, roles: [] },
];

export function corpus(seed: number, documents: number): DocumentInput[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  // Skewed: word i is drawn with weight 1 / (i + 1), so w0x is in most chunks and w59x in few.
  const weights = vocabulary.map((_, index) => 1 / (index + 1));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const word = () => {
    let target = random() * total;
    for (const [index, weight] of weights.entries()) {
      target -= weight;
      if (target <= 0) return vocabulary[index] as string;
    }
    return vocabulary[0] as string;
  };
  const words = (count: number) => Array.from({ length: count }, word).join(' ');
  return Array.from({ length: documents }, (_, index) => {
    const sections = Array.from(
      { length: 1 + Math.floor(random() * 4) },
      () => `## ${words(2)}\n\n${words(5 + Math.floor(random() * 40))}.`,
    );
    const from = random() < 0.2 ? pick(dates) : null;
    const until = random() < 0.15 ? pick(dates) : null;
    return doc(`doc-${seed}-${index}`, sections.join('\n\n'), {
      title: words(1 + Math.floor(random() * 3)),
      collection: pick(collections),
      acl: random() < 0.3 ? [pick(roles), ...(random() < 0.3 ? [pick(roles)] : [])] : null,
      // An end before the start would be refused: keep them ordered.
      effective_from: from !== null && until !== null && from >= until ? null : from,
      effective_until: until,
    });
  });
}

/**
 * Import `corpus(seed, documents)` into a store, then edit, revert or delete a fifth of its documents at
 * random (seeded): those writes rewrite posting blocks in the middle of their lists.
 */
export async function churnedCorpus(store: KnowledgeStore, seed: number, documents: number): Promise<void> {
  const inputs = corpus(seed, documents);
  await store.putMany(inputs, { reader: operator, author: 'tester' });
  const random = seededRandom(seed + 100);
  const edited = corpus(seed + 1000, documents);
  for (let index = 0; index < documents / 5; index++) {
    const target = Math.floor(random() * documents);
    const input = inputs[target] as DocumentInput;
    const action = random();
    if (action < 0.6)
      await store.put({ ...(edited[target] as DocumentInput), id: input.id }, { reader: operator, author: 'tester' });
    else if (action < 0.8)
      await store.revert(input.id, 1, { reader: operator, author: 'tester' }).catch(() => undefined);
    else await store.remove(input.id, { reader: operator });
  }
}
