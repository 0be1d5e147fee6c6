import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import { StoreError } from '../../src/errors.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { seam } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { doc } from './knowledge-store.suite.js';

/** The store faults a new user hit (issue 9): reads that create or alter stores, busy writers, rm that cannot purge. */

const dir = tempDir('seam-faults-');
const author = { reader: operator, author: 'tester' };
const isRoot = process.getuid?.() === 0;

async function storeWith(name: string, body = 'Lockers are free for members.'): Promise<string> {
  const path = join(dir, name);
  const store = openSqliteStore({ path });
  await store.put(doc('lockers', body), author);
  await store.close();
  return path;
}

describe('reads never create or modify a store', () => {
  it('a missing store is exit 2 naming the path, and no file appears', async () => {
    const path = join(dir, 'typo', 'seam.db');
    for (const args of [
      ['kb', 'list'],
      ['kb', 'search', 'refund'],
      ['ask', 'What is the refund window?'],
    ]) {
      const result = await seam(args, { db: path });
      expect([result.code, result.stderr], args.join(' ')).toEqual([2, expect.stringContaining(`no store at ${path}`)]);
    }
    expect(existsSync(join(dir, 'typo'))).toBe(false);
  });

  it("refuses another application's SQLite file, leaving it byte for byte as it was (no tables, no WAL)", async () => {
    const path = join(dir, 'other-app.db');
    const other = new Database(path);
    other.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('mine')");
    other.close();
    const before = readFileSync(path);
    for (const args of [
      ['kb', 'list'],
      ['kb', 'import', join(dir, 'nothing.md')],
      ['principal', 'add', 'a', '--roles', 'x'],
    ]) {
      writeFileSync(join(dir, 'nothing.md'), '# Nothing\n\nA document.');
      const result = await seam(args, { db: path });
      expect([result.code, result.stderr], args.join(' ')).toEqual([
        2,
        expect.stringContaining(`${path} is not a Seam store`),
      ]);
    }
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('marks its stores with application_id and reads a read-only store', async () => {
    const path = await storeWith('read-only.db');
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('application_id', { simple: true })).toBe(0x5345414d);
    raw.close();
    chmodSync(path, 0o444);
    const modified = statSync(path).mtimeMs;
    const shown = await seam(['kb', 'show', 'lockers'], { db: path });
    expect([shown.code, shown.stdout]).toEqual([0, expect.stringContaining('Lockers are free')]);
    expect((await seam(['kb', 'search', 'lockers', '--json'], { db: path })).json()).toMatchObject({
      hits: [{ id: 'lockers' }],
    });
    expect(statSync(path).mtimeMs).toBe(modified);
    if (!isRoot) {
      // Root writes through permissions, so only an ordinary user sees the refusal.
      writeFileSync(join(dir, 'new.md'), '# New\n\nAnother document.');
      const put = await seam(['kb', 'put', join(dir, 'new.md')], { db: path });
      expect([put.code, put.stderr]).toEqual([2, expect.stringContaining('is read-only')]);
    }
    chmodSync(path, 0o644);
    // Whoever runs the test (root writes through file modes): a store opened to read refuses writes, typed.
    const readOnly = openSqliteStore({ path, mode: 'read' });
    await expect(readOnly.put(doc('other', 'Text.'), author)).rejects.toSatisfy(
      (error: unknown) => StoreError.isInstance(error) && error.problem === 'read_only',
    );
    await readOnly.close();
  });
});

describe('busy and locked stores', () => {
  it('kb put while another writer holds the lock waits, then says so: no internal error, no stack', async () => {
    const path = await storeWith('busy.db');
    const writer = new Database(path);
    writer.exec('BEGIN IMMEDIATE');
    writeFileSync(join(dir, 'edit.md'), '---\nid: lockers\n---\n# Lockers\n\nLockers cost $2.');
    const result = await seam(['kb', 'put', join(dir, 'edit.md')], { db: path, env: { SEAM_WAIT_MS: '100' } });
    writer.exec('ROLLBACK');
    writer.close();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: the store at ${path} is busy: another process is writing to it`);
    expect(result.stderr).not.toMatch(/internal error|SqliteError|\n\s+at /);
    const json = await (async () => {
      const locker = new Database(path);
      locker.exec('BEGIN IMMEDIATE');
      const attempt = await seam(['kb', 'put', join(dir, 'edit.md'), '--json'], {
        db: path,
        env: { SEAM_WAIT_MS: '50' },
      });
      locker.exec('ROLLBACK');
      locker.close();
      return attempt.json() as { error: { code: string; problem: string } };
    })();
    expect(json.error).toMatchObject({ code: 'store', problem: 'busy' });
  });

  it('a damaged store is a typed error, not a crash', async () => {
    const path = await storeWith('damaged.db');
    const bytes = readFileSync(path);
    bytes.fill(0x41, 4096, bytes.length);
    writeFileSync(path, bytes);
    const result = await seam(['kb', 'search', 'lockers'], { db: path });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/error: .*(damaged|not a Seam store|not a SQLite database)/);
    expect(result.stderr).not.toContain('internal error');
  });
});

describe('kb rm while another process reads', () => {
  it('waits a bounded time, then exits non-zero saying where the text remains and why', async () => {
    const secret = 'Quillfeathered-orchid-password lives here';
    const path = await storeWith('rm-busy.db', `${secret}.\n\nAnother line of the private note here.`);
    const reader = new Database(path, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM versions').get();
    const result = await seam(['kb', 'rm', 'lockers'], { db: path, env: { SEAM_WAIT_MS: '150' } });
    expect(result.code).toBe(2);
    expect(result.stdout).not.toContain('deleted');
    expect(result.stderr).toContain("'lockers' is deleted from the store, but its text is still on disk in");
    expect(result.stderr).toContain('another process has the store open in a read');
    reader.exec('COMMIT');
    reader.close();
  });

  it('purges once the reader lets go within the wait, and says deleted only then', async () => {
    const secret = 'Marblewing-lantern-secret stays private';
    const path = await storeWith('rm-wait.db', `${secret}.`);
    const reader = new Database(path, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM versions').get();
    setTimeout(() => {
      reader.exec('COMMIT');
      reader.close();
    }, 100);
    const result = await seam(['kb', 'rm', 'lockers', '--if-version', '1'], {
      db: path,
      env: { SEAM_WAIT_MS: '3000' },
    });
    expect([result.code, result.stdout]).toEqual([0, expect.stringContaining('deleted lockers')]);
    for (const file of [path, `${path}-wal`].filter((name) => existsSync(name))) {
      expect(readFileSync(file).includes('Marblewing'), file).toBe(false);
    }
  });

  it('--if-version refuses a stale version and deletes nothing', async () => {
    const path = await storeWith('rm-stale.db');
    const result = await seam(['kb', 'rm', 'lockers', '--if-version', '3'], { db: path });
    expect([result.code, result.stderr]).toEqual([2, expect.stringContaining("conflict: 'lockers' is at version 1")]);
    expect((await seam(['kb', 'show', 'lockers'], { db: path })).code).toBe(0);
  });
});

describe('StoreError', () => {
  it('isInstance tells a store error from any other', () => {
    expect(StoreError.isInstance(new StoreError('x', '/p', 'busy'))).toBe(true);
    expect(StoreError.isInstance(new Error('x'))).toBe(false);
  });
});
