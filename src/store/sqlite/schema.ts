import type Database from 'better-sqlite3';
import { grantsOf, normalizeAcl, operator } from '../../access.js';
import { contentHash } from '../content.js';
import { forgetSchemaSql } from './forget-schema.js';
import { rebuildFullText } from './indexing.js';
import { toDocumentVersion, type VersionRow } from './rows.js';
import {
  discardPostings,
  recountSearchTotals,
  searchChunkTermsSql,
  searchPostingsSql,
  searchTotalsSql,
} from './search-postings.js';
import { syncSchemaSql } from './sync-tables.js';

/**
 * The embedded store's schema. One SQLite file; `user_version` records the schema version, and the
 * ordered `migrationSteps` below take a store from any older version (0: a new file) to the newest.
 *
 * - `versions` holds every version's full content (history, show, diff, revert).
 * - `served` holds, per version, the intervals in which it is the one in effect (see `timeline.ts`).
 * - `chunks` and the contentless FTS5 table `chunks_fts` index only versions that are served at some
 *   instant; every other version's chunks are deleted in the transaction that superseded it.
 * - `version_roles` holds each version's grants (`grantsOf` in `src/access.ts`): one row per role, in lower
 *   case, or one `*` row when public; the access rule is a membership test against it.
 * - The full-text index has a `scope` column holding each chunk's version grants and collection as tokens
 *   (see `fts-scope.ts`): a search matches the reader's grants inside FTS5 itself.
 * - Each chunk row also carries its version's collection and served interval (denormalized), so a
 *   full-text match is checked against effective dates in its own row, with no further lookup;
 *   `served_split` marks the rare version served in several intervals, which is checked against `served`.
 */

/** What a step may ask of the store: the parts of its upkeep that are code, not SQL. */
export interface MigrationHooks {
  /** Recompute served intervals and the denormalized chunk columns of every document. */
  reindexAll(): void;
}

/** One step: brings a store at `version - 1` to `version`. Steps run in order, each in the one transaction. */
export interface MigrationStep {
  version: number;
  description: string;
  apply(db: Database.Database, hooks: MigrationHooks): void;
}

/**
 * The ordered steps. To change the schema, append a step with the next version number; never edit a
 * step that has shipped (stores in the field have run it).
 */
