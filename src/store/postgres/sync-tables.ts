import type pg from 'pg';
import { operator } from '../../access.js';
import { ConflictError } from '../../errors.js';
import type { SyncedWrite, SyncedWriteResult, SyncMethods, SyncRecord, SyncSourceState } from '../sync-store.js';
import type { Runner } from './server-tables.js';
import { putOne, type WriteContext } from './write.js';

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

/** The sync tables of one PostgreSQL store (the caller checks the reader is the operator; `writeSynced` is the store's). */
export function createPostgresSyncTables(runner: Runner): Omit<SyncMethods, 'writeSynced'> {
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
      await runner.transaction('writing sync records', (client) => upsertRecords(client, records));
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

async function upsertRecords(client: pg.PoolClient, records: readonly SyncRecord[]): Promise<void> {
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
}

/**
 * `writeSynced` inside the caller's transaction (the writer is the operator): a write whose document head
 * is still the one the sync saw becomes a version and a record; a stale one is skipped whole. The head is
 * read with the document's row locked, and `putOne` checks it again under its own lock.
 */
export async function writeSyncedRows(
  context: WriteContext,
  batch: { writes: readonly SyncedWrite[]; records: readonly SyncRecord[] },
): Promise<SyncedWriteResult[]> {
  const records: SyncRecord[] = [...batch.records];
  const results: SyncedWriteResult[] = [];
  for (const write of batch.writes) {
    const { rows } = await context.client.query<{ head: number }>(
      'SELECT head FROM seam_documents WHERE id = $1 FOR UPDATE',
      [write.document.id],
    );
    const head = rows[0]?.head ?? 0;
    if (head !== write.expected_head) {
      results.push({ status: 'stale', version: head || null });
      continue;
    }
    try {
      const put = await putOne(context, write.document, {
        reader: operator,
        author: write.author,
        message: write.message,
        ifVersion: write.expected_head,
      });
      records.push({ ...write.record, synced_version: put.version });
      results.push({ status: put.status, version: put.version });
    } catch (error) {
      // Created by another writer since the head was read (no row to lock then): decided again.
      if (!ConflictError.isInstance(error)) throw error;
      results.push({ status: 'stale', version: error.actualVersion ?? null });
    }
  }
  await upsertRecords(context.client, records);
  return results;
}
