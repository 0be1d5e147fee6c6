import type { Reader } from '../access.js';
import type { DocumentInput } from './knowledge-store.js';

/**
 * The store's part of `seam sync`: which documents came from which upstream source, and where each source
 * stands. Operator only, like forget and lineage: a record names documents (and their URLs) whatever their
 * access list, so the sync engine and `seam sync status` read them as the operator.
 *
 * A record is keyed by document id. It remembers the version the sync last wrote or confirmed
 * (`synced_version`): a newer version means someone edited the document in Seam since, and the sync must
 * not overwrite it (it holds the upstream version back and reports a conflict instead).
 */

/** A document's upstream: one row per synced document. */
export interface SyncRecord {
  doc_id: string;
  /** The source's name in the config. */
  source: string;
  /** The upstream's own id: a file's path in the folder, a page's URL, an article id. */
  upstream_id: string;
  /** Where a person reads it upstream (`null` for a file). */
  url: string | null;
  /** When the upstream says it last changed (ISO), when it says so. */
  upstream_updated_at: string | null;
  /** When a sync last wrote or confirmed this document (ISO). */
  synced_at: string;
  /** The document version the sync last wrote or confirmed. */
  synced_version: number;
  /** Hash of the upstream content last seen, to tell an upstream change from none. */
  upstream_hash: string;
  /** Conditional-request validators of a web page (`ETag`, `Last-Modified`), sent back on the next fetch. */
  etag: string | null;
  last_modified: string | null;
  /**
   * `conflict`: the document was changed in Seam after the last sync and the upstream changed too; the
   * upstream version waits in `held` (or was deleted upstream, `held` null) until someone resolves it.
   */
  state: 'synced' | 'conflict';
  held: DocumentInput | null;
  /** Why it is in conflict, and since when (ISO). */
  conflict: { reason: 'edited_in_seam' | 'deleted_upstream' | 'not_from_this_source'; at: string } | null;
}

/** Where a source stands: its cursor and its last run. */
export interface SyncSourceState {
  name: string;
  kind: string;
  /** Where an incremental source resumes (Zendesk's `end_time`, Intercom's newest `updated_at`). */
  cursor: string | null;
  /** When the last run started and ended (ISO), and whether it failed (`last_error`). */
  last_run_at: string | null;
  last_ok_at: string | null;
  last_error: string | null;
  last_duration_ms: number | null;
  /** What the last run did: `created`, `updated`, `removed`, `unchanged`, `conflicts`, `skipped`, `requests`... */
  counts: Record<string, number>;
  runs: number;
}

/** One upstream document a sync writes, with the record that goes with it (see `writeSynced`). */
export interface SyncedWrite {
  document: DocumentInput;
  /** Shown in history: `sync:<source>`, and `synced from <url> ...`. */
  author: string;
  message: string;
  /**
   * The document's newest version when the sync decided to write it (0: no such document). If the store's
   * head is another one by the time the batch is written, someone wrote in between: the entry is left out
   * whole (`stale`) and the sync decides again.
   */
  expected_head: number;
  /** Saved with `synced_version` set to the version the write made (the head, for identical content). */
  record: Omit<SyncRecord, 'synced_version'>;
}

/** What `writeSynced` did with one write, in order. */
export type SyncedWriteResult =
  | { status: 'created' | 'updated' | 'unchanged'; version: number }
  | { status: 'stale'; version: number | null };

export interface SyncMethods {
  /**
   * A sync's bulk write: the documents (each a new version, as `put` as the operator would make) and their
   * records, plus `records` saved as they are, in **one transaction**: all or nothing. A document that
   * cannot be written (an `InputError`) fails the whole batch. A write whose `expected_head` is no longer the
   * head is skipped with its record (`stale`), the rest written.
   */
  writeSynced(
    batch: { writes: readonly SyncedWrite[]; records: readonly SyncRecord[] },
    options: { reader: Reader },
  ): Promise<SyncedWriteResult[]>;
  /** The sync records (of one source), by document id. */
  syncRecords(options: { reader: Reader; source?: string | undefined }): Promise<SyncRecord[]>;
  /** Insert or replace records, by document id. */
  putSyncRecords(records: readonly SyncRecord[], options: { reader: Reader }): Promise<void>;
  removeSyncRecords(docIds: readonly string[], options: { reader: Reader }): Promise<void>;
  /** Every source's state, by name. */
  syncSources(options: { reader: Reader }): Promise<SyncSourceState[]>;
  putSyncSource(state: SyncSourceState, options: { reader: Reader }): Promise<void>;
}
