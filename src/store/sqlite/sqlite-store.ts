import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Reader } from '../../access.js';
import { PermissionError, StoreError } from '../../errors.js';
import type { ForgetMethods, ForgetSubjectRequest, ForgetSubjectResult } from '../forget-store.js';
import type {
  DocumentInput,
  DocumentSummary,
  DocumentTimeline,
  DocumentVersion,
  Hit,
  KnowledgeStore,
  Principal,
  PutResult,
  ReadOptions,
  RemoveResult,
  TermFrequencies,
  TermFrequencyQuery,
  TextQuery,
  VersionSummary,
  WriteOptions,
} from '../knowledge-store.js';
import type { SyncMethods } from '../sync-store.js';
import { forgetSubjectRows } from './forget-subject.js';
import { seamApplicationId, storeIdentity } from './identity.js';
import { reindexAll } from './indexing.js';
import { createSqliteLineageTables } from './lineage-tables.js';
import { getPrincipal, listPrincipals, putPrincipal, removePrincipal } from './principals.js';
import { probeSqliteFile } from './probe.js';
import { purge, removedText } from './purge.js';
import { getServedVersion, getVersion, historyOf, listDocuments, timelinesOf } from './reads.js';
import { migrationSteps, schemaVersion } from './schema.js';
import { searchChunks } from './search.js';
import { discardPostings, withPostings } from './search-postings.js';
import { createSqliteServerTables, type SqliteServerTables } from './sqlite-server-tables.js';
import { toStoreError } from './store-errors.js';
import { createSqliteSyncTables, writeSyncedRows } from './sync-tables.js';
import { termFrequencies } from './term-frequencies.js';
import { putOne, removeOne, revertOne } from './write.js';

export interface SqliteStoreOptions {
  /** Path of the database file. `:memory:` for a throwaway store. */
  path: string;
  /**
   * `write` (default): create the file and its folder when missing, upgrade an older schema.
   * `read`: open read-only; a missing file, an empty one or an older schema is an error, and nothing is
   * ever written (a read-only file or folder can be read).
   */
  mode?: 'read' | 'write' | undefined;
  /** The clock used for `created_at`; injectable for tests. */
  now?: () => Date;
  /** How long a write waits for another writer, and `remove` for readers to let it purge (default 5 s). */
  waitMs?: number | undefined;
}

export function openSqliteStore(options: SqliteStoreOptions): KnowledgeStore {
  return new SqliteKnowledgeStore(options);
}

class SqliteKnowledgeStore implements KnowledgeStore {
  readonly specificationVersion = 'seam-store-v1' as const;
  private readonly db: Database.Database;
  private readonly now: () => Date;
  private readonly path: string;
  private readonly waitMs: number;
  private readonly server: SqliteServerTables;

  constructor(options: SqliteStoreOptions) {
    this.now = options.now ?? (() => new Date());
    this.path = options.path;
    this.waitMs = options.waitMs ?? 5000;
    const read = options.mode === 'read';
    const memory = options.path === ':memory:';
    if (read && !memory && !existsSync(options.path)) {
      throw new StoreError(
        `no store at ${options.path} (reading never creates one): check --db or SEAM_DB, or create it with seam kb import`,
        options.path,
        'missing',
      );
    }
    if (!read && !memory) mkdirSync(dirname(options.path), { recursive: true });
    try {
      this.db = new Database(options.path, read ? { readonly: true, fileMustExist: true } : {});
    } catch (error) {
      throw this.mapped(error);
    }
    try {
      this.db.pragma(`busy_timeout = ${this.waitMs}`);
      const identity = storeIdentity(this.db, options.path);
      if (read) this.checkSchema(identity);
      else {
        this.db.pragma('journal_mode = WAL');
        // Deleted content is overwritten with zeros, so `kb rm` leaves nothing readable in the file.
        this.db.pragma('secure_delete = ON');
        this.db.pragma('foreign_keys = ON');
        // A write rewrites a posting block per term it touches (`search-postings.ts`): a larger page cache
        // than the default 2 MB keeps those pages in memory between writes (bench:writes, docs/benchmarks.md).
        this.db.pragma('cache_size = -32768');
        this.migrate();
      }
      this.server = createSqliteServerTables(this.db);
    } catch (error) {
      this.db.close();
      throw this.mapped(error);
    }
  }

  private checkSchema(identity: 'seam' | 'empty'): void {
    const current = this.db.pragma('user_version', { simple: true }) as number;
    if (identity === 'empty' || current !== schemaVersion) {
      const state =
        identity === 'empty' ? 'is empty' : `has schema ${current}; this Seam reads schema ${schemaVersion}`;
      throw new StoreError(
        `the store at ${this.path} ${state}${current < schemaVersion ? ' (any write command, such as seam kb import, upgrades it)' : ''}`,
        this.path,
        identity === 'empty' ? 'missing' : 'schema',
      );
    }
  }

