import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import { ConflictError } from '../../src/errors.js';
import type { KnowledgeStore } from '../../src/store/knowledge-store.js';
import { migrations } from '../../src/store/postgres/migrations.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { createSchema, postgresBin, startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { doc } from './knowledge-store.suite.js';

const bin = postgresBin();
const author = { reader: operator, author: 'tester' };

/** Several processes on one store: each store below has its own connection pool, as a separate process would. */
describe.skipIf(!bin)(
  bin ? 'PostgreSQL: several writers and readers on one store' : 'PostgreSQL concurrency (skipped: no PostgreSQL)',
  () => {
    let server: TestPostgres;
    let counter = 0;
    const opened: KnowledgeStore[] = [];
    beforeAll(async () => {
      server = await startPostgres(bin as string);
    }, 120_000);
    afterAll(async () => {
      await Promise.all(opened.map((store) => store.close()));
      server?.stop();
    });
    const openMany = async (count: number) => {
      const url = await createSchema(server.url, `race_${counter++}`);
      const stores = await Promise.all(Array.from({ length: count }, () => openPostgresStore({ url, poolSize: 2 })));
      opened.push(...stores);
      return stores;
    };

    it('8 writers holding version 1: exactly one wins, seven get conflicts, history stays consistent', async () => {
      const writers = await openMany(8);
      const [first] = writers as [KnowledgeStore];
      await first.put(doc('refunds', 'Window is 30 days.'), author);
      for (let round = 1; round <= 5; round++) {
        const outcomes = await Promise.allSettled(
          writers.map((writer, index) =>
            writer.put(doc('refunds', `Round ${round}: window set by editor${index}.`), {
              reader: operator,
              author: `editor${index}`,
              ifVersion: round,
            }),
          ),
        );
        const won = outcomes.flatMap((outcome, index) => (outcome.status === 'fulfilled' ? [index] : []));
        expect(won).toHaveLength(1);
        for (const outcome of outcomes) {
          if (outcome.status === 'rejected') {
            expect(ConflictError.isInstance(outcome.reason), String(outcome.reason)).toBe(true);
            expect(outcome.reason).toMatchObject({ expectedVersion: round, actualVersion: round + 1 });
          }
        }
        const head = await first.get('refunds', { reader: operator });
        expect(head).toMatchObject({ version: round + 1, author: `editor${won[0]}` });
        expect(head?.body).toBe(`Round ${round}: window set by editor${won[0]}.`);
        const hits = await first.searchText({ text: 'window editor', reader: operator, k: 10, at: '2026-11-25' });
        expect(hits.map((hit) => [hit.version, hit.text])).toEqual([[round + 1, head?.body]]);
      }
      expect((await first.history('refunds', { reader: operator }))?.map((entry) => entry.version)).toEqual([
        1, 2, 3, 4, 5, 6,
      ]);
    });

    it('8 writers creating one document with --if-version 0: one creates it, the rest conflict', async () => {
      const writers = await openMany(8);
      const outcomes = await Promise.allSettled(
        writers.map((writer, index) => writer.put(doc('fresh', `Created by ${index}.`), { ...author, ifVersion: 0 })),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
      expect(refused).toHaveLength(7);
      expect(refused.every((reason) => ConflictError.isInstance(reason))).toBe(true);
      expect(await writers[0]?.history('fresh', { reader: operator })).toHaveLength(1);
    });

    it('8 writers without --if-version: no update is lost, each gets its own version', async () => {
      const writers = await openMany(8);
      await writers[0]?.put(doc('notes', 'Start.'), author);
      const results = await Promise.all(
        writers.map((writer, index) =>
          writer.put(doc('notes', `Note from ${index}.`), { reader: operator, author: `w${index}` }),
        ),
      );
      expect(results.map((result) => result.version).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
      const history = await writers[0]?.history('notes', { reader: operator });
      expect(history?.map((entry) => entry.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(new Set(history?.slice(1).map((entry) => entry.author))).toEqual(
        new Set(writers.map((_, index) => `w${index}`)),
      );
    });

    it('readers never see a half-written version while a writer rewrites a 30-chunk document', async () => {
      const [writer, ...readers] = (await openMany(3)) as [KnowledgeStore, KnowledgeStore, KnowledgeStore];
      const body = (generation: number) =>
        Array.from(
          { length: 30 },
          (_, index) => `## Part ${index}\n\nSectionmarker gen${generation} part ${index}.`,
        ).join('\n\n');
      await writer.put(doc('handbook', body(1)), author);
      let writing = true;
      const checks: number[] = [];
      const read = async (reader: KnowledgeStore) => {
        while (writing) {
          const hits = await reader.searchText({ text: 'sectionmarker', reader: operator, k: 100, at: '2026-11-25' });
          const versions = new Set(hits.map((hit) => hit.version));
          expect(versions.size).toBe(1);
          expect(hits).toHaveLength(30);
          for (const hit of hits) expect(hit.text).toContain(`gen${hit.version} `);
          const head = await reader.get('handbook', { reader: operator });
          expect(head?.body).toBe(body(head?.version ?? 0));
          checks.push(hits.length);
        }
      };
      const writes = (async () => {
        for (let generation = 2; generation <= 15; generation++)
          await writer.put(doc('handbook', body(generation)), author);
        writing = false;
      })();
      await Promise.all([writes, ...readers.map(read)]);
      expect(checks.length).toBeGreaterThan(0);
      expect((await writer.get('handbook', { reader: operator }))?.version).toBe(15);
    });

    it('stores opening a fresh database at once apply each migration exactly once', async () => {
      const stores = await openMany(6);
      const url = await createSchema(server.url, 'migration_check');
      const racing = await Promise.all(Array.from({ length: 6 }, () => openPostgresStore({ url, poolSize: 1 })));
      opened.push(...racing);
      const pg = (await import('pg')).default;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query('SELECT version FROM seam_migrations ORDER BY version');
      await client.end();
      expect(rows.map((row) => row.version)).toEqual(migrations.map((migration) => migration.version));
      expect(stores).toHaveLength(6);
    });
  },
);
