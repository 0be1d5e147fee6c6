import pg from 'pg';
import { normalizeAcl, operator, type Reader, rolePattern } from '../../access.js';
import { instantKey } from '../../documents/parse-document.js';
import { InputError, PermissionError, SeamError } from '../../errors.js';
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
import { createPostgresLineageTables } from './lineage-tables.js';
import { migrate, requireSchema } from './migrations.js';
import { isRetryable, redactUrl, toSeamError } from './postgres-errors.js';
import { discardAddedPostings, flushPostingBlocks } from './posting-blocks.js';
import {
  readableSql,
  type SummaryRow,
  summaryColumns,
  toDocumentVersion,
  toVersionSummary,
  type VersionRow,
  versionColumns,
} from './rows.js';
import { type SearchMode, searchChunks } from './search.js';
import { discardPending, writePending } from './search-index.js';
import { createPostgresServerTables } from './server-tables.js';
import { createPostgresSyncTables, writeSyncedRows } from './sync-tables.js';
import { termFrequencies } from './term-frequencies.js';
import { readTimelines } from './timelines.js';
import { putOne, removeOne, revertOne, type WriteContext } from './write.js';

export interface PostgresStoreOptions {
  /** A `postgres://user:password@host:port/database` URL. The database must exist; tables are created. */
  url: string;
  /** The clock used for `created_at`; injectable for tests. */
  now?: () => Date;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** `read`: never create or upgrade the schema (a database without a current Seam store is refused); default `write`. */
  mode?: 'read' | 'write' | undefined;
  /**
   * How search ranks (`search.ts`): over the posting blocks (default), or `sql`, the exhaustive ranking of
   * every matching posting in SQL, kept to compare against (benches, tests).
   */
  search?: SearchMode | undefined;
  /**
   * `false` only to measure what keeping the posting blocks costs (`bench/postgres-writes-bench.ts`), on a
   * throwaway schema: a store written so has blocks that lag its postings, and must be searched with `sql`.
   */
  postingBlocks?: boolean | undefined;
}

/** The tables a deletion rewrites: vacuumed after one, so their dead rows leave the file. */
const indexTables =
  'seam_chunks, seam_postings, seam_posting_blocks, seam_posting_removals, seam_term_stats, seam_versions, seam_documents';

/** How many times a transaction that lost a serialization race or a deadlock is run again. */
const attempts = 5;

/**
 * Open a PostgreSQL store: connect, apply missing schema migrations (under an advisory lock), and
 * return the store. Every failure is a Seam error that names the store by its redacted URL.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<KnowledgeStore> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    // An unreachable host fails in seconds rather than hanging the command.
    connectionTimeoutMillis: 10_000,
    application_name: 'seam',
  });
  // A connection that breaks (a restart, `pg_terminate_backend`, a network cut) must never crash the process.
  // Idle in the pool it is the pool's `error`; checked out between two queries it is the client's own
  // (57P01 while a transaction awaits our code), which an unhandled `error` event would turn into a crash.
  // Either way the query in progress, or the next one, fails and reports it; the client is then discarded.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  try {
    const client = await pool.connect();
    try {
      if (options.mode === 'read') await requireSchema(client, redactUrl(options.url));
      else await migrate(client);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw toSeamError(error, options.url, 'opening the store');
  }
  return new PostgresKnowledgeStore(pool, options);
}

/** The reader's roles as the SQL rule takes them: `null` for the operator (see `readableSql`). */
function rolesOf(reader: Reader): string[] | null {
  return reader.kind === 'operator' ? null : (normalizeAcl(reader.roles) ?? []);
}

