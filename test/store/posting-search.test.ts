import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hit, TextQuery } from '../../src/store/knowledge-store.js';
import { rebuildFullText } from '../../src/store/sqlite/indexing.js';
import { indexTotals } from '../../src/store/sqlite/posting-search.js';
import { searchChunks } from '../../src/store/sqlite/search.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { ftsTotals } from '../../src/store/sqlite/word-stats.js';
import { churnedCorpus, collections, readers, vocabulary } from '../helpers/posting-corpus.js';
import { tempDir } from '../helpers/temp.js';

/**
 * The search over the store's own posting lists must return what FTS5's exhaustive ranking does: the same
 * chunks with the same scores, for any words, reader, date, collection and k, after any edits. Corpora are generated with a skewed vocabulary (a few words in
 * most chunks, many in few), access lists and effective dates; queries are drawn by fast-check.
 */

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

describe('search over the posting lists against FTS5', () => {
  const dir = tempDir('seam-pruned-');
  const connections: Database.Database[] = [];

  beforeAll(async () => {
    for (const [seed, documents] of [
      [11, 150],
      [12, 400],
    ] as const) {
      const path = join(dir, `corpus-${seed}.db`);
      const store = openSqliteStore({ path });
      await churnedCorpus(store, seed, documents);
      await store.close();
      // FTS5's own N and average length never come down on a delete (its contentless-delete table keeps
      // counting every row ever indexed), while the posting lists' do (schema 12). The reference is FTS5
      // as a fresh index of the same chunks ranks them: rebuilt, so it counts only the chunks indexed now.
      const rebuilt = new Database(path);
      const kept = indexTotals(rebuilt);
      expect(ftsTotals(rebuilt)?.rows).toBeGreaterThan(kept?.rows ?? 0);
      rebuildFullText(rebuilt);
      expect(ftsTotals(rebuilt)).toEqual(kept);
      rebuilt.close();
      connections.push(new Database(path, { readonly: true }));
    }
  });
  afterAll(() => {
    for (const connection of connections) connection.close();
  });

  it('returns the exhaustive top k for any words, reader, date, collection and k', () => {
    let compared = 0;
    const query = fc.record({
      corpus: fc.integer({ min: 0, max: connections.length - 1 }),
      words: fc.uniqueArray(fc.constantFrom(...vocabulary, 'absentword'), { minLength: 1, maxLength: 5 }),
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
        if (exhaustive.length > 0) compared += 1;
        expectSameTopK(searchChunks(db, request), exhaustive);
      }),
      { numRuns: 400, seed: 20 },
    );
    // The property is only worth something if most queries found something to rank.
    expect(compared).toBeGreaterThan(200);
  });
});
