import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { operator, type Reader } from '../../src/access.js';
import { PermissionError } from '../../src/errors.js';
import { forget } from '../../src/forget/forget.js';
import { forgottenValues } from '../../src/lineage/forgotten.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { tempDir } from '../helpers/temp.js';
import { doc } from '../store/knowledge-store.suite.js';
import { bytesHolding, customer } from './story.js';

const dir = tempDir('seam-forget-store-');
const write = { reader: operator, author: 'tester' };

describe('forgetSubject on the SQLite store', () => {
  it('leaves no copy in the database, its -wal or its -shm while the store is still open', async () => {
    const path = join(dir, 'open.db');
    const store = openSqliteStore({ path });
    // Enough text to spread over many pages and FTS segments, in several versions.
    const filler = Array.from({ length: 40 }, (_, index) => `## Part ${index}\n\nRoutine text number ${index}.`).join(
      '\n\n',
    );
    await store.put(
      doc('notes', `${filler}\n\nDana Whitfield, dana.whitfield@example.com`, { subjects: [customer.subject] }),
      write,
    );
    for (const days of [30, 21, 14]) {
      await store.put(
        doc('vip', `Refunds within ${days} days.\n\n${filler}\n\nExcept for Ms. Dana Whitfield, (415) 555-0142.`),
        write,
      );
    }
    await store.put(doc('keep', 'Parcel lockers are free.'), write);
    expect(bytesHolding(path).length).toBeGreaterThan(0);

    const receipt = await forget({
      store,
      reader: operator,
      subject: customer.subject,
      values: [customer.email, customer.phone, customer.name],
      dryRun: false,
      now: new Date('2026-11-25T12:00:00Z'),
    });
    expect(receipt.residual).toBe(0);
    expect(receipt.documents_redacted).toEqual([{ id: 'vip', versions: [1, 2, 3] }]);
    expect(existsSync(`${path}-shm`)).toBe(true);
    expect(statSync(`${path}-wal`).size).toBe(0);
    expect(bytesHolding(path)).toEqual([]);
    const at = new Date().toISOString();
    expect((await store.searchText({ text: 'refunds', reader: operator, k: 5, at })).map((hit) => hit.text)).toContain(
      'Refunds within 14 days.',
    );
    expect(await store.searchText({ text: 'whitfield', reader: operator, k: 5, at })).toEqual([]);
    expect((await store.get('keep', { reader: operator }))?.body).toBe('Parcel lockers are free.');
    // What eval's deletion probes can ask: does an answer hold a forgotten value, in any surface form?
    const forgotten = await forgottenValues(store, operator);
    const answer = 'Ask DANA.WHITFIELD@EXAMPLE.COM or 415.555.0142; support@acme.test answers too.';
    expect(forgotten(answer).map((value) => value.text)).toEqual(['DANA.WHITFIELD@EXAMPLE.COM', '415.555.0142']);
    await store.close();
  });

  it("is the operator's alone: a principal is refused before anything is read or changed", async () => {
    const store = openSqliteStore({ path: join(dir, 'permission.db') });
    await store.put(doc('notes', 'Dana Whitfield', { subjects: [customer.subject] }), write);
    const admin: Reader = { kind: 'principal', id: 'root', known: true, roles: ['admin'] };
    await expect(
      store.forgetSubject({
        reader: admin,
        subject: customer.subject,
        redact: () => undefined,
        dryRun: false,
        receipt: 'r',
      }),
    ).rejects.toThrowError(PermissionError);
    await expect(store.lineageSecret({ reader: admin })).rejects.toThrowError(PermissionError);
    await expect(store.listReceipts({ reader: admin })).rejects.toThrowError(PermissionError);
    await expect(store.storageFiles({ reader: admin })).rejects.toThrowError(PermissionError);
    expect((await store.get('notes', { reader: operator }))?.body).toBe('Dana Whitfield');
    await store.close();
  });

  it('a dry run writes nothing: same documents, no receipt, no secret', async () => {
    const path = join(dir, 'dry.db');
    const store = openSqliteStore({ path });
    await store.put(doc('notes', 'About them.', { subjects: [customer.subject] }), write);
    await store.put(doc('vip', 'Call (415) 555-0142.'), write);
    const receipt = await forget({
      store,
      reader: operator,
      subject: customer.subject,
      values: [customer.phone],
      dryRun: true,
      now: new Date('2026-11-25T12:00:00Z'),
    });
    expect(receipt.documents_deleted).toEqual([{ id: 'notes', versions: 1 }]);
    expect(receipt.documents_redacted).toEqual([{ id: 'vip', versions: [1] }]);
    expect((await store.get('notes', { reader: operator }))?.body).toBe('About them.');
    expect((await store.get('vip', { reader: operator }))?.body).toBe('Call (415) 555-0142.');
    expect(await store.listReceipts({ reader: operator })).toEqual([]);
    expect((await store.listDatasets({ reader: operator })).datasets).toEqual([]);
    await store.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare('SELECT count(*) AS n FROM secrets').get()).toEqual({ n: 0 });
    expect(raw.prepare('SELECT count(*) AS n FROM versions WHERE redacted_by IS NOT NULL').get()).toEqual({ n: 0 });
    raw.close();
  });
});