class PostgresKnowledgeStore implements KnowledgeStore {
  readonly specificationVersion = 'seam-store-v1' as const;
  private readonly url: string;
  private readonly now: () => Date;
  private readonly searchMode: SearchMode;
  private readonly postingBlocks: boolean;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    options: PostgresStoreOptions,
  ) {
    this.url = options.url;
    this.now = options.now ?? (() => new Date());
    this.searchMode = options.search ?? 'blocks';
    this.postingBlocks = options.postingBlocks ?? true;
  }

  async put(document: DocumentInput, options: WriteOptions): Promise<PutResult> {
    return this.transaction('writing a document', options.reader, (context) => putOne(context, document, options));
  }

  async putMany(documents: readonly DocumentInput[], options: Omit<WriteOptions, 'ifVersion'>): Promise<PutResult[]> {
    const results = await this.transaction('importing documents', options.reader, async (context) => {
      const written: PutResult[] = [];
      for (const document of documents) written.push(await putOne(context, document, options));
      return written;
    });
    // After a bulk load the planner's statistics lag until autovacuum's next round: refresh the search's now.
    if (results.reduce((sum, result) => sum + (result.status === 'unchanged' ? 0 : result.chunks), 0) >= 1000) {
      await this.query('analyzing the index after an import', 'ANALYZE seam_postings, seam_scopes, seam_chunks');
    }
    return results;
  }

  async get(id: string, options: ReadOptions & { version?: number | undefined }): Promise<DocumentVersion | undefined> {
    const rows = await this.query<VersionRow>(
      'reading a document',
      `SELECT ${versionColumns} FROM seam_versions v
       WHERE v.doc_id = $1 AND ($2::int IS NULL OR v.version = $2) AND ${readableSql('v.acl', '$3')}
       ORDER BY v.version DESC LIMIT 1`,
      [id, options.version ?? null, rolesOf(options.reader)],
    );
    return rows[0] && toDocumentVersion(rows[0], options.reader);
  }

  async getServed(id: string, options: ReadOptions & { at: string }): Promise<DocumentVersion | undefined> {
    const rows = await this.query<VersionRow>(
      'reading a document',
      `SELECT ${versionColumns} FROM seam_versions v
       WHERE v.doc_id = $1 AND v.served @> $2::timestamptz AND ${readableSql('v.acl', '$3')}`,
      [id, instantKey(options.at), rolesOf(options.reader)],
    );
    return rows[0] && toDocumentVersion(rows[0], options.reader);
  }

  async history(id: string, options: ReadOptions): Promise<VersionSummary[] | undefined> {
    const rows = await this.query<SummaryRow>(
      'reading history',
      `SELECT ${summaryColumns} FROM seam_versions v WHERE v.doc_id = $1 AND ${readableSql('v.acl', '$2')}
       ORDER BY v.version`,
      [id, rolesOf(options.reader)],
    );
    return rows.length > 0 ? rows.map(toVersionSummary) : undefined;
  }

  async timelines(options: ReadOptions & { collection?: string | undefined }): Promise<DocumentTimeline[]> {
    return this.run('reading timelines', (client) =>
      readTimelines(client, { reader: options.reader, roles: rolesOf(options.reader), collection: options.collection }),
    );
  }

  async revert(id: string, to: number, options: WriteOptions): Promise<PutResult> {
    return this.transaction('reverting a document', options.reader, (context) => revertOne(context, id, to, options));
  }

  async remove(
    id: string,
    options: ReadOptions & { ifVersion?: number | undefined },
  ): Promise<RemoveResult | undefined> {
    const result = await this.transaction('deleting a document', options.reader, (context) =>
      removeOne(context, id, options.ifVersion),
    );
    // Dead rows keep their bytes until vacuumed; VACUUM cannot run inside a transaction.
    if (result) await this.query('vacuuming after a deletion', `VACUUM ${indexTables}`);
    return result;
  }

  async list(options: ReadOptions & { collection?: string | undefined }): Promise<DocumentSummary[]> {
    const rows = await this.query<Omit<DocumentSummary, 'updated_at'> & { updated_at: Date }>(
      'listing documents',
      `SELECT * FROM (
         SELECT DISTINCT ON (v.doc_id) v.doc_id AS id, v.version, v.title, v.collection, v.acl,
           v.created_at AS updated_at, v.source
         FROM seam_versions v WHERE ${readableSql('v.acl', '$2')}
         ORDER BY v.doc_id, v.version DESC
       ) newest WHERE $1::text IS NULL OR newest.collection = $1 ORDER BY newest.id COLLATE "C"`,
      [options.collection ?? null, rolesOf(options.reader)],
    );
    return rows.map((row) => ({
      ...row,
      updated_at: row.updated_at.toISOString(),
      source: options.reader.kind === 'operator' ? row.source : null,
    }));
  }

  async searchText(query: TextQuery): Promise<Hit[]> {
    return this.run('searching', (client) =>
      searchChunks(client, { ...query, roles: rolesOf(query.reader), at: instantKey(query.at) }, this.searchMode),
    );
  }

  async termFrequencies(query: TermFrequencyQuery): Promise<TermFrequencies> {
    return this.run('counting words', (client) =>
      termFrequencies(client, { words: query.words, roles: rolesOf(query.reader) }),
    );
  }

  async putPrincipal(principal: Principal): Promise<{ status: 'created' | 'updated' }> {
    const bad = principal.roles.find((role) => !rolePattern.test(role));
    if (bad !== undefined) throw new InputError(`'${bad}' is not a valid role name`, { field: 'roles' });
    const rows = await this.query<{ created: boolean }>(
      'writing a principal',
      `INSERT INTO seam_principals (id, roles, created_at, updated_at) VALUES ($1, $2, $3, $3)
       ON CONFLICT (id) DO UPDATE SET roles = excluded.roles, updated_at = excluded.updated_at
       RETURNING (xmax = 0) AS created`,
      [principal.id, normalizeAcl(principal.roles), this.now().toISOString()],
    );
    return { status: rows[0]?.created ? 'created' : 'updated' };
  }

  async getPrincipal(id: string): Promise<Principal | undefined> {
    const rows = await this.query<Principal>(
      'reading a principal',
      'SELECT id, roles FROM seam_principals WHERE id = $1',
      [id],
    );
    return rows[0];
  }

  async listPrincipals(): Promise<Principal[]> {
    return this.query<Principal>('listing principals', 'SELECT id, roles FROM seam_principals ORDER BY id COLLATE "C"');
  }

  async removePrincipal(id: string): Promise<boolean> {
    return this.run('removing a principal', async (client) => {
      const result = await client.query('DELETE FROM seam_principals WHERE id = $1', [id]);
      return (result.rowCount ?? 0) > 0;
    });
  }

  private readonly server = createPostgresServerTables({
    run: (doing, work) => this.run(doing, work),
    transaction: (doing, work) => this.transaction(doing, operator, (context) => work(context.client)),
  });
  putToken: KnowledgeStore['putToken'] = (token) => this.server.putToken(token);
  findToken: KnowledgeStore['findToken'] = (prefix) => this.server.findToken(prefix);
  listTokens: KnowledgeStore['listTokens'] = () => this.server.listTokens();
  removeToken: KnowledgeStore['removeToken'] = (name) => this.server.removeToken(name);
  putSession: KnowledgeStore['putSession'] = (session) => this.server.putSession(session);
  findSession: KnowledgeStore['findSession'] = (hash, options) => this.server.findSession(hash, options);
  removeSession: KnowledgeStore['removeSession'] = (hash) => this.server.removeSession(hash);
  logAnswer: KnowledgeStore['logAnswer'] = (entry, options) => this.server.logAnswer(entry, options);
  recentAnswers: KnowledgeStore['recentAnswers'] = (options) => this.server.recentAnswers(options);
  removeAnswers: KnowledgeStore['removeAnswers'] = (options) => this.server.removeAnswers(options);

  async forgetSubject(request: ForgetSubjectRequest): Promise<ForgetSubjectResult> {
    requireOperator(request.reader);
    const result = await this.transaction('forgetting a subject', operator, (context) =>
      forgetSubjectRows(context, request),
    );
    if (!request.dryRun) {
      await this.query(
        'vacuuming after forgetting',
        `VACUUM ${indexTables}, seam_answer_log, seam_answer_citations, seam_sync_documents`,
      );
    }
    return result;
  }

  private readonly lineage = createPostgresLineageTables({
    run: (doing, work) => this.run(doing, work),
    transaction: (doing, work) => this.transaction(doing, operator, (context) => work(context.client)),
  });
  lineageSecret: ForgetMethods['lineageSecret'] = (options) =>
    operatorOnly(options, () => this.lineage.lineageSecret(options));
  recordDataset: ForgetMethods['recordDataset'] = (scan, options) =>
    operatorOnly(options, () => this.lineage.recordDataset(scan, options));
  tagModel: ForgetMethods['tagModel'] = (tag, options) =>
    operatorOnly(options, () => this.lineage.tagModel(tag, options));
  findLineage: ForgetMethods['findLineage'] = (options) =>
    operatorOnly(options, () => this.lineage.findLineage(options));
  listDatasets: ForgetMethods['listDatasets'] = (options) =>
    operatorOnly(options, () => this.lineage.listDatasets(options));
  putReceipt: ForgetMethods['putReceipt'] = (receipt, options) =>
    operatorOnly(options, () => this.lineage.putReceipt(receipt, options));
  listReceipts: ForgetMethods['listReceipts'] = (options) =>
    operatorOnly(options, () => this.lineage.listReceipts(options));

  private readonly sync = createPostgresSyncTables({
    run: (doing, work) => this.run(doing, work),
    transaction: (doing, work) => this.transaction(doing, operator, (context) => work(context.client)),
  });
  syncRecords: SyncMethods['syncRecords'] = (options) => operatorOnly(options, () => this.sync.syncRecords(options));
  putSyncRecords: SyncMethods['putSyncRecords'] = (records, options) =>
    operatorOnly(options, () => this.sync.putSyncRecords(records, options));
  removeSyncRecords: SyncMethods['removeSyncRecords'] = (ids, options) =>
    operatorOnly(options, () => this.sync.removeSyncRecords(ids, options));
  syncSources: SyncMethods['syncSources'] = (options) => operatorOnly(options, () => this.sync.syncSources(options));
  writeSynced: SyncMethods['writeSynced'] = (batch, options) =>
    operatorOnly(options, () =>
      this.transaction('writing synced documents', operator, (context) => writeSyncedRows(context, batch)),
    );
  putSyncSource: SyncMethods['putSyncSource'] = (state, options) =>
    operatorOnly(options, () => this.sync.putSyncSource(state, options));

  /** The data lives on the database server: nothing here to scan. */
  async storageFiles(options: ReadOptions): Promise<string[] | undefined> {
    requireOperator(options.reader);
    return undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async query<Row extends pg.QueryResultRow>(
    doing: string,
    text: string,
    values: unknown[] = [],
  ): Promise<Row[]> {
    return this.run(doing, async (client) => (await client.query<Row>(text, values)).rows);
  }

  private async run<T>(doing: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.connect(doing);
    let broken = false;
    try {
      return await work(client);
    } catch (error) {
      broken = !isServerError(error);
      throw toSeamError(error, this.url, doing);
    } finally {
      client.release(broken);
    }
  }

  /** Run `work` in one transaction, again from the start if it lost a serialization race or a deadlock. */
  private async transaction<T>(doing: string, reader: Reader, work: (context: WriteContext) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.connect(doing);
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await work({ client, now: this.now(), roles: rolesOf(reader) });
        // The postings of the chunks it indexed, and the BM25 statistics it changed (see `search-index.ts`).
        await writePending(client);
        await client.query('SELECT seam_fold_stats()');
        // The posting blocks last: the lock it takes is held only until the commit (`posting-blocks.ts`).
        if (this.postingBlocks) await flushPostingBlocks(client);
        else discardAddedPostings(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        discardPending(client);
        broken = !(await client.query('ROLLBACK').then(
          () => true,
          () => false,
        ));
        if (isRetryable(error) && attempt < attempts) continue;
        throw toSeamError(error, this.url, doing);
      } finally {
        client.release(broken);
      }
    }
  }

  private async connect(doing: string): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw toSeamError(error, this.url, doing);
    }
  }
}

/** Forget and lineage are the operator's: they span documents no principal may read whole. */
function requireOperator(reader: Reader): void {
  if (reader.kind !== 'operator') throw new PermissionError('only the operator may forget or read lineage');
}

async function operatorOnly<T>(options: { reader: Reader }, action: () => Promise<T>): Promise<T> {
  requireOperator(options.reader);
  return action();
}

/**
 * An error after which the connection is still usable: one the server reported about the statement, or one
 * of Seam's own. Not a lost connection (class 08) nor a server shutting down or killing the session
 * (57P01-57P03): those arrive as `DatabaseError`s too, but the connection behind them is gone.
 */
function isServerError(error: unknown): boolean {
  if (SeamError.isInstance(error)) return true;
  if (!(error instanceof pg.DatabaseError)) return false;
  const state = error.code ?? '';
  return !state.startsWith('08') && !state.startsWith('57P');
}
