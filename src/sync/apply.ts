import { normalizeAcl, operator } from '../access.js';
import { contentHash } from '../store/content.js';
import type { DocumentInput, KnowledgeStore } from '../store/knowledge-store.js';
import type { SyncedWrite, SyncRecord } from '../store/sync-store.js';
import { writeBatch } from './write-batch.js';

/** One document as the upstream has it now, converted, with its id chosen by the source. */
export interface UpstreamDocument {
  upstream_id: string;
  url: string | null;
  /** When the upstream says it changed (ISO), when it says so. */
  updated_at: string | null;
  document: DocumentInput;
  etag?: string | null | undefined;
  last_modified?: string | null | undefined;
}

/** What applying one upstream change did. */
export type Outcome = 'created' | 'updated' | 'unchanged' | 'removed' | 'conflict' | 'kept_removed';

/** What a run did, by outcome (plus what each source counts itself: requests, not_modified, skipped...). */
export type Counts = Record<string, number>;

/**
 * Applies upstream documents to the store for one source, by the sync rules:
 * - new upstream → created; changed upstream and untouched in Seam → a new version (history kept);
 * - changed upstream and edited in Seam since the last sync → **conflict**: the Seam version stays served,
 *   the upstream version is held in the sync record, `seam sync status` lists it until resolved;
 * - removed upstream → the document is removed (every version), unless edited in Seam (conflict again);
 * - removed in Seam (`kb rm`, `seam forget`) while still upstream → stays removed (`kept_removed`): a
 *   sync never brings back what someone deleted here.
 * Every write is the operator's, authored `sync:<source>`.
 *
 * Writes are batched: documents to write and records to save wait in a batch that the store writes in one
 * transaction (`writeSynced`, all or nothing) once it holds `batchSize` items, before anything else is
 * decided about an item in it, and at `flush()` (the runner flushes after every run and pull). A batch
 * write fails whole; a document someone wrote in Seam meanwhile is left out of it and decided again.
 */
/** A document waiting in the batch, with what it came from (to decide again if it went stale). */
interface PendingWrite {
  upstream: UpstreamDocument;
  write: SyncedWrite;
}

