import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ConflictError, IoError } from '../../src/errors.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { tempDir } from '../helpers/temp.js';
import { doc, runKnowledgeStoreSuite } from './knowledge-store.suite.js';

const dir = tempDir();
let counter = 0;
runKnowledgeStoreSuite('sqlite', async () => openSqliteStore({ path: join(dir, `suite-${counter++}.db`) }));

describe('SQLite store on disk', () => {
  const author = { author: 'tester' };

  it('leaves no readable copy of a deleted document in the database file or its log', async () => {
    const path = join(dir, 'secure-delete.db');
    const store = openSqliteStore({ path });
    const secret = 'Xylophonicmarmalade';
    const body = Array.from(
      { length: 30 },
      (_, index) => `## Part ${index}\n\n${secret} lives at 12 Quayside Road, part ${index}.`,
    ).join('\n\n');
    await store.put(doc('jane-doe', body, { subjects: ['jane@example.com'] }), author);
    await store.put(doc('jane-doe', `${body}\n\nAmended ${secret}.`), author);
    await store.put(doc('keep', 'A document that stays.'), author);
    const bytesBefore = Buffer.concat([
      readFileSync(path),
      existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`) : Buffer.alloc(0),
    ]);
    expect(bytesBefore.includes(secret)).toBe(true);

    await store.remove('jane-doe');
    const fileBytes = readFileSync(path);
    const walBytes = existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`) : Buffer.alloc(0);
    for (const needle of [secret, secret.toLowerCase(), 'Quayside', 'quayside', 'jane@example.com']) {
      expect(fileBytes.includes(needle), `${needle} in the database file`).toBe(false);
      expect(walBytes.includes(needle), `${needle} in the write-ahead log`).toBe(false);
    }
    expect(
      (await store.searchText({ text: 'stays', access: { roles: [], all: true }, k: 5, at: new Date().toISOString() }))
        .length,
    ).toBe(1);
    await store.close();
  });

  it('refuses a stale --if-version written by another connection to the same file', async () => {
    const path = join(dir, 'two-editors.db');
    const first = openSqliteStore({ path });
    const second = openSqliteStore({ path });
    await first.put(doc('refunds', 'Window is 30 days.'), author);
    const editorA = (await first.get('refunds'))?.version ?? 0;
    const editorB = (await second.get('refunds'))?.version ?? 0;
    await first.put(doc('refunds', 'Window is 14 days.'), { ...author, ifVersion: editorA });
    await expect(second.put(doc('refunds', 'Window is 21 days.'), { ...author, ifVersion: editorB })).rejects.toSatisfy(
      ConflictError.isInstance,
    );
    expect((await second.get('refunds'))?.body).toBe('Window is 14 days.');
    await first.close();
    await second.close();
  });

  it('matches a query of stopwords alone literally', async () => {
    const store = openSqliteStore({ path: join(dir, 'stopwords.db') });
    await store.put(doc('refunds', 'Refunds are issued within 14 days.'), author);
    await store.put(doc('filler', 'What is the thing that you can do for me and how is it to be done?'), author);
    const hits = await store.searchText({
      text: 'what is the',
      access: { roles: [], all: true },
      k: 5,
      at: '2026-11-25',
    });
    expect(hits.map((hit) => hit.id)).toEqual(['filler']);
    await store.close();
  });

  it('persists across reopening', async () => {
    const path = join(dir, 'reopen.db');
    const store = openSqliteStore({ path });
    await store.put(doc('a', 'Persistent words.'), author);
    await store.putPrincipal({ id: 'alice', roles: ['billing'] });
    await store.close();
    const reopened = openSqliteStore({ path });
    expect((await reopened.get('a'))?.body).toBe('Persistent words.');
    expect(await reopened.getPrincipal('alice')).toEqual({ id: 'alice', roles: ['billing'] });
    await reopened.close();
  });

  it('refuses a file that is not a Seam store with an error naming it', () => {
    const path = join(dir, 'not-a-db.db');
    writeFileSync(path, 'this is not sqlite, just text '.repeat(200));
    expect(() => openSqliteStore({ path })).toThrowError(IoError);
    expect(() => openSqliteStore({ path })).toThrowError(path);
  });

  it('upgrades a schema-1 store in place, keeping access lists and effective dates', async () => {
    const path = join(dir, 'schema-1.db');
    const store = openSqliteStore({ path });
    await store.put(doc('public', 'Shipping costs $5.95.'), author);
    await store.put(doc('public', 'Shipping costs $6.95.', { effective_from: '2026-12-01' }), author);
    await store.put(
      doc('secret', 'Shipping disputes go to billing.', { acl: ['billing'], collection: 'internal' }),
      author,
    );
    await store.close();
    const raw = new Database(path);
    for (const column of ['collection', 'readers', 'served_from', 'served_until', 'served_split']) {
      raw.exec(`ALTER TABLE chunks DROP COLUMN ${column}`);
    }
    raw.pragma('user_version = 1');
    raw.close();

    const upgraded = openSqliteStore({ path });
    const search = (roles: string[], at: string, collection?: string) =>
      upgraded.searchText({ text: 'shipping', access: { roles }, k: 5, at, collection });
    expect((await search([], '2026-11-25')).map((hit) => [hit.id, hit.version])).toEqual([['public', 1]]);
    expect((await search([], '2026-12-02')).map((hit) => [hit.id, hit.version])).toEqual([['public', 2]]);
    expect((await search(['billing'], '2026-11-25', 'internal')).map((hit) => hit.id)).toEqual(['secret']);
    await upgraded.close();
    const check = new Database(path);
    expect(check.pragma('user_version', { simple: true })).toBe(2);
    check.close();
  });

  it('refuses a store written by a newer schema', () => {
    const path = join(dir, 'newer.db');
    const raw = new Database(path);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => openSqliteStore({ path })).toThrowError(/newer Seam/);
  });
});
