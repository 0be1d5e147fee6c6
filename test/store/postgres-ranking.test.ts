import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator, type Reader } from '../../src/access.js';
import type { DocumentInput, KnowledgeStore } from '../../src/store/knowledge-store.js';
import { migrations } from '../../src/store/postgres/migrations.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { createSchema, postgresBin, startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { tempDir } from '../helpers/temp.js';
import { doc, principal } from './knowledge-store.suite.js';

const bin = postgresBin();
const author = { reader: operator, author: 'tester' };
const now = '2026-11-25T12:00:00.000Z';

/** Readable documents with headings, access lists, collections, accents and repeated words. */
const documents: DocumentInput[] = [
  doc(
    'refunds',
    '# Refunds\n\n## Window\n\nItems may be returned within 30 days of delivery.\n\n## Method\n\nRefunds go back to the original card.',
    { title: 'Refund policy' },
  ),
  doc('exchanges', 'Exchanges are free within 30 days. Returns of opened items cost a restocking fee.', {
    collection: 'faq',
  }),
  doc('chargebacks', '## Disputes\n\nA chargeback freezes the refund until the bank decides.', {
    acl: ['billing'],
    title: 'Chargebacks',
  }),
  doc('café', 'Le café est fermé le dimanche. Naïve résumé of opening hours, with café prices.', {
    title: 'Café hours',
  }),
  doc('shipping', `Shipping takes five business days. ${'Shipping is tracked. '.repeat(6)}`, { collection: 'faq' }),
  doc('warranty', '## Warranty\n\nThe warranty covers defects for two years; returns of defective items are free.'),
];
const queries = [
  'how long do I have to return an item',
  'refund to my card',
  'chargeback refund',
  'cafe resume',
  'shipping returns defective',
  'refunds refunded refund',
  'what is the',
];
const readers: Reader[] = [operator, principal([]), principal(['billing'])];

describe.skipIf(!bin)(bin ? 'PostgreSQL ranks as SQLite does' : 'PostgreSQL ranking (skipped: no PostgreSQL)', () => {
  let server: TestPostgres;
  const opened: KnowledgeStore[] = [];
  beforeAll(async () => {
    server = await startPostgres(bin as string);
  }, 120_000);
  afterAll(async () => {
    for (const store of opened) await store.close();
    server?.stop();
  });

  /** Every query, as every reader: the passages and their scores, in order. */
  const rankings = async (store: KnowledgeStore) => {
    const results: unknown[] = [];
    for (const text of queries) {
      for (const reader of readers) {
        const hits = await store.searchText({ text, reader, k: 10, at: now });
        results.push({ text, hits: hits.map((hit) => [hit.id, hit.version, hit.chunk, hit.score]) });
      }
    }
    return results;
  };

  const sqliteWith = async (inputs: readonly DocumentInput[]) => {
    const store = openSqliteStore({ path: join(tempDir('seam-rank-'), 'seam.db') });
    opened.push(store);
    await store.putMany(inputs, author);
    return store;
  };

  it('the same passages in the same order with the same BM25 scores, for every reader', async () => {
    const postgres = await openPostgresStore({ url: await createSchema(server.url, 'parity') });
    opened.push(postgres);
    await postgres.putMany(documents, author);
    const expected = await rankings(await sqliteWith(documents));
    expect(await rankings(postgres)).toEqual(expected);
    // Not vacuous: most queries find something.
    const found = expected.filter((entry) => (entry as { hits: unknown[] }).hits.length > 0);
    expect(found.length).toBeGreaterThan(queries.length * 2);
  });

  it('after edits and deletions, the statistics are those of the documents now indexed', async () => {
    const postgres = await openPostgresStore({ url: await createSchema(server.url, 'edited') });
    opened.push(postgres);
    await postgres.putMany(documents, author);
    const edited = doc('exchanges', 'Exchanges are free within 14 days.', { collection: 'faq' });
    await postgres.put(edited, author);
    await postgres.remove('shipping', { reader: operator });
    // A store that only ever held the final documents. (Not SQLite's own edited store: its FTS5 index, being
    // contentless-delete, keeps counting deleted rows in its row count and total length.)
    const final = documents.filter((input) => input.id !== 'shipping' && input.id !== 'exchanges').concat(edited);
    const withoutVersions = (results: unknown[]) => JSON.stringify(results).replace(/\["([^"]*)",\d+,/g, '["$1",');
    expect(withoutVersions(await rankings(postgres))).toEqual(withoutVersions(await rankings(await sqliteWith(final))));
  });

  it('an existing store is upgraded: the chunks written by the old schema are ranked by BM25 after opening', async () => {
    const url = await createSchema(server.url, 'upgraded');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      // The schema and rows as Seam wrote them before migration 4 (ts_rank over a tsvector).
      await client.query(`CREATE TABLE seam_migrations (
        version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      for (const migration of migrations.filter((entry) => entry.version <= 3)) {
        await client.query(migration.sql);
        await client.query('INSERT INTO seam_migrations (version, description) VALUES ($1, $2)', [
          migration.version,
          migration.description,
        ]);
      }
      for (const [index, input] of documents.slice(0, 3).entries()) {
        await client.query(`INSERT INTO seam_documents VALUES ($1, 1, now(), now())`, [input.id]);
        await client.query(
          `INSERT INTO seam_versions (doc_id, version, title, collection, acl, served, subjects, tags, extra, body,
             author, message, created_at, content_hash)
           VALUES ($1, 1, $2, $3, $4, '{(,)}', '[]', '[]', '{}', $5, 'tester', '', now(), $6)`,
          [input.id, input.title, input.collection, input.acl, input.body, `hash-${index}`],
        );
      }
      // Their chunks, as the old writer indexed them (the chunker is unchanged).
      const { chunkMarkdown } = await import('../../src/documents/chunk-markdown.js');
      for (const input of documents.slice(0, 3)) {
        for (const [ordinal, chunk] of chunkMarkdown(input.body).entries()) {
          await client.query(
            `INSERT INTO seam_chunks (doc_id, version, ordinal, heading_path, text, collection, readers, served, tsv)
             VALUES ($1, 1, $2, $3, $4, $5, $6, '{(,)}', to_tsvector('english', $4))`,
            [input.id, ordinal, JSON.stringify(chunk.headingPath), chunk.text, input.collection, input.acl ?? ['*']],
          );
        }
      }
    } finally {
      await client.end();
    }
    const upgraded = await openPostgresStore({ url });
    opened.push(upgraded);
    const sqlite = await sqliteWith(documents.slice(0, 3));
    expect(await rankings(upgraded)).toEqual(await rankings(sqlite));
    // New writes after the upgrade keep the backfilled statistics right.
    await upgraded.put(documents[5] as DocumentInput, author);
    await sqlite.put(documents[5] as DocumentInput, author);
    expect(await rankings(upgraded)).toEqual(await rankings(sqlite));
  });
});
