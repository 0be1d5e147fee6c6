import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import { InputError } from '../../src/errors.js';
import { isStoreUrl, openStore, storeLabel } from '../../src/store/open-store.js';
import { createSchema, postgresBin, startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { tempDir } from '../helpers/temp.js';
import { doc } from './knowledge-store.suite.js';

const bin = postgresBin();
const author = { reader: operator, author: 'tester' };

describe('openStore: one factory for every --db value', () => {
  const cwd = tempDir();

  it('opens a SQLite file for a path, relative to the working directory', async () => {
    const store = await openStore({ location: join('.seam', 'seam.db'), cwd });
    await store.put(doc('a', 'Alpha.'), author);
    await store.close();
    expect(existsSync(join(cwd, '.seam', 'seam.db'))).toBe(true);
  });

  it('refuses a URL it cannot open instead of creating a folder named after its scheme', async () => {
    for (const location of ['mysql://seam@127.0.0.1/seam', 'http://example.com/seam.db']) {
      await expect(openStore({ location, cwd })).rejects.toSatisfy(
        (error: unknown) => InputError.isInstance(error) && error.field === '--db',
      );
    }
    expect(readdirSync(cwd).filter((name) => name.includes(':'))).toEqual([]);
    expect(isStoreUrl('postgres://x@y/z')).toBe(true);
    expect(isStoreUrl('./postgres/seam.db')).toBe(false);
  });

  it('hides a password in the label it gives a store', () => {
    expect(storeLabel('postgres://seam:s3cret@db.internal:5432/seam')).toBe(
      'postgres://seam:***@db.internal:5432/seam',
    );
    expect(storeLabel('/var/lib/seam/seam.db')).toBe('/var/lib/seam/seam.db');
  });
});

describe.skipIf(!bin)(
  bin ? 'openStore with a PostgreSQL URL' : 'openStore with PostgreSQL (skipped: no PostgreSQL)',
  () => {
    let server: TestPostgres;
    const cwd = tempDir();
    beforeAll(async () => {
      server = await startPostgres(bin as string);
    }, 120_000);
    afterAll(() => server?.stop());

    it('opens the PostgreSQL backend for a postgres:// URL and never touches the file system', async () => {
      const url = await createSchema(server.url, 'factory');
      for (const location of [url, url.replace(/^postgres:/, 'postgresql:')]) {
        const store = await openStore({ location, cwd });
        await store.put(doc('a', 'Alpha from the server.'), author);
        expect((await store.get('a', { reader: operator }))?.body).toBe('Alpha from the server.');
        await store.close();
      }
      expect(readdirSync(cwd)).toEqual([]);
    });
  },
);
