import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { operator, type Reader, readerFor } from '../../src/access.js';
import { ConflictError, StoreError } from '../../src/errors.js';
import { seamApplicationId } from '../../src/store/sqlite/identity.js';
import { schemaVersion } from '../../src/store/sqlite/schema.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { tempDir } from '../helpers/temp.js';
import { doc, principal, runKnowledgeStoreSuite } from './knowledge-store.suite.js';
import { writeLegacyStore } from './legacy-store.js';

const dir = tempDir();
let counter = 0;
runKnowledgeStoreSuite(
  'sqlite',
  async () => openSqliteStore({ path: join(dir, `suite-${++counter}.db`) }),
  async () => openSqliteStore({ path: join(dir, `suite-${counter}.db`) }),
);

describe('SQLite store on disk', () => {
  const author = { reader: operator, author: 'tester' };

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

    await store.remove('jane-doe', { reader: operator });
    const fileBytes = readFileSync(path);
    const walBytes = existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`) : Buffer.alloc(0);
    for (const needle of [secret, secret.toLowerCase(), 'Quayside', 'quayside', 'jane@example.com']) {
      expect(fileBytes.includes(needle), `${needle} in the database file`).toBe(false);
      expect(walBytes.includes(needle), `${needle} in the write-ahead log`).toBe(false);
    }
    expect(
      (await store.searchText({ text: 'stays', reader: operator, k: 5, at: new Date().toISOString() })).length,
    ).toBe(1);
    await store.close();
  });

  it('refuses a stale --if-version written by another connection to the same file', async () => {
    const path = join(dir, 'two-editors.db');
    const first = openSqliteStore({ path });
    const second = openSqliteStore({ path });
    await first.put(doc('refunds', 'Window is 30 days.'), author);
    const editorA = (await first.get('refunds', { reader: operator }))?.version ?? 0;
    const editorB = (await second.get('refunds', { reader: operator }))?.version ?? 0;
    await first.put(doc('refunds', 'Window is 14 days.'), { ...author, ifVersion: editorA });
    await expect(second.put(doc('refunds', 'Window is 21 days.'), { ...author, ifVersion: editorB })).rejects.toSatisfy(
      ConflictError.isInstance,
    );
    expect((await second.get('refunds', { reader: operator }))?.body).toBe('Window is 14 days.');
    await first.close();
    await second.close();
  });

  it('matches a query of stopwords alone literally', async () => {
    const store = openSqliteStore({ path: join(dir, 'stopwords.db') });
    await store.put(doc('refunds', 'Refunds are issued within 14 days.'), author);
    await store.put(doc('filler', 'What is the thing that you can do for me and how is it to be done?'), author);
    const hits = await store.searchText({
      text: 'what is the',
      reader: operator,
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
    expect((await reopened.get('a', { reader: operator }))?.body).toBe('Persistent words.');
    expect(await reopened.getPrincipal('alice')).toEqual({ id: 'alice', roles: ['billing'] });
    await reopened.close();
  });

  it('refuses a file that is not a Seam store with an error naming it', () => {
    const path = join(dir, 'not-a-db.db');
    writeFileSync(path, 'this is not sqlite, just text '.repeat(200));
    expect(() => openSqliteStore({ path })).toThrowError(StoreError);
    expect(() => openSqliteStore({ path })).toThrowError(`${path} is not a SQLite database, so not a Seam store`);
  });

  it('upgrades a schema-1 store in place, keeping access lists and effective dates', async () => {
    const path = join(dir, 'schema-1.db');
    writeLegacyStore({
      path,
      schema: 1,
      versions: [
        { id: 'public', acl: null, body: 'Shipping costs $5.95.' },
        { id: 'public', acl: null, body: 'Shipping costs $6.95.', effective_from: '2026-12-01' },
        { id: 'secret', acl: ['billing'], body: 'Shipping disputes go to billing.', collection: 'internal' },
      ],
    });
    const upgraded = openSqliteStore({ path });
    const search = (roles: string[], at: string, collection?: string) =>
      upgraded.searchText({ text: 'shipping', reader: principal(roles), k: 5, at, collection });
    expect((await search([], '2026-11-25')).map((hit) => [hit.id, hit.version])).toEqual([['public', 1]]);
    expect((await search([], '2026-12-02')).map((hit) => [hit.id, hit.version])).toEqual([['public', 2]]);
    expect((await search(['billing'], '2026-11-25', 'internal')).map((hit) => hit.id)).toEqual(['secret']);
    expect(await search(['billing'], '2026-11-25', 'policy')).toHaveLength(1);
    await upgraded.close();
    const check = new Database(path);
    expect(check.pragma('user_version', { simple: true })).toBe(schemaVersion);
    check.close();
  });

  it('upgrades a schema-2 store: role names in lower case, and acl [] readable by no principal', async () => {
    const path = join(dir, 'schema-2.db');
    writeLegacyStore({
      path,
      schema: 2,
      versions: [
        { id: 'public', acl: null, body: 'Parcel lockers are free.' },
        { id: 'hr-policy', acl: ['HR'], body: 'Parcel allowance for staff.' },
        { id: 'nobody', acl: [], body: 'Parcel audit notes.' },
      ],
      principals: [{ id: 'hana', roles: ['HR'] }],
    });
    const raw = new Database(path);
    // What the schema-2 search did: `acl: []` (readers NULL) was read as everyone.
    const legacy = raw
      .prepare("SELECT c.doc_id FROM chunks c WHERE c.readers IS NULL OR instr(c.readers, ',support,') > 0")
      .all();
    expect(legacy).toContainEqual({ doc_id: 'nobody' });
    raw.close();

    const upgraded = openSqliteStore({ path });
    const hana = await readerFor(upgraded, 'hana');
    expect(hana).toMatchObject({ known: true, roles: ['hr'] });
    const ids = async (reader: Reader) =>
      (await upgraded.searchText({ text: 'parcel', reader, k: 5, at: '2026-11-25' })).map((hit) => hit.id).sort();
    expect(await ids(hana)).toEqual(['hr-policy', 'public']);
    expect(await ids(principal(['support']))).toEqual(['public']);
    expect(await ids(operator)).toEqual(['hr-policy', 'nobody', 'public']);
    expect((await upgraded.get('hr-policy', { reader: hana }))?.acl).toEqual(['hr']);
    expect(await upgraded.get('nobody', { reader: hana })).toBeUndefined();
    expect((await upgraded.list({ reader: hana })).map((summary) => summary.id)).toEqual(['hr-policy', 'public']);
    // The content hash follows the normalized acl: re-putting the same document makes no version.
    const again = await upgraded.put(doc('hr-policy', 'Parcel allowance for staff.', { acl: ['HR'] }), author);
    expect(again.status).toBe('unchanged');
    await upgraded.close();
  });

  it('refuses a store written by a newer schema', () => {
    const path = join(dir, 'newer.db');
    const raw = new Database(path);
    raw.pragma('user_version = 99');
    raw.pragma(`application_id = ${seamApplicationId}`);
    raw.close();
    expect(() => openSqliteStore({ path })).toThrowError(/newer Seam/);
  });
});