export const migrationSteps: readonly MigrationStep[] = [
  {
    version: 1,
    description: 'documents, versions, access lists, served intervals, chunks and their full-text index',
    apply(db) {
      db.exec(`
CREATE TABLE IF NOT EXISTS documents (
  id TEXT PRIMARY KEY,
  head INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS versions (
  doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  title TEXT NOT NULL,
  collection TEXT NOT NULL,
  acl TEXT,
  effective_from TEXT,
  effective_until TEXT,
  subjects TEXT NOT NULL,
  tags TEXT NOT NULL,
  extra TEXT NOT NULL,
  body TEXT NOT NULL,
  source TEXT,
  author TEXT NOT NULL,
  message TEXT NOT NULL,
  created_at TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  PRIMARY KEY (doc_id, version)
);
CREATE INDEX IF NOT EXISTS versions_collection ON versions(collection);
CREATE INDEX IF NOT EXISTS versions_source ON versions(source);
CREATE TABLE IF NOT EXISTS version_roles (
  doc_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  role TEXT NOT NULL,
  PRIMARY KEY (doc_id, version, role),
  FOREIGN KEY (doc_id, version) REFERENCES versions(doc_id, version) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS served (
  doc_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  from_key TEXT,
  until_key TEXT,
  FOREIGN KEY (doc_id, version) REFERENCES versions(doc_id, version) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS served_version ON served(doc_id, version);
CREATE TABLE IF NOT EXISTS chunks (
  id INTEGER PRIMARY KEY,
  doc_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  ordinal INTEGER NOT NULL,
  heading_path TEXT NOT NULL,
  text TEXT NOT NULL,
  FOREIGN KEY (doc_id, version) REFERENCES versions(doc_id, version) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS chunks_version ON chunks(doc_id, version);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
  title, headings, body,
  content = '', contentless_delete = 1,
  tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TABLE IF NOT EXISTS principals (
  id TEXT PRIMARY KEY,
  roles TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
`);
      // FTS5 removes a deleted row's terms from the index at once instead of leaving them until a merge.
      db.prepare("INSERT INTO chunks_fts(chunks_fts, rank) VALUES ('secure-delete', 1)").run();
    },
  },
  {
    version: 2,
    description: "each chunk carries its version's collection, readers and served interval",
    apply(db, hooks) {
      db.exec(`
        ALTER TABLE chunks ADD COLUMN collection TEXT NOT NULL DEFAULT '';
        ALTER TABLE chunks ADD COLUMN readers TEXT;
        ALTER TABLE chunks ADD COLUMN served_from TEXT;
        ALTER TABLE chunks ADD COLUMN served_until TEXT;
        ALTER TABLE chunks ADD COLUMN served_split INTEGER NOT NULL DEFAULT 0;
      `);
      hooks.reindexAll();
    },
  },
  {
    version: 3,
    description: 'role names in lower case; chunk readers hold grants (`,*,` for public), never NULL',
    apply: migrateTo3,
  },
  {
    version: 4,
    description: 'API tokens (a lookup prefix and a SHA-256 hash, never the token) and the answer log',
    apply: (db) => db.exec(migrateTo4Sql),
  },
  {
    version: 5,
    description: 'grants and collection in the full-text index (`scope`); chunks lose `readers`',
    apply: migrateTo5,
  },
  {
    version: 6,
    description: 'forget and lineage: redaction marks, the lineage secret, dataset scans, model tags, forget receipts',
    apply(db) {
      const columns = db.prepare('PRAGMA table_info(versions)').all() as { name: string }[];
      if (!columns.some((column) => column.name === 'redacted_by')) {
        db.exec('ALTER TABLE versions ADD COLUMN redacted_by TEXT');
      }
      db.exec(forgetSchemaSql);
    },
  },
  {
    version: 7,
    description: 'console sessions (the SHA-256 of the session id, never the id), shared by every server on the store',
    apply: (db) =>
      db.exec(`
        CREATE TABLE IF NOT EXISTS sessions (
          hash TEXT PRIMARY KEY,
          principal TEXT NOT NULL,
          token_prefix TEXT NOT NULL,
          token_hash TEXT NOT NULL,
          expires_at TEXT NOT NULL,
          view_as TEXT
        );
        CREATE INDEX IF NOT EXISTS sessions_token ON sessions(token_prefix);
      `),
  },
  {
    version: 8,
    description: "seam sync: which documents came from which upstream source, and each source's cursor and last run",
    apply(db) {
      db.exec(syncSchemaSql);
    },
  },
  {
    version: 9,
    description: 'answer log: the principal an admin was viewing as when asking (`viewed_as`)',
    apply(db) {
      const columns = db.prepare('PRAGMA table_info(answer_log)').all() as { name: string }[];
      if (!columns.some((column) => column.name === 'viewed_as')) {
        db.exec('ALTER TABLE answer_log ADD COLUMN viewed_as TEXT');
      }
    },
  },
  {
    version: 10,
    description: "the search's own posting lists (`search-postings.ts`), built by indexing every served version again",
    apply(db, hooks) {
      db.exec(searchPostingsSql);
      // Rebuilt from the versions, so the posting lists and FTS5 hold the very same chunks.
      discardPostings(db);
      db.prepare("INSERT INTO chunks_fts(chunks_fts) VALUES ('delete-all')").run();
      db.exec('DELETE FROM chunks');
      hooks.reindexAll();
    },
  },
  {
    version: 11,
    description: "each indexed chunk's terms, so deleting it does not tokenize its text again (older chunks still are)",
    apply(db) {
      db.exec(searchChunkTermsSql);
    },
  },
  {
    version: 12,
    description:
      "BM25's chunk count and total length kept by the store (FTS5's never come down on a delete), counted afresh",
    apply(db) {
      db.exec(searchTotalsSql);
      recountSearchTotals(db);
    },
  },
];

