import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { chunkMarkdown } from '../../documents/chunk-markdown.js';
import { instantKey } from '../../documents/parse-document.js';
import { ConflictError, IoError, NotFoundError } from '../../errors.js';
import { contentHash, queryTerms } from '../content.js';
import type {
  DocumentInput,
  DocumentSummary,
  DocumentVersion,
  Hit,
  KnowledgeStore,
  Principal,
  PutResult,
  RemoveResult,
  TextQuery,
  VersionSummary,
  WriteOptions,
} from '../knowledge-store.js';
import { servedIntervals } from '../timeline.js';
import { migrateFrom1Sql, migrateTo4Sql, schemaSql, schemaVersion } from './schema.js';
import { createSqliteServerTables, type SqliteServerTables } from './sqlite-server-tables.js';

export interface SqliteStoreOptions {
  /** Path of the database file; created with its folder when missing. `:memory:` for a throwaway store. */
  path: string;
  /** The clock used for `created_at`; injectable for tests. */
  now?: () => Date;
}

interface VersionRow {
  doc_id: string;
  version: number;
  title: string;
  collection: string;
  acl: string | null;
  effective_from: string | null;
  effective_until: string | null;
  subjects: string;
  tags: string;
  extra: string;
  body: string;
  source: string | null;
  author: string;
  message: string;
  created_at: string;
  content_hash: string;
}

/** BM25 column weights: a match in the title or a heading counts more than one in the body. */
const bm25Weights = '4.0, 2.0, 1.0';

export function openSqliteStore(options: SqliteStoreOptions): KnowledgeStore {
  return new SqliteKnowledgeStore(options);
}

class SqliteKnowledgeStore implements KnowledgeStore {
  readonly specificationVersion = 'seam-store-v1' as const;
  private readonly db: Database.Database;
  private readonly now: () => Date;
  private readonly server: SqliteServerTables;

