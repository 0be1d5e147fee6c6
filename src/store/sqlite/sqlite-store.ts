import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { normalizeAcl, type Reader, rolePattern } from '../../access.js';
import { instantKey } from '../../documents/parse-document.js';
import { InputError, IoError, PermissionError } from '../../errors.js';
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
  TextQuery,
  VersionSummary,
  WriteOptions,
} from '../knowledge-store.js';
import type { ServedInterval } from '../timeline.js';
import { versionReadable } from './access-sql.js';
import { forgetSubjectRows } from './forget-subject.js';
import { reindexAll } from './indexing.js';
import { createSqliteLineageTables, type SqliteLineageTables } from './lineage-tables.js';
import { parseAcl, toDocumentVersion, type VersionRow } from './rows.js';
import { migrationSteps, schemaVersion } from './schema.js';
import { searchChunks } from './search.js';
import { createSqliteServerTables, type SqliteServerTables } from './sqlite-server-tables.js';
import { putOne, removeOne, revertOne } from './write.js';

export interface SqliteStoreOptions {
  /** Path of the database file; created with its folder when missing. `:memory:` for a throwaway store. */
  path: string;
  /** The clock used for `created_at`; injectable for tests. */
  now?: () => Date;
}

export function openSqliteStore(options: SqliteStoreOptions): KnowledgeStore {
  return new SqliteKnowledgeStore(options);
}

class SqliteKnowledgeStore implements KnowledgeStore {
  readonly specificationVersion = 'seam-store-v1' as const;
  private readonly db: Database.Database;
  private readonly now: () => Date;
  private readonly path: string;
  private readonly lineage: SqliteLineageTables;
  private readonly server: SqliteServerTables;

  constructor(options: SqliteStoreOptions) {
    this.now = options.now ?? (() => new Date());
    this.path = options.path;
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    try {
      this.db = new Database(options.path);
      this.db.pragma('busy_timeout = 5000');
      this.db.pragma('journal_mode = WAL');
      // Deleted content is overwritten with zeros, so `kb rm` leaves nothing readable in the file.
      this.db.pragma('secure_delete = ON');
      this.db.pragma('foreign_keys = ON');
      this.migrate();
      this.lineage = createSqliteLineageTables(this.db);
      this.server = createSqliteServerTables(this.db);
    } catch (error) {
      throw new IoError(`cannot open the store at ${options.path}: ${(error as Error).message}`, options.path, {
        cause: error,
      });
    }
  }

  private migrate(): void {
    const current = this.db.pragma('user_version', { simple: true }) as number;
    if (current > schemaVersion) {
      throw new Error(`it was written by a newer Seam (schema ${current}; this one reads up to ${schemaVersion})`);
    }
    if (current === schemaVersion) return;
    this.db
      .transaction(() => {
        const hooks = { reindexAll: () => reindexAll(this.db) };
        for (const step of migrationSteps) if (step.version > current) step.apply(this.db, hooks);
        this.db.pragma(`user_version = ${schemaVersion}`);
      })
      .immediate();
  }

  async put(document: DocumentInput, options: WriteOptions): Promise<PutResult> {
    return this.db.transaction(() => putOne(this.db, document, { ...options, now: this.stamp() })).immediate();
  }

  async putMany(documents: readonly DocumentInput[], options: Omit<WriteOptions, 'ifVersion'>): Promise<PutResult[]> {
    const now = this.stamp();
    return this.db
      .transaction(() => documents.map((document) => putOne(this.db, document, { ...options, now })))
      .immediate();
  }

  async get(id: string, options: ReadOptions & { version?: number | undefined }): Promise<DocumentVersion | undefined> {
    const readable = versionReadable(options.reader, 'v');
    const row = this.db
      .prepare(
        `SELECT v.* FROM versions v WHERE v.doc_id = @id AND (@version IS NULL OR v.version = @version)
           AND (${readable.sql}) ORDER BY v.version DESC LIMIT 1`,
      )
      .get({ id, version: options.version ?? null, ...readable.parameters }) as VersionRow | undefined;
    return row && toDocumentVersion(row, options.reader);
  }