/** The newest schema version: the last step's. */
export const schemaVersion = migrationSteps[migrationSteps.length - 1]?.version ?? 0;

/**
 * Schema 2 to 3. Role names become lower case in access lists (content hashes follow, so re-importing an
 * unchanged file stays a no-op), in `version_roles` and in principals; every version's grants are
 * rewritten from its access list (`acl: []` now grants no one, where the search query used to read it as
 * everyone). Step 5 moves the grants the search checks into the full-text index.
 */
function migrateTo3(db: Database.Database, hooks: MigrationHooks): void {
  const rows = db.prepare('SELECT * FROM versions').all() as VersionRow[];
  const update = db.prepare('UPDATE versions SET acl = ?, content_hash = ? WHERE doc_id = ? AND version = ?');
  const insertGrant = db.prepare('INSERT OR IGNORE INTO version_roles (doc_id, version, role) VALUES (?, ?, ?)');
  db.prepare('DELETE FROM version_roles').run();
  for (const row of rows) {
    const document = toDocumentVersion(row, operator);
    const acl = normalizeAcl(document.acl);
    if (row.acl !== null && JSON.stringify(acl) !== row.acl) {
      update.run(JSON.stringify(acl), contentHash({ ...document, acl, source: undefined }), row.doc_id, row.version);
    }
    for (const grant of grantsOf(acl)) insertGrant.run(row.doc_id, row.version, grant);
  }
  const principals = db.prepare('SELECT id, roles FROM principals').all() as { id: string; roles: string }[];
  const setRoles = db.prepare('UPDATE principals SET roles = ? WHERE id = ?');
  for (const principal of principals) {
    const roles = normalizeAcl(JSON.parse(principal.roles) as string[]) ?? [];
    setRoles.run(JSON.stringify(roles), principal.id);
  }
  hooks.reindexAll();
}

/**
 * Step 5: the access rule moves into the full-text index. It is rebuilt with each chunk's version grants
 * and collection in a `scope` column (see `fts-scope.ts`), and the chunks' `readers` column, which the
 * search used to check row by row, goes. Safe to run again.
 */
function migrateTo5(db: Database.Database): void {
  rebuildFullText(db);
  const columns = db.prepare("SELECT name FROM pragma_table_info('chunks')").all() as { name: string }[];
  if (columns.some((column) => column.name === 'readers')) db.exec('ALTER TABLE chunks DROP COLUMN readers');
}

/**
 * Step 4: API tokens and the answer log (the server's).
 * - `tokens` keeps, per token, a lookup prefix and the SHA-256 of the whole token: never the token itself.
 * - `answer_log` records who asked what and which versions the answer cited; it is private data, pruned
 *   to a bounded size on every insert and deletable by principal.
 */
const migrateTo4Sql = `
CREATE TABLE IF NOT EXISTS tokens (
  name TEXT PRIMARY KEY,
  principal TEXT NOT NULL,
  prefix TEXT NOT NULL UNIQUE,
  hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS answer_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  principal TEXT NOT NULL,
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  refused INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS answer_citations (
  answer_id INTEGER NOT NULL REFERENCES answer_log(id) ON DELETE CASCADE,
  doc_id TEXT NOT NULL,
  version INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS answer_citations_version ON answer_citations(doc_id, version);
CREATE INDEX IF NOT EXISTS answer_citations_answer ON answer_citations(answer_id);
CREATE INDEX IF NOT EXISTS answer_log_principal ON answer_log(principal);
`;
