import type Database from 'better-sqlite3';
import { operator } from '../../access.js';
import type { SyncedWrite, SyncedWriteResult, SyncMethods, SyncRecord, SyncSourceState } from '../sync-store.js';
import { putOne } from './write.js';

/**
 * Schema step 7 (`seam sync`): `sync_documents`, one row per synced document (no foreign key: a row
 * outlives its document when someone removes it in Seam, so the next sync knows not to bring it back), and
 * `sync_sources`, each source's cursor and last run as JSON.
 */
export const syncSchemaSql = `
CREATE TABLE IF NOT EXISTS sync_documents (
  doc_id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  upstream_id TEXT NOT NULL,
  url TEXT,
  upstream_updated_at TEXT,
  synced_at TEXT NOT NULL,
  synced_version INTEGER NOT NULL,
  upstream_hash TEXT NOT NULL,
  etag TEXT,
  last_modified TEXT,
  state TEXT NOT NULL,
  held TEXT,
  conflict TEXT
);
CREATE INDEX IF NOT EXISTS sync_documents_source ON sync_documents(source, upstream_id);
CREATE TABLE IF NOT EXISTS sync_sources (
  name TEXT PRIMARY KEY,
  state TEXT NOT NULL
);
`;

type Row = Omit<SyncRecord, 'held' | 'conflict'> & { held: string | null; conflict: string | null };

/** The sync tables of one SQLite store (the caller checks the reader is the operator; `writeSynced` is the store's). */
export function createSqliteSyncTables(db: () => Database.Database): Omit<SyncMethods, 'writeSynced'> {
  return {
    async syncRecords(options) {
      const rows = (
        options.source === undefined
          ? db().prepare('SELECT * FROM sync_documents ORDER BY doc_id').all()
          : db().prepare('SELECT * FROM sync_documents WHERE source = ? ORDER BY doc_id').all(options.source)
      ) as Row[];
      return rows.map((row) => ({
        ...row,
        held: row.held === null ? null : JSON.parse(row.held),
        conflict: row.conflict === null ? null : JSON.parse(row.conflict),
      }));
    },
    async putSyncRecords(records) {
      db().transaction(() => insertRecords(db(), records))();
    },
    async removeSyncRecords(docIds) {
      const remove = db().prepare('DELETE FROM sync_documents WHERE doc_id = ?');
      db().transaction(() => {
        for (const id of docIds) remove.run(id);
      })();
    },
    async syncSources() {
      const rows = db().prepare('SELECT state FROM sync_sources ORDER BY name').all() as { state: string }[];
      return rows.map((row) => JSON.parse(row.state) as SyncSourceState);
    },
    async putSyncSource(state) {
      db()
        .prepare('INSERT OR REPLACE INTO sync_sources (name, state) VALUES (?, ?)')
        .run(state.name, JSON.stringify(state));
    },
  };
}

function insertRecords(db: Database.Database, records: readonly SyncRecord[]): void {
  const insert = db.prepare(
    `INSERT OR REPLACE INTO sync_documents (doc_id, source, upstream_id, url, upstream_updated_at, synced_at,
       synced_version, upstream_hash, etag, last_modified, state, held, conflict)
     VALUES (@doc_id, @source, @upstream_id, @url, @upstream_updated_at, @synced_at, @synced_version,
       @upstream_hash, @etag, @last_modified, @state, @held, @conflict)`,
  );
  for (const record of records) {
    insert.run({
      ...record,
      held: record.held === null ? null : JSON.stringify(record.held),
      conflict: record.conflict === null ? null : JSON.stringify(record.conflict),
    });
  }
}

/**
 * `writeSynced` inside the caller's write transaction: each write whose document head is still the one the
 * sync saw becomes a version (as the operator) and a record; a stale one is skipped whole.
 */
export function writeSyncedRows(
  db: Database.Database,
  batch: { writes: readonly SyncedWrite[]; records: readonly SyncRecord[] },
  now: string,
): SyncedWriteResult[] {
  const headOf = db.prepare('SELECT head FROM documents WHERE id = ?');
  const records: SyncRecord[] = [...batch.records];
  const results = batch.writes.map((write): SyncedWriteResult => {
    const head = (headOf.get(write.document.id) as { head: number } | undefined)?.head ?? 0;
    if (head !== write.expected_head) return { status: 'stale', version: head || null };
    const put = putOne(db, write.document, { reader: operator, author: write.author, message: write.message, now });
    records.push({ ...write.record, synced_version: put.version });
    return { status: put.status, version: put.version };
  });
  insertRecords(db, records);
  return results;
}