  async getServed(id: string, options: ReadOptions & { at: string }): Promise<DocumentVersion | undefined> {
    const readable = versionReadable(options.reader, 'v');
    const row = this.db
      .prepare(
        `SELECT v.* FROM versions v JOIN served s ON s.doc_id = v.doc_id AND s.version = v.version
         WHERE v.doc_id = @id AND (s.from_key IS NULL OR s.from_key <= @at) AND (s.until_key IS NULL OR @at < s.until_key)
           AND (${readable.sql})`,
      )
      .get({ id, at: instantKey(options.at), ...readable.parameters }) as VersionRow | undefined;
    return row && toDocumentVersion(row, options.reader);
  }

  async history(id: string, options: ReadOptions): Promise<VersionSummary[] | undefined> {
    const readable = versionReadable(options.reader, 'v');
    const rows = this.db
      .prepare(
        `SELECT v.version, v.created_at, v.author, v.message, v.title, v.effective_from, v.effective_until, v.redacted_by
         FROM versions v WHERE v.doc_id = @id AND (${readable.sql}) ORDER BY v.version`,
      )
      .all({ id, ...readable.parameters }) as VersionSummary[];
    return rows.length > 0 ? rows : undefined;
  }

  async timelines(options: ReadOptions & { collection?: string | undefined }): Promise<DocumentTimeline[]> {
    const readable = versionReadable(options.reader, 'v');
    const parameters = { collection: options.collection ?? null, ...readable.parameters };
    const where = `(@collection IS NULL OR v.collection = @collection) AND (${readable.sql})`;
    const rows = this.db
      .prepare(`SELECT v.* FROM versions v WHERE ${where} ORDER BY v.doc_id, v.version`)
      .all(parameters) as VersionRow[];
    const served = this.db
      .prepare(
        `SELECT s.doc_id, s.version, s.from_key AS "from", s.until_key AS "until"
         FROM served s JOIN versions v ON v.doc_id = s.doc_id AND v.version = s.version WHERE ${where}
         ORDER BY s.doc_id, s.version, s.from_key`,
      )
      .all(parameters) as (ServedInterval & { doc_id: string })[];
    const byId = new Map<string, DocumentTimeline>();
    for (const row of rows) {
      const timeline = byId.get(row.doc_id) ?? { id: row.doc_id, versions: [], served: [] };
      timeline.versions.push(toDocumentVersion(row, options.reader));
      byId.set(row.doc_id, timeline);
    }
    for (const { doc_id, ...interval } of served) byId.get(doc_id)?.served.push(interval);
    return [...byId.values()];
  }

  async revert(id: string, to: number, options: WriteOptions): Promise<PutResult> {
    return this.db.transaction(() => revertOne(this.db, id, to, { ...options, now: this.stamp() })).immediate();
  }

  async remove(
    id: string,
    options: ReadOptions & { ifVersion?: number | undefined },
  ): Promise<RemoveResult | undefined> {
    const result = this.db.transaction(() => removeOne(this.db, id, options)).immediate();
    if (result) {
      // Merge the full-text index so no segment keeps the deleted terms, then copy the zeroed pages
      // out of the write-ahead log into the main file and truncate the log.
      this.purgeFreedSpace();
    }
    return result;
  }

