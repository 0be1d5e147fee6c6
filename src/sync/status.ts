import { operator } from '../access.js';
import { InputError, NotFoundError } from '../errors.js';
import type { KnowledgeStore } from '../store/knowledge-store.js';
import type { SyncRecord } from '../store/sync-store.js';
import type { SourceConfig } from './sync-config.js';

/** One source's freshness, as `seam sync status --json` prints it. */
export interface SourceStatus {
  name: string;
  kind: string;
  /** Whether the config still names it (a source removed from the config keeps its documents). */
  configured: boolean;
  last_run_at: string | null;
  last_ok_at: string | null;
  /** Seconds since the last successful run: how stale its documents can be, for a polled source. */
  lag_seconds: number | null;
  last_error: string | null;
  last_duration_ms: number | null;
  runs: number;
  /** Documents it keeps (synced records). */
  documents: number;
  conflicts: number;
  /** What the last run did. */
  counts: Record<string, number>;
}

export interface ConflictStatus {
  id: string;
  source: string;
  reason: string;
  since: string;
  url: string | null;
}

export async function syncStatus(options: {
  store: KnowledgeStore;
  sources: readonly SourceConfig[];
  now: Date;
}): Promise<{ sources: SourceStatus[]; conflicts: ConflictStatus[] }> {
  const { store } = options;
  const states = await store.syncSources({ reader: operator });
  const records = await store.syncRecords({ reader: operator });
  const names = [...new Set([...options.sources.map((source) => source.name), ...states.map((state) => state.name)])];
  const sources = names.map((name): SourceStatus => {
    const state = states.find((entry) => entry.name === name);
    const own = records.filter((record) => record.source === name);
    const lastOk = state?.last_ok_at ? Date.parse(state.last_ok_at) : undefined;
    return {
      name,
      kind: options.sources.find((source) => source.name === name)?.kind ?? state?.kind ?? 'unknown',
      configured: options.sources.some((source) => source.name === name),
      last_run_at: state?.last_run_at ?? null,
      last_ok_at: state?.last_ok_at ?? null,
      lag_seconds: lastOk === undefined ? null : Math.max(0, Math.round((options.now.getTime() - lastOk) / 1000)),
      last_error: state?.last_error ?? null,
      last_duration_ms: state?.last_duration_ms ?? null,
      runs: state?.runs ?? 0,
      documents: own.filter((record) => record.synced_version > 0).length,
      conflicts: own.filter((record) => record.state === 'conflict').length,
      counts: state?.counts ?? {},
    };
  });
  const conflicts = records
    .filter((record) => record.state === 'conflict')
    .map((record) => ({
      id: record.doc_id,
      source: record.source,
      reason: record.conflict?.reason ?? 'conflict',
      since: record.conflict?.at ?? record.synced_at,
      url: record.url,
    }));
  return { sources, conflicts };
}

/**
 * End a conflict. `upstream`: the held upstream version becomes a new version of the document (or, for
 * an article deleted upstream, the document is removed). `seam`: the Seam version stays and counts as
 * synced, so only a later upstream change raises a conflict again (for an article deleted upstream, the
 * document stays as Seam's own, no longer synced).
 */
export async function resolveConflict(options: {
  store: KnowledgeStore;
  id: string;
  keep: 'seam' | 'upstream';
  author: string;
  now: Date;
}): Promise<{ id: string; kept: 'seam' | 'upstream'; version: number | null }> {
  const { store, id } = options;
  const record = (await store.syncRecords({ reader: operator })).find((entry) => entry.doc_id === id);
  if (record?.state !== 'conflict') {
    throw new NotFoundError(id, `'${id}' has no sync conflict (seam sync status lists them)`);
  }
  const head = await store.get(id, { reader: operator });
  const synced = (version: number): SyncRecord => ({
    ...record,
    state: 'synced',
    held: null,
    conflict: null,
    synced_version: version,
    synced_at: options.now.toISOString(),
  });
  if (options.keep === 'seam') {
    if (record.held === null || !head) await store.removeSyncRecords([id], { reader: operator });
    else await store.putSyncRecords([synced(head.version)], { reader: operator });
    return { id, kept: 'seam', version: head?.version ?? null };
  }
  if (record.held === null) {
    if (head) await store.remove(id, { reader: operator });
    await store.removeSyncRecords([id], { reader: operator });
    return { id, kept: 'upstream', version: null };
  }
  if (record.held.id !== id)
    throw new InputError(`the held upstream version names another document (${record.held.id})`);
  const put = await store.put(record.held, {
    reader: operator,
    author: options.author,
    message: `sync conflict resolved: the upstream version (${record.url ?? record.upstream_id}) kept`,
  });
  await store.putSyncRecords([synced(put.version)], { reader: operator });
  return { id, kept: 'upstream', version: put.version };
}