export class SyncApplier {
  readonly counts: Counts = {};
  private readonly byUpstream = new Map<string, SyncRecord>();
  /** Upstream items that could not be read (a bad front matter, a page that failed), for the run's errors. */
  readonly problems: string[] = [];
  /** Conflicts found in this run, for the report. */
  readonly conflicts: { id: string; reason: string }[] = [];
  private pending: PendingWrite[] = [];
  private pendingRecords: SyncRecord[] = [];
  /** The batch being written now (its items count as pending until it is). */
  private inflight: { writes: PendingWrite[]; records: SyncRecord[] } = { writes: [], records: [] };
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly store: KnowledgeStore,
    private readonly source: string,
    private readonly now: () => Date,
    private readonly batchSize: number,
  ) {}

  static async open(options: {
    store: KnowledgeStore;
    source: string;
    now: () => Date;
    /** Items per transaction (default 100). */
    batchSize?: number | undefined;
  }): Promise<SyncApplier> {
    const applier = new SyncApplier(options.store, options.source, options.now, options.batchSize ?? 100);
    for (const record of await options.store.syncRecords({ reader: operator, source: options.source })) {
      applier.byUpstream.set(record.upstream_id, record);
    }
    return applier;
  }

  /** The record of an upstream id (for validators such as an ETag), as last written. */
  record(upstreamId: string): SyncRecord | undefined {
    return this.byUpstream.get(upstreamId);
  }

  /** Upstream ids this source has synced before. */
  known(): string[] {
    return [...this.byUpstream.keys()];
  }

  count(key: string, by = 1): void {
    this.counts[key] = (this.counts[key] ?? 0) + by;
  }

  /**
   * Apply an upstream document. A write waits in the batch: the outcome returned then is the one expected
   * (`created`, `updated`); the counts say what the batch did once written.
   */
  async upsert(upstream: UpstreamDocument): Promise<Outcome> {
    const known = this.byUpstream.get(upstream.upstream_id);
    if (this.touches(upstream.upstream_id, known?.doc_id ?? upstream.document.id)) await this.flush();
    const outcome = await this.decide(upstream);
    if (this.pending.length + this.pendingRecords.length >= this.batchSize) await this.flush();
    return outcome;
  }

  /**
   * The upstream says this item has not changed since its last sync (same validators): nothing to read.
   * Reported as it stands here: `unchanged`, still in `conflict`, or `kept_removed` when removed in Seam.
   */
  async unchanged(upstreamId: string): Promise<Outcome> {
    if (this.touches(upstreamId)) await this.flush();
    const record = this.byUpstream.get(upstreamId);
    const head = record && (await this.store.get(record.doc_id, { reader: operator }));
    const outcome: Outcome = record && !head ? 'kept_removed' : record?.state === 'conflict' ? 'conflict' : 'unchanged';
    this.count(outcome);
    return outcome;
  }

  /** The upstream no longer has it. */
  async remove(upstreamId: string): Promise<Outcome | undefined> {
    if (this.touches(upstreamId)) await this.flush();
    const record = this.byUpstream.get(upstreamId);
    if (!record) return undefined;
    const head = await this.store.get(record.doc_id, { reader: operator });
    let outcome: Outcome;
    if (head && record.synced_version !== 0 && head.version !== record.synced_version) {
      const conflicted = { ...record, ...this.conflict('deleted_upstream', null) };
      await this.store.putSyncRecords([conflicted], { reader: operator });
      this.byUpstream.set(upstreamId, conflicted);
      this.conflicts.push({ id: record.doc_id, reason: 'deleted_upstream' });
      outcome = 'conflict';
    } else {
      if (head && record.synced_version !== 0) await this.store.remove(record.doc_id, { reader: operator });
      await this.store.removeSyncRecords([record.doc_id], { reader: operator });
      this.byUpstream.delete(upstreamId);
      outcome = 'removed';
    }
    this.count(outcome);
    return outcome;
  }

  /** Remove every known upstream id not in `seen` (a full listing of the upstream). */
  async removeMissing(seen: ReadonlySet<string>): Promise<void> {
    await this.flush();
    for (const upstreamId of this.known()) if (!seen.has(upstreamId)) await this.remove(upstreamId);
  }

  /** Write what waits in the batch (after any batch being written now). Rejects when the store does. */
  flush(): Promise<void> {
    const next = this.writing.then(() => this.writePending(0));
    this.writing = next.catch(() => undefined);
    return next;
  }

  /** What the sync rules say to do with one upstream document; writes join the batch. */
  private async decide(upstream: UpstreamDocument): Promise<Outcome> {
    const record = this.byUpstream.get(upstream.upstream_id);
    // A synced item keeps the id it was first synced under.
    const id = record?.doc_id ?? upstream.document.id;
    const document = { ...upstream.document, id, acl: normalizeAcl(upstream.document.acl) };
    const hash = contentHash(document);
    const head = await this.store.get(id, { reader: operator });
    const base = this.baseRecord(upstream, id, hash);
    if (!record) {
      if (!head) return this.queueWrite(upstream, document, 0, base);
      if (contentHash({ ...head, source: undefined }) === hash)
        return this.queueRecord({ ...base, synced_version: head.version }, 'unchanged');
      // A document of that id exists and did not come from this source: never overwritten.
      return this.queueRecord(
        { ...base, synced_version: 0, ...this.conflict('not_from_this_source', document) },
        'conflict',
      );
    }
    if (!head) return this.settle('kept_removed');
    if (head.version !== record.synced_version) {
      if (record.upstream_hash === hash)
        return this.settle(record.state === 'conflict' ? 'conflict' : 'unchanged', record);
      const held = { ...record, ...base, synced_version: record.synced_version };
      return this.queueRecord({ ...held, ...this.conflict('edited_in_seam', document) }, 'conflict');
    }
    if (record.upstream_hash === hash && record.state === 'synced') {
      if (record.etag === base.etag && record.last_modified === base.last_modified) return this.settle('unchanged');
      return this.queueRecord({ ...record, ...base, synced_version: head.version }, 'unchanged');
    }
    return this.queueWrite(upstream, document, head.version, base);
  }

  private settle(outcome: Outcome, record?: SyncRecord): Outcome {
    if (outcome === 'conflict')
      this.conflicts.push({ id: record?.doc_id ?? '', reason: record?.conflict?.reason ?? 'conflict' });
    this.count(outcome);
    return outcome;
  }

  private queueRecord(record: SyncRecord, outcome: Outcome): Outcome {
    this.pendingRecords.push(record);
    return this.settle(outcome, record);
  }

  private queueWrite(
    upstream: UpstreamDocument,
    document: DocumentInput,
    head: number,
    record: Omit<SyncRecord, 'synced_version'>,
  ): Outcome {
    const updated = upstream.updated_at ? ` (changed upstream ${upstream.updated_at})` : '';
    this.pending.push({
      upstream,
      write: {
        document,
        author: `sync:${this.source}`,
        message: `synced from ${upstream.url ?? upstream.upstream_id}${updated}`,
        expected_head: head,
        record,
      },
    });
    return head === 0 ? 'created' : 'updated';
  }

  /** Whether an item of this upstream id (or document id) waits in a batch. */
  private touches(upstreamId: string, docId?: string): boolean {
    const hit = (record: Omit<SyncRecord, 'synced_version'>) =>
      record.upstream_id === upstreamId || (docId !== undefined && record.doc_id === docId);
    return (
      [...this.pending, ...this.inflight.writes].some((entry) => hit(entry.write.record)) ||
      [...this.pendingRecords, ...this.inflight.records].some(hit)
    );
  }

  private async writePending(round: number): Promise<void> {
    const batch = { writes: this.pending.splice(0), records: this.pendingRecords.splice(0) };
    if (batch.writes.length + batch.records.length === 0) return;
    this.inflight = batch;
    const stale: UpstreamDocument[] = [];
    try {
      const results = await writeBatch({
        store: this.store,
        writes: batch.writes.map((entry) => entry.write),
        records: batch.records,
        refused: (index, error) => {
          const entry = batch.writes[index];
          this.problems.push(`${entry?.upstream.url ?? entry?.upstream.upstream_id}: ${error.message}`);
          this.count('invalid');
        },
      });
      batch.writes.forEach((entry, index) => {
        const result = results[index];
        if (result === undefined) return;
        if (result.status === 'stale') {
          stale.push(entry.upstream);
          return;
        }
        this.byUpstream.set(entry.upstream.upstream_id, { ...entry.write.record, synced_version: result.version });
        const created = entry.write.expected_head === 0;
        this.count(result.status === 'unchanged' ? 'unchanged' : created ? 'created' : 'updated');
      });
      for (const record of batch.records) this.byUpstream.set(record.upstream_id, record);
    } finally {
      this.inflight = { writes: [], records: [] };
    }
    if (stale.length === 0) return;
    // Written in Seam while this batch waited: decided again against the new head (a conflict, usually).
    for (const upstream of stale) {
      if (round < 2) await this.decide(upstream);
      else {
        this.problems.push(
          `${upstream.url ?? upstream.upstream_id}: changed in Seam during the sync; decided next run`,
        );
        this.count('errors');
      }
    }
    await this.writePending(round + 1);
  }

  private baseRecord(upstream: UpstreamDocument, id: string, hash: string): Omit<SyncRecord, 'synced_version'> {
    return {
      doc_id: id,
      source: this.source,
      upstream_id: upstream.upstream_id,
      url: upstream.url,
      upstream_updated_at: upstream.updated_at,
      synced_at: this.now().toISOString(),
      upstream_hash: hash,
      etag: upstream.etag ?? null,
      last_modified: upstream.last_modified ?? null,
      state: 'synced',
      held: null,
      conflict: null,
    };
  }

  private conflict(reason: NonNullable<SyncRecord['conflict']>['reason'], held: DocumentInput | null) {
    return { state: 'conflict' as const, held, conflict: { reason, at: this.now().toISOString() } };
  }
}
