import Database from 'better-sqlite3';
import { storeIdentity } from './identity.js';
import { toStoreError } from './store-errors.js';

/**
 * Whether the store file answers a read now (a readiness check): a fresh read-only connection that reads
 * the header, the schema and a table's first page, then closes. It never waits: another connection
 * holding a lock makes the store busy, not unreachable, so `SQLITE_BUSY` counts as an answer. A file that
 * is gone, is not a database or cannot be read throws a `StoreError`.
 */
export function probeSqliteFile(path: string): void {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, timeout: 0 });
    storeIdentity(db, path);
    db.prepare('SELECT 1 FROM documents LIMIT 1').get();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) return;
    throw toStoreError(error, path, 0);
  } finally {
    db?.close();
  }
}
