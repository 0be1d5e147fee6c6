import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { postgresBin, startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { runKnowledgeStoreSuite } from './knowledge-store.suite.js';

const bin = postgresBin();

describe.skipIf(!bin)(
  bin ? 'PostgreSQL store' : 'PostgreSQL store (skipped: no PostgreSQL server binaries under /usr/lib/postgresql)',
  () => {
    let server: TestPostgres;
    let counter = 0;
    beforeAll(async () => {
      server = await startPostgres(bin as string);
    }, 120_000);
    afterAll(() => server?.stop());

    runKnowledgeStoreSuite('postgres', async () =>
      openPostgresStore({ url: await createSchema(server.url, `suite_${counter++}`), poolSize: 4 }),
    );
  },
);

/**
 * A fresh, empty store on the test server, as a URL: its own schema, selected with libpq's `options`
 * parameter (much cheaper than a database per test).
 */
export async function createSchema(url: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${name}`);
  } finally {
    await client.end();
  }
  const created = new URL(url);
  created.searchParams.set('options', `-c search_path=${name}`);
  return created.toString();
}