  /**
   * Merge the full-text index so no segment keeps deleted terms, then copy the pages (zeroed by secure
   * delete) out of the write-ahead log into the main file and truncate the log.
   */
  private purgeFreedSpace(): void {
    this.db.prepare("INSERT INTO chunks_fts(chunks_fts) VALUES ('optimize')").run();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async forgetSubject(request: ForgetSubjectRequest): Promise<ForgetSubjectResult> {
    requireOperator(request.reader, 'forget a subject');
    const result = this.db.transaction(() => forgetSubjectRows(this.db, request)).immediate();
    if (!request.dryRun) this.purgeFreedSpace();
    return result;
  }

  lineageSecret: ForgetMethods['lineageSecret'] = (options) =>
    this.asOperator(options.reader, () => this.lineage.lineageSecret(options));
  recordDataset: ForgetMethods['recordDataset'] = (scan, options) =>
    this.asOperator(options.reader, () => this.lineage.recordDataset(scan, options));
  tagModel: ForgetMethods['tagModel'] = (tag, options) =>
    this.asOperator(options.reader, () => this.lineage.tagModel(tag, options));
  findLineage: ForgetMethods['findLineage'] = (options) =>
    this.asOperator(options.reader, () => this.lineage.findLineage(options));
  listDatasets: ForgetMethods['listDatasets'] = (options) =>
    this.asOperator(options.reader, () => this.lineage.listDatasets(options));
  putReceipt: ForgetMethods['putReceipt'] = async (receipt, options) => {
    await this.asOperator(options.reader, () => this.lineage.putReceipt(receipt, options));
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  };
  listReceipts: ForgetMethods['listReceipts'] = (options) =>
    this.asOperator(options.reader, () => this.lineage.listReceipts(options));

  async storageFiles(options: ReadOptions): Promise<string[] | undefined> {
    requireOperator(options.reader, 'scan the store files');
    if (this.path === ':memory:') return undefined;
    return [this.path, `${this.path}-wal`, `${this.path}-shm`];
  }

  private async asOperator<T>(reader: Reader, action: () => Promise<T>): Promise<T> {
    requireOperator(reader, 'read or write lineage and receipts');
    return action();
  }

  async list(options: ReadOptions & { collection?: string | undefined }): Promise<DocumentSummary[]> {
    const readable = versionReadable(options.reader, 'w');
    // Each document as its newest readable version shows it; `updated_at` is that version's, so a
    // newer version the reader may not read leaves no trace.
    const rows = this.db
      .prepare(
        `SELECT v.doc_id AS id, v.version, v.title, v.collection, v.acl, v.created_at AS updated_at, v.source
         FROM versions v
         WHERE v.version = (SELECT max(w.version) FROM versions w WHERE w.doc_id = v.doc_id AND (${readable.sql}))
           AND (@collection IS NULL OR v.collection = @collection)
         ORDER BY v.doc_id`,
      )
      .all({ collection: options.collection ?? null, ...readable.parameters }) as (Omit<DocumentSummary, 'acl'> & {
      acl: string | null;
    })[];
    return rows.map((row) => ({
      ...row,
      acl: parseAcl(row.acl),
      source: options.reader.kind === 'operator' ? row.source : null,
    }));
  }

  async searchText(query: TextQuery): Promise<Hit[]> {
    return searchChunks(this.db, query);
  }

  async putPrincipal(principal: Principal): Promise<{ status: 'created' | 'updated' }> {
    const bad = principal.roles.find((role) => !rolePattern.test(role));
    if (bad !== undefined) throw new InputError(`'${bad}' is not a valid role name`, { field: 'roles' });
    const now = this.stamp();
    const existed = this.db.prepare('SELECT 1 FROM principals WHERE id = ?').get(principal.id) !== undefined;
    this.db
      .prepare(
        `INSERT INTO principals (id, roles, created_at, updated_at) VALUES (@id, @roles, @now, @now)
         ON CONFLICT(id) DO UPDATE SET roles = excluded.roles, updated_at = excluded.updated_at`,
      )
      .run({ id: principal.id, roles: JSON.stringify(normalizeAcl(principal.roles)), now });
    return { status: existed ? 'updated' : 'created' };
  }

  async getPrincipal(id: string): Promise<Principal | undefined> {
    const row = this.db.prepare('SELECT id, roles FROM principals WHERE id = ?').get(id) as
      | { id: string; roles: string }
      | undefined;
    return row && { id: row.id, roles: JSON.parse(row.roles) as string[] };
  }

  async listPrincipals(): Promise<Principal[]> {
    const rows = this.db.prepare('SELECT id, roles FROM principals ORDER BY id').all() as {
      id: string;
      roles: string;
    }[];
    return rows.map((row) => ({ id: row.id, roles: JSON.parse(row.roles) as string[] }));
  }

  async removePrincipal(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM principals WHERE id = ?').run(id).changes > 0;
  }

  putToken: KnowledgeStore['putToken'] = (token) => this.server.putToken(token);
  findToken: KnowledgeStore['findToken'] = (prefix) => this.server.findToken(prefix);
  listTokens: KnowledgeStore['listTokens'] = () => this.server.listTokens();
  removeToken: KnowledgeStore['removeToken'] = (name) => this.server.removeToken(name);
  logAnswer: KnowledgeStore['logAnswer'] = (entry, options) => this.server.logAnswer(entry, options);
  recentAnswers: KnowledgeStore['recentAnswers'] = (options) => this.server.recentAnswers(options);
  removeAnswers: KnowledgeStore['removeAnswers'] = (options) => this.server.removeAnswers(options);

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private stamp(): string {
    return this.now().toISOString();
  }
}

/** Forget and lineage are the operator's: they span documents no principal may read whole. */
function requireOperator(reader: Reader, action: string): void {
  if (reader.kind !== 'operator') throw new PermissionError(`only the operator may ${action}`);
}
