import type { SyncMethods, SyncRecord, SyncSourceState } from '../sync-store.js';
import type { Runner } from './server-tables.js';

/** Migration 4 (`seam sync`): the same two tables as SQLite's step 7 (`src/store/sqlite/sync-tables.ts`). */
export const syncMigrationSql = `
CREATE TABLE seam_sync_documents (
  doc_id text PRIMARY KEY,
  source text NOT NULL,
  upstream_id text NOT NULL,
  url text,
  upstream_updated_at text,
  synced_at text NOT NULL,
  synced_version integer NOT NULL,
  upstream_hash text NOT NULL,
  etag text,
  last_modified text,
  state text NOT NULL,
  held jsonb,
  conflict jsonb
);
CREATE INDEX seam_sync_documents_source ON seam_sync_documents(source, upstream_id);
CREATE TABLE seam_sync_sources (
  name text PRIMARY KEY,
  state jsonb NOT NULL
);
`;

const columns = [
  'doc_id',
  'source',
  'upstream_id',
  'url',
  'upstream_updated_at',
  'synced_at',
  'synced_version',
  'upstream_hash',
  'etag',
  'last_modified',
  'state',
  'held',
  'conflict',
] as const;

/** The sync tables of one PostgreSQL store (the caller checks the reader is the operator). */
export function createPostgresSyncTables(runner: Runner): SyncMethods {
  return {
    async syncRecords(options) {
      return runner.run('reading sync records', async (client) => {
        const { rows } = await client.query<SyncRecord>(
          `SELECT ${columns.join(', ')} FROM seam_sync_documents WHERE $1::text IS NULL OR source = $1
           ORDER BY doc_id COLLATE "C"`,
          [options.source ?? null],
        );
        return rows;
      });
    },
    async putSyncRecords(records) {
      if (records.length === 0) return;
      await runner.transaction('writing sync records', async (client) => {
        for (const record of records) {
          await client.query(
            `INSERT INTO seam_sync_documents (${columns.join(', ')})
             VALUES (${columns.map((_, index) => `$${index + 1}`).join(', ')})
             ON CONFLICT (doc_id) DO UPDATE SET ${columns
               .slice(1)
               .map((column) => `${column} = EXCLUDED.${column}`)
               .join(', ')}`,
            columns.map((column) =>
              column === 'held' || column === 'conflict'
                ? record[column] === null
                  ? null
                  : JSON.stringify(record[column])
                : record[column],
            ),
          );
        }
      });
    },
    async removeSyncRecords(docIds) {
      await runner.run('removing sync records', (client) =>
        client.query('DELETE FROM seam_sync_documents WHERE doc_id = ANY($1::text[])', [docIds]),
      );
    },
    async syncSources() {
      return runner.run('reading sync sources', async (client) => {
        const { rows } = await client.query<{ state: SyncSourceState }>(
          'SELECT state FROM seam_sync_sources ORDER BY name COLLATE "C"',
        );
        return rows.map((row) => row.state);
      });
    },
    async putSyncSource(state) {
      await runner.run('writing a sync source', (client) =>
        client.query(
          `INSERT INTO seam_sync_sources (name, state) VALUES ($1, $2)
           ON CONFLICT (name) DO UPDATE SET state = EXCLUDED.state`,
          [state.name, JSON.stringify(state)],
        ),
      );
    },
  };
}
