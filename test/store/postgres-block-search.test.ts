import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeAcl } from '../../src/access.js';
import { instantKey } from '../../src/documents/parse-document.js';
import { queryIndexTerms } from '../../src/store/bm25-terms.js';
import { type RankedRow, rankWithBlocks } from '../../src/store/postgres/block-search.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { grantsOf } from '../../src/store/postgres/rows.js';
import { rankChunks } from '../../src/store/postgres/search.js';
import { createSchema, postgresBin, startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { churnedCorpus, collections, readers, vocabulary } from '../helpers/posting-corpus.js';

/**
 * PostgreSQL's search over its posting blocks must return what the exhaustive SQL ranking does: the same
 * chunks with the same scores, for any words, reader, date, collection and k, after imports, edits, reverts
 * and deletes. The two compute BM25 in different orders (SQL sums a chunk's terms in any order), so scores
 * are compared to 1e-9 relative, and chunks tied at the k-th score may differ.
 */

const bin = postgresBin();

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));

/** Equal top k: scores equal in order, and the same chunks above the k-th score. */
function expectSameTopK(blocks: RankedRow[], exhaustive: RankedRow[]): void {
  expect(blocks.length).toBe(exhaustive.length);
  blocks.forEach((row, index) => {
    const expected = exhaustive[index] as RankedRow;
    if (!close(row.score, expected.score)) expect(row.score).toBe(expected.score);
  });
  const last = exhaustive[exhaustive.length - 1]?.score ?? 0;
  const above = (rows: RankedRow[]) =>
    rows
      .filter((row) => !close(row.score, last))
      .map((row) => row.chunk_id)
      .sort();
  expect(above(blocks)).toEqual(above(exhaustive));
}

describe.skipIf(!bin)(
  bin
    ? 'PostgreSQL search over posting blocks against the SQL ranking'
    : 'PostgreSQL block search (skipped: no PostgreSQL)',
  () => {
    let server: TestPostgres;
    const clients: pg.Client[] = [];

    beforeAll(async () => {
      server = await startPostgres(bin as string);
      for (const [seed, documents] of [
        [11, 150],
        [12, 400],
      ] as const) {
        const url = await createSchema(server.url, `blocks_${seed}`);
        const store = await openPostgresStore({ url });
        await churnedCorpus(store, seed, documents);
        await store.close();
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        clients.push(client);
      }
    }, 300_000);
    afterAll(async () => {
      for (const client of clients) await client.end();
      server?.stop();
    });

    it('returns the exhaustive top k for any words, reader, date, collection and k', async () => {
      let compared = 0;
      let decided = 0;
      const query = fc.record({
        corpus: fc.integer({ min: 0, max: 1 }),
        words: fc.uniqueArray(fc.constantFrom(...vocabulary, 'absentword'), { minLength: 1, maxLength: 5 }),
        reader: fc.constantFrom(...readers),
        at: fc.constantFrom('2025-06-01', '2026-03-01', '2026-11-25', '2027-06-01'),
        k: fc.integer({ min: 1, max: 12 }),
        collection: fc.option(fc.constantFrom(...collections), { nil: undefined }),
      });
      await fc.assert(
        fc.asyncProperty(query, async (drawn) => {
          const client = clients[drawn.corpus] as pg.Client;
          const request = {
            text: drawn.words.join(' '),
            roles: drawn.reader.kind === 'operator' ? null : (normalizeAcl(drawn.reader.roles) ?? []),
            k: drawn.k,
            at: instantKey(drawn.at),
            collection: drawn.collection,
          };
          const exhaustive = await rankChunks(client, request, 'sql');
          if (exhaustive.length > 0) compared += 1;
          expectSameTopK(await rankChunks(client, request, 'blocks'), exhaustive);
          // How often the blocks decide alone (not falling back to the SQL ranking).
          const alone = await rankWithBlocks(client, {
            terms: queryIndexTerms(drawn.words),
            grants: grantsOf(request.roles),
            collection: request.collection ?? null,
            at: request.at,
            k: request.k,
          });
          if (alone !== undefined) decided += 1;
        }),
        { numRuns: 300, seed: 20 },
      );
      // The property is only worth something if most queries found something to rank, and the blocks decided
      // most of them alone (the rest: a reader allowed under a tenth of the scopes, or dates excluding many).
      expect(compared).toBeGreaterThan(150);
      expect(decided).toBeGreaterThan(150);
    }, 300_000);
  },
);