  private migrate(): void {
    const current = this.db.pragma('user_version', { simple: true }) as number;
    if (current > schemaVersion) {
      throw new StoreError(
        `the store at ${this.path} was written by a newer Seam (schema ${current}; this one reads up to ${schemaVersion})`,
        this.path,
        'schema',
      );
    }
    if ((this.db.pragma('application_id', { simple: true }) as number) !== seamApplicationId) {
      this.db.pragma(`application_id = ${seamApplicationId}`);
    }
    if (current === schemaVersion) return;
    this.db
      .transaction(() => {
        const hooks = { reindexAll: () => reindexAll(this.db) };
        withPostings(this.db, () => {
          for (const step of migrationSteps) if (step.version > current) step.apply(this.db, hooks);
        });
        this.db.pragma(`user_version = ${schemaVersion}`);
      })
      .immediate();
    discardPostings(this.db);
  }

  /** A SQLite failure as a typed Seam error (busy, read-only, corrupt, not a database). */
  private mapped(error: unknown): unknown {
    return toStoreError(error, this.path, this.waitMs);
  }

  /** Run a statement or transaction, mapping SQLite failures to Seam errors. */
  private guard<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw this.mapped(error);
    }
  }

  async put(document: DocumentInput, options: WriteOptions): Promise<PutResult> {
    return this.write(() => putOne(this.db, document, { ...options, now: this.stamp() }));
  }

  async putMany(documents: readonly DocumentInput[], options: Omit<WriteOptions, 'ifVersion'>): Promise<PutResult[]> {
    const now = this.stamp();
    return this.write(() => documents.map((document) => putOne(this.db, document, { ...options, now })));
  }

  async get(id: string, options: ReadOptions & { version?: number | undefined }): Promise<DocumentVersion | undefined> {
    return this.guard(() => getVersion(this.db, id, options));
  }

  async getServed(id: string, options: ReadOptions & { at: string }): Promise<DocumentVersion | undefined> {
    return this.guard(() => getServedVersion(this.db, id, options));
  }

  async history(id: string, options: ReadOptions): Promise<VersionSummary[] | undefined> {
    return this.guard(() => historyOf(this.db, id, options));
  }

  async timelines(options: ReadOptions & { collection?: string | undefined }): Promise<DocumentTimeline[]> {
    return this.guard(() => timelinesOf(this.db, options));
  }

  async revert(id: string, to: number, options: WriteOptions): Promise<PutResult> {
    return this.write(() => revertOne(this.db, id, to, { ...options, now: this.stamp() }));
  }

  async remove(
    id: string,
    options: ReadOptions & { ifVersion?: number | undefined },
  ): Promise<RemoveResult | undefined> {
    const removed = this.write(() => {
      const traces = removedText(this.db, id);
      const result = removeOne(this.db, id, options);
      return result && { result, traces };
    });
    if (!removed) return undefined;
    await this.guardAsync(() =>
      purge({ db: this.db, path: this.path, id, traces: removed.traces, waitMs: this.waitMs }),
    );
    return removed.result;
  }

  async list(options: ReadOptions & { collection?: string | undefined }): Promise<DocumentSummary[]> {
    return this.guard(() => listDocuments(this.db, options));
  }

  async searchText(query: TextQuery): Promise<Hit[]> {
    return this.guard(() => searchChunks(this.db, query));
  }

  async termFrequencies(query: TermFrequencyQuery): Promise<TermFrequencies> {
    return this.guard(() => termFrequencies(this.db, query));
  }

  async putPrincipal(principal: Principal): Promise<{ status: 'created' | 'updated' }> {
    return this.guard(() => putPrincipal(this.db, principal, this.stamp()));
  }

  async getPrincipal(id: string): Promise<Principal | undefined> {
    return this.guard(() => getPrincipal(this.db, id));
  }

  async listPrincipals(): Promise<Principal[]> {
    return this.guard(() => listPrincipals(this.db));
  }

  async removePrincipal(id: string): Promise<boolean> {
    return this.guard(() => removePrincipal(this.db, id));
  }

  // The server's tables fail like the rest of the store (a damaged file is a StoreError, not a raw SqliteError).
  putToken: KnowledgeStore['putToken'] = (token) => this.mapping(this.server.putToken(token));
  findToken: KnowledgeStore['findToken'] = (prefix) => this.mapping(this.server.findToken(prefix));
  listTokens: KnowledgeStore['listTokens'] = () => this.mapping(this.server.listTokens());
  removeToken: KnowledgeStore['removeToken'] = (name) => this.mapping(this.server.removeToken(name));
  putSession: KnowledgeStore['putSession'] = (session) => this.mapping(this.server.putSession(session));
  findSession: KnowledgeStore['findSession'] = (hash, options) => this.mapping(this.server.findSession(hash, options));
  removeSession: KnowledgeStore['removeSession'] = (hash) => this.mapping(this.server.removeSession(hash));
  logAnswer: KnowledgeStore['logAnswer'] = (entry, options) => this.mapping(this.server.logAnswer(entry, options));
  recentAnswers: KnowledgeStore['recentAnswers'] = (options) => this.mapping(this.server.recentAnswers(options));
  removeAnswers: KnowledgeStore['removeAnswers'] = (options) => this.mapping(this.server.removeAnswers(options));

  private async mapping<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      throw this.mapped(error);
    }
  }

  async forgetSubject(request: ForgetSubjectRequest): Promise<ForgetSubjectResult> {
    requireOperator(request.reader);
    const result = this.write(() => forgetSubjectRows(this.db, request));
    if (!request.dryRun) {
      // As after `remove`: merge the full-text index, then copy the zeroed pages out of the log and truncate it.
      this.guard(() => this.db.prepare("INSERT INTO chunks_fts(chunks_fts) VALUES ('optimize')").run());
      this.guard(() => this.db.pragma('wal_checkpoint(TRUNCATE)'));
    }
    return result;
  }

  private readonly lineage = createSqliteLineageTables(() => this.db);
  lineageSecret: ForgetMethods['lineageSecret'] = (options) =>
    this.operatorOnly(options, () => this.lineage.lineageSecret(options));
  recordDataset: ForgetMethods['recordDataset'] = (scan, options) =>
    this.operatorOnly(options, () => this.lineage.recordDataset(scan, options));
  tagModel: ForgetMethods['tagModel'] = (tag, options) =>
    this.operatorOnly(options, () => this.lineage.tagModel(tag, options));
  findLineage: ForgetMethods['findLineage'] = (options) =>
    this.operatorOnly(options, () => this.lineage.findLineage(options));
  listDatasets: ForgetMethods['listDatasets'] = (options) =>
    this.operatorOnly(options, () => this.lineage.listDatasets(options));
  putReceipt: ForgetMethods['putReceipt'] = async (receipt, options) => {
    await this.operatorOnly(options, () => this.lineage.putReceipt(receipt, options));
    this.guard(() => this.db.pragma('wal_checkpoint(TRUNCATE)'));
  };
  listReceipts: ForgetMethods['listReceipts'] = (options) =>
    this.operatorOnly(options, () => this.lineage.listReceipts(options));

  private readonly sync = createSqliteSyncTables(() => this.db);
  syncRecords: SyncMethods['syncRecords'] = (options) =>
    this.operatorOnly(options, () => this.sync.syncRecords(options));
  putSyncRecords: SyncMethods['putSyncRecords'] = (records, options) =>
    this.operatorOnly(options, () => this.sync.putSyncRecords(records, options));
  removeSyncRecords: SyncMethods['removeSyncRecords'] = (ids, options) =>
    this.operatorOnly(options, () => this.sync.removeSyncRecords(ids, options));
  syncSources: SyncMethods['syncSources'] = (options) =>
    this.operatorOnly(options, () => this.sync.syncSources(options));
  writeSynced: SyncMethods['writeSynced'] = (batch, options) =>
    this.operatorOnly(options, async () => this.write(() => writeSyncedRows(this.db, batch, this.stamp())));
  putSyncSource: SyncMethods['putSyncSource'] = (state, options) =>
    this.operatorOnly(options, () => this.sync.putSyncSource(state, options));

  async storageFiles(options: ReadOptions): Promise<string[] | undefined> {
    requireOperator(options.reader);
    if (this.path === ':memory:') return undefined;
    return [this.path, `${this.path}-wal`, `${this.path}-shm`];
  }

  private async operatorOnly<T>(options: { reader: Reader }, action: () => Promise<T>): Promise<T> {
    requireOperator(options.reader);
    return this.guardAsync(action);
  }

  async ping(): Promise<void> {
    if (this.path === ':memory:') this.guard(() => this.db.prepare('SELECT 1 FROM documents LIMIT 1').get());
    else probeSqliteFile(this.path);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** One write transaction (`BEGIN IMMEDIATE`, so a busy store is waited for before anything is read). */
  private write<T>(work: () => T): T {
    return this.guard(() => {
      try {
        // The search's posting lists are written last, in the same transaction (`search-postings.ts`).
        return this.db.transaction(() => withPostings(this.db, work)).immediate();
      } finally {
        discardPostings(this.db);
      }
    });
  }

  private async guardAsync<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw this.mapped(error);
    }
  }

  private stamp(): string {
    return this.now().toISOString();
  }
}

/** Forget and lineage are the operator's: they span documents no principal may read whole. */
function requireOperator(reader: Reader): void {
  if (reader.kind !== 'operator') throw new PermissionError('only the operator may forget or read lineage');
}
