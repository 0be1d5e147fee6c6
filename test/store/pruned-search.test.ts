import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator, type Reader } from '../../src/access.js';
import type { DocumentInput, Hit, TextQuery } from '../../src/store/knowledge-store.js';
import { firstEssential, nextEssential, prunePlan, wordBound } from '../../src/store/max-score.js';
import { prunedSearch, searchChunks } from '../../src/store/sqlite/search.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { seededRandom } from '../helpers/random.js';
import { tempDir } from '../helpers/temp.js';
import { doc, principal } from './knowledge-store.suite.js';

/**
 * The pruned search must return what the exhaustive one does: the same chunks with the same scores, for
 * any words, reader, date, collection and k. Corpora are generated with a skewed vocabulary (a few words in
 * most chunks, many in few), access lists and effective dates; queries are drawn by fast-check.
 */

const vocabulary = Array.from({ length: 60 }, (_, index) => `w${index}x`);
const roles = ['billing', 'support', 'legal'];
const dates = ['2026-01-01', '2026-06-01', '2027-01-01'];
const collections = ['policy', 'product'];

function corpus(seed: number, documents: number): DocumentInput[] {
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

const key = (hit: Hit) => `${hit.id}@${hit.version}#${hit.chunk}`;

/**
 * Equal top k: the same scores in order, and the same chunks above the k-th score (chunks tied at the k-th
 * score may differ: either is a correct top k).
 */
function expectSameTopK(pruned: Hit[], exhaustive: Hit[]): void {
  expect(pruned.map((hit) => hit.score)).toEqual(exhaustive.map((hit) => hit.score));
  const last = exhaustive[exhaustive.length - 1]?.score;
  const above = (hits: Hit[]) =>
    hits
      .filter((hit) => hit.score !== last)
      .map(key)
      .sort();
  expect(above(pruned)).toEqual(above(exhaustive));
}

const readers: Reader[] = [
  operator,
  principal([], 'public'),
  principal(['billing']),
  principal(['support', 'legal']),
  { kind: 'principal', id: 'stranger', known: false, roles: [] },
];

describe('pruned search (MaxScore over FTS5)', () => {
  const dir = tempDir('seam-pruned-');
  const connections: Database.Database[] = [];

  beforeAll(async () => {
    for (const [seed, documents] of [
      [11, 150],
      [12, 400],
    ] as const) {
      const path = join(dir, `corpus-${seed}.db`);
      const store = openSqliteStore({ path });
      await store.putMany(corpus(seed, documents), { reader: operator, author: 'tester' });
      await store.close();
      connections.push(new Database(path, { readonly: true }));
    }
  });
  afterAll(() => {
    for (const connection of connections) connection.close();
  });

  it('returns the exhaustive top k for any words, reader, date, collection and k', () => {
    let pruned = 0;
    const query = fc.record({
      corpus: fc.integer({ min: 0, max: connections.length - 1 }),
      words: fc.uniqueArray(fc.constantFrom(...vocabulary), { minLength: 2, maxLength: 5 }),
      reader: fc.constantFrom(...readers),
      at: fc.constantFrom('2025-06-01', '2026-03-01', '2026-11-25', '2027-06-01'),
      k: fc.integer({ min: 1, max: 12 }),
      collection: fc.option(fc.constantFrom(...collections), { nil: undefined }),
    });
    fc.assert(
      fc.property(query, (drawn) => {
        const db = connections[drawn.corpus] as Database.Database;
        const request: TextQuery = {
          text: drawn.words.join(' '),
          reader: drawn.reader,
          k: drawn.k,
          at: drawn.at,
          collection: drawn.collection,
        };
        const exhaustive = searchChunks(db, request, { prune: false });
        // The corpora are small: let pruning run whenever it would spare any chunk at all.
        const result = prunedSearch(db, request, { minimumSpared: 1 });
        if (result !== undefined) pruned += 1;
        expectSameTopK(result ?? exhaustive, exhaustive);
        expectSameTopK(searchChunks(db, request), exhaustive);
      }),
      { numRuns: 400, seed: 20 },
    );
    // The property is only worth something if pruning decided a good share of the queries itself.
    expect(pruned).toBeGreaterThan(100);
  });
});

describe('MaxScore bounds', () => {
  it('orders words rarest first and bounds what the rest can add', () => {
    const plan = prunePlan(1000, [500, 10, 100]);
    expect(plan.order).toEqual([1, 2, 0]);
    expect(plan.restBound[3]).toBe(0);
    expect(plan.restBound[2]).toBeCloseTo(wordBound(1000, 500));
    expect(plan.restBound[1]).toBeCloseTo(wordBound(1000, 500) + wordBound(1000, 100));
    expect(wordBound(1000, 10)).toBeGreaterThan(wordBound(1000, 100));
  });

  it('stops once the k-th score beats every other chunk, and jumps to the first split it beats', () => {
    const plan = prunePlan(1000, [10, 100, 500]);
    const [, afterOne = 0, afterTwo = 0] = plan.restBound;
    expect(nextEssential(plan, 1, afterOne + 0.01)).toBeUndefined();
    expect(nextEssential(plan, 1, (afterOne + afterTwo) / 2)).toBe(2);
    expect(nextEssential(plan, 1, afterTwo / 2)).toBe(3);
    expect(nextEssential(plan, 1, undefined)).toBe(2);
    expect(nextEssential(plan, 3, undefined)).toBeUndefined();
  });

  it('starts pruning only where the rest could add less than the rarest word', () => {
    // One rare word and two very common ones: the common words together bound below the rare one.
    expect(firstEssential(prunePlan(100_000, [50, 60_000, 40_000]))).toBe(1);
    // Three words of similar rarity: keep two essential, so the rest is a single word.
    expect(firstEssential(prunePlan(100_000, [9_000, 10_000, 11_000]))).toBe(2);
    // Two equally rare words: no split is lopsided enough.
    expect(firstEssential(prunePlan(100_000, [10_000, 10_000]))).toBeUndefined();
  });
});
