import type Database from 'better-sqlite3';
import { StoreError } from '../../errors.js';

/** SQLite's `application_id` of a Seam store: `SEAM` in ASCII. */
export const seamApplicationId = 0x5345414d;

/**
 * Whether the file at `path` is a Seam store (`seam`), a new empty database (`empty`), or neither, which is
 * refused before anything is written to it (no tables added, no switch to WAL). Stores written before
 * Seam set `application_id` are recognised by their schema version and tables.
 */
export function storeIdentity(db: Database.Database, path: string): 'seam' | 'empty' {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  if (applicationId === seamApplicationId) return 'seam';
  const userVersion = db.pragma('user_version', { simple: true }) as number;
  const names = (db.prepare('SELECT name FROM sqlite_master').all() as { name: string }[]).map((row) => row.name);
  if (applicationId === 0 && userVersion === 0 && names.length === 0) return 'empty';
  const seamTables = ['documents', 'versions', 'chunks', 'chunks_fts'];
  if (applicationId === 0 && userVersion >= 1 && seamTables.every((name) => names.includes(name))) return 'seam';
  throw new StoreError(
    `${path} is not a Seam store (${applicationId !== 0 ? "another application's database" : 'a database with other tables'}): Seam leaves it untouched; check --db or SEAM_DB`,
    path,
    'not_a_store',
  );
}
