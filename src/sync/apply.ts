import { normalizeAcl, operator } from '../access.js';
import { contentHash } from '../store/content.js';
import type { DocumentInput, KnowledgeStore } from '../store/knowledge-store.js';
import type { SyncRecord } from '../store/sync-store.js';

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
 */
export class SyncApplier {
  readonly counts: Counts = {};
  private readonly byUpstream = new Map<string, SyncRecord>();
  /** Upstream items that could not be read (a bad front matter, a page that failed), for the run's errors. */
  readonly problems: string[] = [];
  /** Conflicts found in this run, for the report. */
  readonly conflicts: { id: string; reason: string }[] = [];

  private constructor(
    private readonly store: KnowledgeStore,
    private readonly source: string,
    private readonly now: () => Date,
  ) {}

  static async open(options: { store: KnowledgeStore; source: string; now: () => Date }): Promise<SyncApplier> {
    const applier = new SyncApplier(options.store, options.source, options.now);
    for (const record of await options.store.syncRecords({ reader: operator, source: options.source })) {
      applier.byUpstream.set(record.upstream_id, record);
    }
    return applier;
  }

  /** The record of an upstream id (for validators such as an ETag). */
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

  async upsert(upstream: UpstreamDocument): Promise<Outcome> {
    const document = { ...upstream.document, acl: normalizeAcl(upstream.document.acl) };
    const hash = contentHash(document);
    const record = this.byUpstream.get(upstream.upstream_id);
    const id = record?.doc_id ?? document.id;
    const head = await this.store.get(id, { reader: operator });
    const base = this.baseRecord(upstream, id, hash);
    let outcome: Outcome;
    if (!record) {
      if (!head) {
        const put = await this.write(document, upstream);
        await this.save({ ...base, synced_version: put });
        outcome = 'created';
      } else if (contentHash({ ...head, source: undefined }) === hash) {
        await this.save({ ...base, synced_version: head.version });
        outcome = 'unchanged';
      } else {
        // A document of that id exists and did not come from this source: never overwritten.
        await this.save({ ...base, synced_version: 0, ...this.conflict('not_from_this_source', document) });
        outcome = 'conflict';
      }
    } else if (!head) {
      outcome = 'kept_removed';
    } else if (head.version !== record.synced_version) {
      if (record.upstream_hash === hash) {
        outcome = record.state === 'conflict' ? 'conflict' : 'unchanged';
      } else {
        await this.save({
          ...record,
          ...base,
          synced_version: record.synced_version,
          ...this.conflict('edited_in_seam', document),
        });
        outcome = 'conflict';
      }
    } else if (record.upstream_hash === hash && record.state === 'synced') {
      if (record.etag !== base.etag || record.last_modified !== base.last_modified)
        await this.save({ ...record, ...base, synced_version: head.version });
      outcome = 'unchanged';
    } else {
      const version = await this.write(document, upstream);
      await this.save({ ...base, synced_version: version });
      outcome = version === head.version ? 'unchanged' : 'updated';
    }
    if (outcome === 'conflict')
      this.conflicts.push({ id, reason: this.byUpstream.get(upstream.upstream_id)?.conflict?.reason ?? 'conflict' });
    this.count(outcome);
    return outcome;
  }

  /**
   * The upstream says this item has not changed since its last sync (same validators): nothing to read.
   * Reported as it stands here: `unchanged`, still in `conflict`, or `kept_removed` when removed in Seam.
   */
  async unchanged(upstreamId: string): Promise<Outcome> {
    const record = this.byUpstream.get(upstreamId);
    const head = record && (await this.store.get(record.doc_id, { reader: operator }));
    const outcome: Outcome = record && !head ? 'kept_removed' : record?.state === 'conflict' ? 'conflict' : 'unchanged';
    this.count(outcome);
    return outcome;
  }

  /** The upstream no longer has it. */
  async remove(upstreamId: string): Promise<Outcome | undefined> {
    const record = this.byUpstream.get(upstreamId);
    if (!record) return undefined;
    const head = await this.store.get(record.doc_id, { reader: operator });
    let outcome: Outcome;
    if (head && record.synced_version !== 0 && head.version !== record.synced_version) {
      await this.save({ ...record, ...this.conflict('deleted_upstream', null) });
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
    for (const upstreamId of this.known()) if (!seen.has(upstreamId)) await this.remove(upstreamId);
  }

  private async write(document: DocumentInput, upstream: UpstreamDocument): Promise<number> {
    const result = await this.store.put(document, {
      reader: operator,
      author: `sync:${this.source}`,
      message: `synced from ${upstream.url ?? upstream.upstream_id}${upstream.updated_at ? ` (changed upstream ${upstream.updated_at})` : ''}`,
    });
    return result.version;
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

  private async save(record: SyncRecord): Promise<void> {
    await this.store.putSyncRecords([record], { reader: operator });
    this.byUpstream.set(record.upstream_id, record);
  }
}
