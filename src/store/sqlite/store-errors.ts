import { SeamError, StoreError } from '../../errors.js';

/**
 * A SQLite failure as a typed Seam error with a message a user can act on; anything else is rethrown as it
 * is (a bug of ours stays an internal error). `waitedMs` is how long SQLite retried a busy database.
 */
export function toStoreError(error: unknown, path: string, waitedMs: number): unknown {
  if (SeamError.isInstance(error)) return error;
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return error;
  const cause = { cause: error };
  const seconds = `${Math.round(waitedMs / 100) / 10} s`;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StoreError(
      `the store at ${path} is busy: another process is writing to it (waited ${seconds}); try again when it is done`,
      path,
      'busy',
      cause,
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new StoreError(
      `the store at ${path} is read-only (file or folder permissions): commands that read still work, this one writes`,
      path,
      'read_only',
      cause,
    );
  }
  if (code === 'SQLITE_NOTADB') {
    return new StoreError(
      `${path} is not a SQLite database, so not a Seam store (check --db or SEAM_DB)`,
      path,
      'not_a_store',
      cause,
    );
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    return new StoreError(
      `the store at ${path} is damaged (SQLite reports corruption): restore it from a backup`,
      path,
      'corrupt',
      cause,
    );
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return new StoreError(`cannot open the store at ${path}: ${(error as Error).message}`, path, 'io', cause);
  }
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_FULL' || code === 'SQLITE_PERM') {
    return new StoreError(`cannot read or write the store at ${path}: ${(error as Error).message}`, path, 'io', cause);
  }
  return error;
}
