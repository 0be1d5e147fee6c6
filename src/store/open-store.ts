import { resolve } from 'node:path';
import { InputError } from '../errors.js';
import type { KnowledgeStore } from './knowledge-store.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';

export interface OpenStoreOptions {
  /**
   * Where the store is: a `postgres://` (or `postgresql://`) URL selects the PostgreSQL backend; anything
   * else is the path of a SQLite file, resolved against `cwd`. Any other `scheme://` is refused, never
   * taken for a folder name.
   */
  location: string;
  cwd?: string | undefined;
  /** The clock used for `created_at`; injectable for tests. */
  now?: (() => Date) | undefined;
  /**
   * `read`: never create or upgrade a store (a SQLite file is opened read-only, see `SqliteStoreOptions.mode`;
   * a PostgreSQL database must already hold a current Seam schema); default `write`.
   */
  mode?: 'read' | 'write' | undefined;
  /** How long to wait for another process holding a SQLite store (default 5 s). */
  waitMs?: number | undefined;
  /**
   * For a server: a SQLite store reads on a pool of worker threads and writes on one writer thread, so no
   * SQLite call runs on the event loop (`sqlite/pooled-store.ts`). PostgreSQL has its own connection pool
   * and ignores this. Not with `mode: 'read'`.
   */
  pool?: { readThreads?: number | undefined } | undefined;
}

const postgresUrl = /^postgres(ql)?:\/\//i;
const anyUrl = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Whether a `--db` value names a server rather than a file. */
export function isStoreUrl(location: string): boolean {
  return anyUrl.test(location);
}

/** Open the store a `--db` / `SEAM_DB` value names. The PostgreSQL driver is loaded only when used. */
export async function openStore(options: OpenStoreOptions): Promise<KnowledgeStore> {
  const { location } = options;
  if (postgresUrl.test(location)) {
    const { openPostgresStore } = await import('./postgres/postgres-store.js');
    return openPostgresStore({ url: location, mode: options.mode, ...(options.now ? { now: options.now } : {}) });
  }
  if (anyUrl.test(location)) {
    const scheme = location.slice(0, location.indexOf(':'));
    throw new InputError(`'${scheme}://' is not a store Seam can open; use a file path or a postgres:// URL`, {
      field: '--db',
    });
  }
  const path = resolve(options.cwd ?? process.cwd(), location);
  if (options.pool && options.mode !== 'read') {
    const { openPooledSqliteStore } = await import('./sqlite/pooled-store.js');
    return openPooledSqliteStore({ path, waitMs: options.waitMs, now: options.now, ...options.pool });
  }
  return openSqliteStore({
    path,
    mode: options.mode,
    waitMs: options.waitMs,
    ...(options.now ? { now: options.now } : {}),
  });
}

/** A store location fit for messages: a URL's password replaced by `***`. */
export { redactUrl as storeLabel } from './postgres/postgres-errors.js';
