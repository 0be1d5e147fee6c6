/**
 * The embedded store's schema. One SQLite file; `user_version` records the schema version.
 *
 * - `versions` holds every version's full content (history, show, diff, revert).
 * - `served` holds, per version, the intervals in which it is the one in effect (see `timeline.ts`).
 * - `chunks` and the contentless FTS5 table `chunks_fts` index only versions that are served at some
 *   instant; every other version's chunks are deleted in the transaction that superseded it.
 * - `version_roles` is the access list of each version: one row per role, or one `*` row when public.
 * - Each chunk row also carries its version's collection, readers and served interval (denormalized), so a
 *   full-text match is checked against access and effective dates in its own row, with no further lookup;
 *   `served_split` marks the rare version served in several intervals, which is checked against `served`.
 */
export const schemaVersion = 4;

export const schemaSql = `
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
  collection TEXT NOT NULL DEFAULT '',
  readers TEXT,
  served_from TEXT,
  served_until TEXT,
  served_split INTEGER NOT NULL DEFAULT 0,
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
`;

/** Schema 1 to 2: the denormalized access and effective-date columns of `chunks` (backfilled by the store). */
export const migrateFrom1Sql = `
ALTER TABLE chunks ADD COLUMN collection TEXT NOT NULL DEFAULT '';
ALTER TABLE chunks ADD COLUMN readers TEXT;
ALTER TABLE chunks ADD COLUMN served_from TEXT;
ALTER TABLE chunks ADD COLUMN served_until TEXT;
ALTER TABLE chunks ADD COLUMN served_split INTEGER NOT NULL DEFAULT 0;
`;

/**
 * Step 4: API tokens and the answer log (the server's).
 * - `tokens` keeps, per token, a lookup prefix and the SHA-256 of the whole token: never the token itself.
 * - `answer_log` records who asked what and which versions the answer cited; it is private data, pruned
 *   to a bounded size on every insert and reachable by principal for deletion.
 * (Schema 3 is the access step being written in parallel; these statements are idempotent.)
 */
export const migrateTo4Sql = `
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
