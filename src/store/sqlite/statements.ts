import type Database from 'better-sqlite3';

const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * The prepared statement for `sql` on this connection, prepared once and kept: preparing costs more than
 * running most of the store's statements (a synced page's write runs about twenty). For `run`, `get` and
 * `all` only, never `iterate`: a statement being iterated cannot run again until the iteration ends.
 */
export function statement(db: Database.Database, sql: string): Database.Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let prepared = cache.get(sql);
  if (!prepared) {
    // Texts differ only by how many roles a reader holds, so few are ever made; a bound all the same.
    if (cache.size >= 500) cache.clear();
    prepared = db.prepare(sql);
    cache.set(sql, prepared);
  }
  return prepared;
}