  constructor(options: SqliteStoreOptions) {
    this.now = options.now ?? (() => new Date());
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    try {
      this.db = new Database(options.path);
      this.db.pragma('busy_timeout = 5000');
      this.db.pragma('journal_mode = WAL');
      // Deleted content is overwritten with zeros, so `kb rm` leaves nothing readable in the file.
      this.db.pragma('secure_delete = ON');
      this.db.pragma('foreign_keys = ON');
      this.migrate();
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
    this.db.transaction(() => {
      if (current === 1) {
        this.db.exec(migrateFrom1Sql);
        const documents = this.db.prepare('SELECT id FROM documents').all() as { id: string }[];
        for (const { id } of documents) this.reindex(id, { refreshAll: true });
      } else if (current === 0) {
        this.db.exec(schemaSql);
        // FTS5 removes a deleted row's terms from the index at once instead of leaving them until a merge.
        this.db.prepare("INSERT INTO chunks_fts(chunks_fts, rank) VALUES ('secure-delete', 1)").run();
      }
      if (current < 4) this.db.exec(migrateTo4Sql);
      this.db.pragma(`user_version = ${schemaVersion}`);
    })();
  }

  async put(document: DocumentInput, options: WriteOptions): Promise<PutResult> {
    return this.db.transaction(() => this.putOne(document, options)).immediate();
  }

  async putMany(documents: readonly DocumentInput[], options: Omit<WriteOptions, 'ifVersion'>): Promise<PutResult[]> {
    return this.db.transaction(() => documents.map((document) => this.putOne(document, options))).immediate();
  }

  async get(id: string, options: { version?: number | undefined } = {}): Promise<DocumentVersion | undefined> {
    const row =
      options.version === undefined
        ? (this.db
            .prepare(
              'SELECT v.* FROM versions v JOIN documents d ON d.id = v.doc_id AND d.head = v.version WHERE d.id = ?',
            )
            .get(id) as VersionRow | undefined)
        : (this.db.prepare('SELECT * FROM versions WHERE doc_id = ? AND version = ?').get(id, options.version) as
            | VersionRow
            | undefined);
    return row && toDocumentVersion(row);
  }

  async getServed(id: string, at: string): Promise<DocumentVersion | undefined> {
    const row = this.db
      .prepare(
        `SELECT v.* FROM versions v JOIN served s ON s.doc_id = v.doc_id AND s.version = v.version
         WHERE v.doc_id = @id AND (s.from_key IS NULL OR s.from_key <= @at) AND (s.until_key IS NULL OR @at < s.until_key)`,
      )
      .get({ id, at: instantKey(at) }) as VersionRow | undefined;
    return row && toDocumentVersion(row);
  }

  async history(id: string): Promise<VersionSummary[] | undefined> {
    const rows = this.db
      .prepare(
        `SELECT version, created_at, author, message, title, effective_from, effective_until
         FROM versions WHERE doc_id = ? ORDER BY version`,
      )
      .all(id) as VersionSummary[];
    return rows.length > 0 ? rows : undefined;
  }

  async revert(id: string, to: number, options: WriteOptions): Promise<PutResult> {
    return this.db
      .transaction(() => {
        const row = this.db.prepare('SELECT * FROM versions WHERE doc_id = ? AND version = ?').get(id, to) as
          | VersionRow
          | undefined;
        if (!row) throw new NotFoundError(`${id} version ${to}`, `not found: '${id}' has no version ${to}`);
        const old = toDocumentVersion(row);
        return this.putOne(
          { ...old, source: old.source ?? undefined },
          { ...options, message: options.message ?? `revert to version ${to}` },
        );
      })
      .immediate();
  }

  async remove(id: string): Promise<RemoveResult | undefined> {
    const result = this.db
      .transaction((): RemoveResult | undefined => {
        const versions = this.db.prepare('SELECT count(*) AS n FROM versions WHERE doc_id = ?').get(id) as {
          n: number;
        };
        if (versions.n === 0) return undefined;
        const chunks = this.deleteChunks(id);
        this.db.prepare('DELETE FROM served WHERE doc_id = ?').run(id);
        this.db.prepare('DELETE FROM version_roles WHERE doc_id = ?').run(id);
        this.db.prepare('DELETE FROM versions WHERE doc_id = ?').run(id);
        this.db.prepare('DELETE FROM documents WHERE id = ?').run(id);
        return { id, versions: versions.n, chunks };
      })
      .immediate();
    if (result) {
      // Merge the full-text index so no segment keeps the deleted terms, then copy the zeroed pages
      // out of the write-ahead log into the main file and truncate the log.
      this.db.prepare("INSERT INTO chunks_fts(chunks_fts) VALUES ('optimize')").run();
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    }
    return result;
  }

  async list(options: { collection?: string | undefined } = {}): Promise<DocumentSummary[]> {
    const rows = this.db
      .prepare(
        `SELECT d.id, d.head AS version, v.title, v.collection, v.acl, d.updated_at, v.source
         FROM documents d JOIN versions v ON v.doc_id = d.id AND v.version = d.head
         WHERE @collection IS NULL OR v.collection = @collection ORDER BY d.id`,
      )
      .all({ collection: options.collection ?? null }) as (Omit<DocumentSummary, 'acl'> & { acl: string | null })[];
    return rows.map((row) => ({ ...row, acl: row.acl === null ? null : (JSON.parse(row.acl) as string[]) }));
  }

  async searchText(query: TextQuery): Promise<Hit[]> {
    const match = ftsMatchExpression(query.text);
    if (!match || query.k <= 0) return [];
    // Access and effective dates are checked in each matching chunk's own row (see schema.ts); chunk text
    // and version details are read for the top k alone.
    const roles = query.access.all ? [] : [...new Set(query.access.roles)];
    const readable = query.access.all
      ? '1'
      : ['c.readers IS NULL', ...roles.map((_, index) => `instr(c.readers, @role${index}) > 0`)].join(' OR ');
    const rows = this.db
      .prepare(
        `WITH top AS (
           SELECT c.id, bm25(chunks_fts, ${bm25Weights}) AS rank
           FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid
           WHERE chunks_fts MATCH @match
             AND (${readable})
             AND (@collection IS NULL OR c.collection = @collection)
             AND CASE WHEN c.served_split = 0
                   THEN (c.served_from IS NULL OR c.served_from <= @at) AND (c.served_until IS NULL OR @at < c.served_until)
                   ELSE EXISTS (SELECT 1 FROM served s WHERE s.doc_id = c.doc_id AND s.version = c.version
                                AND (s.from_key IS NULL OR s.from_key <= @at) AND (s.until_key IS NULL OR @at < s.until_key))
                 END
           ORDER BY rank LIMIT @k
         )
         SELECT c.doc_id, c.version, c.ordinal, c.heading_path, c.text, v.title, v.collection,
                v.effective_from, v.effective_until, top.rank
         FROM top JOIN chunks c ON c.id = top.id JOIN versions v ON v.doc_id = c.doc_id AND v.version = c.version
         ORDER BY top.rank`,
      )
      .all({
        match,
        at: instantKey(query.at),
        collection: query.collection ?? null,
        k: query.k,
        ...Object.fromEntries(roles.map((role, index) => [`role${index}`, `,${role},`])),
      }) as {
      doc_id: string;
      version: number;
      ordinal: number;
      heading_path: string;
      text: string;
      title: string;
      collection: string;
      effective_from: string | null;
      effective_until: string | null;
      rank: number;
    }[];
    return rows.map((row) => ({
      id: row.doc_id,
      version: row.version,
      title: row.title,
      collection: row.collection,
      heading_path: JSON.parse(row.heading_path) as string[],
      score: Number((-row.rank).toPrecision(4)),
      text: row.text,
      effective_from: row.effective_from,
      effective_until: row.effective_until,
      chunk: row.ordinal,
    }));
  }

  async putPrincipal(principal: Principal): Promise<{ status: 'created' | 'updated' }> {
    const now = this.now().toISOString();
    const existed = this.db.prepare('SELECT 1 FROM principals WHERE id = ?').get(principal.id) !== undefined;
    this.db
      .prepare(
        `INSERT INTO principals (id, roles, created_at, updated_at) VALUES (@id, @roles, @now, @now)
         ON CONFLICT(id) DO UPDATE SET roles = excluded.roles, updated_at = excluded.updated_at`,
      )
      .run({ id: principal.id, roles: JSON.stringify([...new Set(principal.roles)].sort()), now });
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

  /** One document's write; runs inside the caller's transaction. */
  private putOne(document: DocumentInput, options: WriteOptions): PutResult {
    const head = this.db.prepare('SELECT head FROM documents WHERE id = ?').get(document.id) as
      | { head: number }
      | undefined;
    if (options.ifVersion !== undefined && (head?.head ?? 0) !== options.ifVersion) {
      throw new ConflictError(document.id, options.ifVersion, head?.head);
    }
    const hash = contentHash(document);
    if (head) {
      const latest = this.db
        .prepare('SELECT content_hash FROM versions WHERE doc_id = ? AND version = ?')
        .get(document.id, head.head) as { content_hash: string };
      if (latest.content_hash === hash) {
        return { id: document.id, version: head.head, status: 'unchanged', chunks: this.chunkCount(document.id) };
      }
    }
    const version = (head?.head ?? 0) + 1;
    const now = this.now().toISOString();
    if (head) {
      this.db.prepare('UPDATE documents SET head = ?, updated_at = ? WHERE id = ?').run(version, now, document.id);
    } else {
      this.db
        .prepare('INSERT INTO documents (id, head, created_at, updated_at) VALUES (?, ?, ?, ?)')
        .run(document.id, version, now, now);
    }
    this.db
      .prepare(
        `INSERT INTO versions (doc_id, version, title, collection, acl, effective_from, effective_until, subjects, tags,
           extra, body, source, author, message, created_at, content_hash)
         VALUES (@doc_id, @version, @title, @collection, @acl, @effective_from, @effective_until, @subjects, @tags,
           @extra, @body, @source, @author, @message, @created_at, @content_hash)`,
      )
      .run({
        doc_id: document.id,
        version,
        title: document.title,
        collection: document.collection,
        acl: document.acl === null ? null : JSON.stringify(document.acl),
        effective_from: document.effective_from,
        effective_until: document.effective_until,
        subjects: JSON.stringify(document.subjects),
        tags: JSON.stringify(document.tags),
        extra: JSON.stringify(document.extra),
        body: document.body,
        source: document.source ?? null,
        author: options.author,
        message: options.message ?? '',
        created_at: now,
        content_hash: hash,
      });
    const insertRole = this.db.prepare('INSERT INTO version_roles (doc_id, version, role) VALUES (?, ?, ?)');
    for (const role of document.acl ?? ['*']) insertRole.run(document.id, version, role);
    this.reindex(document.id);
    return {
      id: document.id,
      version,
      status: head ? 'updated' : 'created',
      chunks: this.chunkCount(document.id),
    };
  }

  /**
   * Recompute which versions are served when, and make the index hold exactly the chunks of those
   * versions: versions no longer served at any instant lose their chunks in this same transaction.
   */
  private reindex(id: string, options: { refreshAll?: boolean } = {}): void {
    const versions = this.db
      .prepare('SELECT version, effective_from, effective_until FROM versions WHERE doc_id = ?')
      .all(id) as { version: number; effective_from: string | null; effective_until: string | null }[];
    const intervals = servedIntervals(versions);
    this.db.prepare('DELETE FROM served WHERE doc_id = ?').run(id);
    const insertServed = this.db.prepare(
      'INSERT INTO served (doc_id, version, from_key, until_key) VALUES (?, ?, ?, ?)',
    );
    for (const interval of intervals) insertServed.run(id, interval.version, interval.from, interval.until);

    const servedVersions = new Set(intervals.map((interval) => interval.version));
    const indexed = (
      this.db.prepare('SELECT DISTINCT version FROM chunks WHERE doc_id = ?').all(id) as { version: number }[]
    ).map((row) => row.version);
    for (const version of indexed) if (!servedVersions.has(version)) this.deleteChunks(id, version);
    for (const version of servedVersions) if (!indexed.includes(version)) this.indexVersion(id, version);

    // Copy each served version's interval into its chunk rows: a new version can shrink an older one's.
    const setServed = this.db.prepare(
      'UPDATE chunks SET served_from = ?, served_until = ?, served_split = ? WHERE doc_id = ? AND version = ?',
    );
    for (const version of servedVersions) {
      const own = intervals.filter((interval) => interval.version === version);
      const [only] = own;
      if (own.length === 1 && only) setServed.run(only.from, only.until, 0, id, version);
      else setServed.run(null, null, 1, id, version);
    }
    if (options.refreshAll) {
      this.db
        .prepare(
          `UPDATE chunks SET collection = (SELECT collection FROM versions v WHERE v.doc_id = chunks.doc_id AND v.version = chunks.version),
             readers = (SELECT ${readersSql('v.acl')} FROM versions v WHERE v.doc_id = chunks.doc_id AND v.version = chunks.version)
           WHERE doc_id = ?`,
        )
        .run(id);
    }
  }

  private indexVersion(id: string, version: number): void {
    const row = this.db
      .prepare(
        `SELECT title, body, collection, ${readersSql('acl')} AS readers FROM versions WHERE doc_id = ? AND version = ?`,
      )
      .get(id, version) as { title: string; body: string; collection: string; readers: string | null };
    const insertChunk = this.db.prepare(
      'INSERT INTO chunks (doc_id, version, ordinal, heading_path, text, collection, readers) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const insertFts = this.db.prepare('INSERT INTO chunks_fts (rowid, title, headings, body) VALUES (?, ?, ?, ?)');
    chunkMarkdown(row.body).forEach((chunk, ordinal) => {
      const { lastInsertRowid } = insertChunk.run(
        id,
        version,
        ordinal,
        JSON.stringify(chunk.headingPath),
        chunk.text,
        row.collection,
        row.readers,
      );
      insertFts.run(lastInsertRowid, row.title, chunk.headingPath.join(' / '), chunk.text);
    });
  }

  /** Delete the chunks (and their index entries) of one version, or of every version. */
  private deleteChunks(id: string, version?: number): number {
    const where = version === undefined ? 'doc_id = ?' : 'doc_id = ? AND version = ?';
    const parameters = version === undefined ? [id] : [id, version];
    this.db.prepare(`DELETE FROM chunks_fts WHERE rowid IN (SELECT id FROM chunks WHERE ${where})`).run(...parameters);
    return this.db.prepare(`DELETE FROM chunks WHERE ${where}`).run(...parameters).changes;
  }

  private chunkCount(id: string): number {
    return (this.db.prepare('SELECT count(*) AS n FROM chunks WHERE doc_id = ?').get(id) as { n: number }).n;
  }
}

/**
 * An FTS5 MATCH expression for a free-text query: every term quoted (so user text can never be read as
 * query syntax) and joined with OR, leaving BM25 to rank documents that match more terms higher.
 */
function ftsMatchExpression(text: string): string {
  return queryTerms(text)
    .map((term) => `"${term}"`)
    .join(' OR ');
}

/** A version's access list as the `readers` column: NULL for everyone, else `,role1,role2,` for `instr` checks. */
function readersSql(aclColumn: string): string {
  return `CASE WHEN ${aclColumn} IS NULL THEN NULL ELSE ',' || (SELECT group_concat(value, ',') FROM json_each(${aclColumn})) || ',' END`;
}

function toDocumentVersion(row: VersionRow): DocumentVersion {
  return {
    id: row.doc_id,
    version: row.version,
    title: row.title,
    collection: row.collection,
    acl: row.acl === null ? null : (JSON.parse(row.acl) as string[]),
    effective_from: row.effective_from,
    effective_until: row.effective_until,
    subjects: JSON.parse(row.subjects) as string[],
    tags: JSON.parse(row.tags) as string[],
    extra: JSON.parse(row.extra) as Record<string, unknown>,
    body: row.body,
    source: row.source,
    created_at: row.created_at,
    author: row.author,
    message: row.message,
  };
}
