import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import { InputError, StoreError } from '../../src/errors.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { createSchema, postgresBin, startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { doc, runKnowledgeStoreSuite } from './knowledge-store.suite.js';

const bin = postgresBin();

describe.skipIf(!bin)(
  bin ? 'PostgreSQL store' : 'PostgreSQL store (skipped: no PostgreSQL server binaries under /usr/lib/postgresql)',
  () => {
    // One server for the whole file; every store gets its own schema.
    let server: TestPostgres;
    let counter = 0;
    let lastUrl = '';
    beforeAll(async () => {
      server = await startPostgres(bin as string);
    }, 120_000);
    afterAll(() => server?.stop());

    runKnowledgeStoreSuite(
      'postgres',
      async () => {
        lastUrl = await createSchema(server.url, `suite_${counter++}`);
        return openPostgresStore({ url: lastUrl, poolSize: 4 });
      },
      async () => openPostgresStore({ url: lastUrl, poolSize: 4 }),
    );

    const author = { reader: operator, author: 'tester' };
    const fresh = async () => createSchema(server.url, `own_${counter++}`);
    const sql = async (url: string, text: string, values: unknown[] = []) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query(text, values)).rows;
      } finally {
        await client.end();
      }
    };

    it('deletes the rows and index entries of a removed document and vacuums its tables', async () => {
      const url = await fresh();
      const store = await openPostgresStore({ url });
      const body = Array.from({ length: 12 }, (_, index) => `## Part ${index}\n\nXylophonicmarmalade part ${index}.`);
      await store.put(doc('jane-doe', body.join('\n\n'), { subjects: ['jane@example.com'] }), author);
      await store.put(doc('jane-doe', `${body.join('\n\n')}\n\nAmended.`), author);
      await store.put(doc('keep', 'A document that stays.'), author);
      expect(await store.remove('jane-doe', { reader: operator })).toMatchObject({
        id: 'jane-doe',
        versions: 2,
        chunks: 12,
      });
      await store.close();

      for (const table of ['seam_documents', 'seam_versions', 'seam_chunks']) {
        const column = table === 'seam_documents' ? 'id' : 'doc_id';
        expect(await sql(url, `SELECT 1 FROM ${table} WHERE ${column} = 'jane-doe'`)).toEqual([]);
      }
      // Nothing of the document is left in the BM25 index: no posting, no term count, no length in the totals.
      for (const table of ['seam_postings', 'seam_term_stats']) {
        expect(await sql(url, `SELECT term FROM ${table} WHERE term LIKE 'xylophon%'`)).toEqual([]);
      }
      const totals = await sql(
        url,
        `SELECT (SELECT sum(chunks)::int FROM seam_index_stats) AS counted, (SELECT count(*)::int FROM seam_chunks) AS chunks,
           (SELECT sum(tokens)::int FROM seam_index_stats) = (SELECT sum(tokens)::int FROM seam_chunks) AS tokens_agree`,
      );
      expect(totals).toEqual([{ counted: 1, chunks: 1, tokens_agree: true }]);
      const stats = await sql(
        url,
        `SELECT relname, last_vacuum IS NOT NULL AS vacuumed FROM pg_stat_user_tables
       WHERE relname IN ('seam_documents', 'seam_versions', 'seam_chunks', 'seam_postings', 'seam_term_stats')
         AND schemaname = current_schema()
       ORDER BY relname`,
      );
      expect(stats).toEqual([
        { relname: 'seam_chunks', vacuumed: true },
        { relname: 'seam_documents', vacuumed: true },
        { relname: 'seam_postings', vacuumed: true },
        { relname: 'seam_term_stats', vacuumed: true },
        { relname: 'seam_versions', vacuumed: true },
      ]);
    });

    it('compares instants as timestamps, whatever their offset', async () => {
      const store = await openPostgresStore({ url: await fresh() });
      await store.put(doc('shipping', 'Shipping costs $5.95.'), author);
      await store.put(doc('shipping', 'Shipping costs $6.95.', { effective_from: '2026-12-01' }), author);
      // 01:00 in UTC+2 is 23:00 the day before in UTC: still version 1 (as strings, it would sort after).
      expect((await store.getServed('shipping', { reader: operator, at: '2026-12-01T01:00:00+02:00' }))?.version).toBe(
        1,
      );
      expect((await store.getServed('shipping', { reader: operator, at: '2026-11-30T23:30:00-01:00' }))?.version).toBe(
        2,
      );
      const at = (instant: string) => store.searchText({ text: 'shipping', reader: operator, k: 5, at: instant });
      expect((await at('2026-12-01T01:00:00+02:00')).map((hit) => hit.version)).toEqual([1]);
      await store.close();
    });

    it('refuses text PostgreSQL cannot store with an input error naming the document and field', async () => {
      const store = await openPostgresStore({ url: await fresh() });
      const attempt = store.put(doc('bad', 'a\u0000b', { source: 'kb/bad.md' }), author);
      await expect(attempt).rejects.toSatisfy(
        (error: unknown) => InputError.isInstance(error) && error.file === 'kb/bad.md' && error.field === 'body',
      );
      expect(await store.list({ reader: operator })).toEqual([]);
      await store.close();
    });

    it('reports an unreachable server or a missing database as an I/O error without the password', async () => {
      const port = new URL(server.url).port;
      for (const url of [
        `postgres://seam:hunter2secret@127.0.0.1:${port}/no_such_database`,
        'postgres://seam:hunter2secret@127.0.0.1:1/seam',
      ]) {
        const error = await openPostgresStore({ url }).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(StoreError.isInstance(error), String(error)).toBe(true);
        expect(String((error as Error).message)).not.toContain('hunter2secret');
        expect((error as StoreError).path).toBe(url.replace('hunter2secret', '***'));
        expect((error as StoreError).problem).toBe(url.includes('no_such_database') ? 'missing' : 'io');
      }
    });

    it('opened to read, never creates a store: an empty database is refused as missing and stays empty', async () => {
      const url = await fresh();
      await expect(openPostgresStore({ url, mode: 'read' })).rejects.toSatisfy(
        (error: unknown) => StoreError.isInstance(error) && error.problem === 'missing',
      );
      expect(await sql(url, 'SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = current_schema()')).toEqual([
        { n: 0 },
      ]);
      await (await openPostgresStore({ url })).close();
      const reader = await openPostgresStore({ url, mode: 'read' });
      expect(await reader.list({ reader: operator })).toEqual([]);
      await reader.close();
    });

    it('refuses a database written by a newer schema', async () => {
      const url = await fresh();
      await (await openPostgresStore({ url })).close();
      await sql(url, "INSERT INTO seam_migrations (version, description) VALUES (99, 'from the future')");
      await expect(openPostgresStore({ url })).rejects.toThrowError(/newer Seam \(schema 99/);
    });

    it('keeps its tables in the schema the URL selects, beside a team’s own tables', async () => {
      const url = await fresh();
      await sql(url, 'CREATE TABLE documents (id int)');
      const store = await openPostgresStore({ url });
      await store.put(doc('a', 'Alpha.'), author);
      expect(await sql(url, 'SELECT count(*)::int AS n FROM documents')).toEqual([{ n: 0 }]);
      await store.close();
    });
  },
);
