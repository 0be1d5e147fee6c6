import type pg from 'pg';
import { StoreError } from '../../errors.js';
import { forgetMigrationSql } from './forget-migration.js';
import { backfillPostingBlocks, postingBlocksSql } from './posting-blocks.js';
import { backfillSearchIndex, searchIndexSql } from './search-index.js';
import { syncMigrationSql } from './sync-tables.js';

/**
 * The PostgreSQL store's schema, as an ordered list of migrations. Each runs once, in its own
 * transaction with the others, under an advisory lock, so two processes opening a fresh database at
 * the same moment apply it exactly once. `seam_migrations` records what was applied.
 *
 * - `seam_versions` holds every version's full content; `served` is the set of instants at which that
 *   version is the one in effect (see `timeline.ts`), empty when it is superseded everywhere.
 * - `seam_chunks` indexes only versions served at some instant, and carries its version's collection,
 *   grants (`readers`: the acl's roles, or `{*}` for everyone) and served instants (denormalized), so a
 *   full-text match is checked against access and effective dates in its own row. Its terms are in
 *   `seam_postings` (migration 4, see `search-index.ts`).
 * - Instants are `timestamptz`; the original `effective_from`/`effective_until` text is kept for display.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
  /** What the migration computes in code after its SQL (a backfill), in the same transaction. */
  apply?: (client: pg.PoolClient) => Promise<void>;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'documents, versions, chunks with full-text index, principals',
    sql: `
CREATE TABLE seam_documents (
  id text PRIMARY KEY,
  head integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE TABLE seam_versions (
  doc_id text NOT NULL REFERENCES seam_documents(id) ON DELETE CASCADE,
  version integer NOT NULL,
  title text NOT NULL,
  collection text NOT NULL,
  acl text[],
  effective_from text,
  effective_until text,
  served tstzmultirange NOT NULL DEFAULT '{}',
  subjects jsonb NOT NULL,
  tags jsonb NOT NULL,
  extra jsonb NOT NULL,
  body text NOT NULL,
  source text,
  author text NOT NULL,
  message text NOT NULL,
  created_at timestamptz NOT NULL,
  content_hash text NOT NULL,
  PRIMARY KEY (doc_id, version)
);
CREATE INDEX seam_versions_source ON seam_versions(source);
CREATE TABLE seam_chunks (
  id bigserial PRIMARY KEY,
  doc_id text NOT NULL,
  version integer NOT NULL,
  ordinal integer NOT NULL,
  heading_path jsonb NOT NULL,
  text text NOT NULL,
  collection text NOT NULL,
  readers text[] NOT NULL,
  served tstzmultirange NOT NULL,
  tsv tsvector NOT NULL,
  FOREIGN KEY (doc_id, version) REFERENCES seam_versions(doc_id, version) ON DELETE CASCADE
);
CREATE INDEX seam_chunks_version ON seam_chunks(doc_id, version);
-- One GIN index over words and readers: a reader allowed few documents is filtered inside the index.
CREATE INDEX seam_chunks_search ON seam_chunks USING gin (tsv, readers);
CREATE TABLE seam_principals (
  id text PRIMARY KEY,
  roles text[] NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
-- OR over the terms of a query, each parsed by plainto_tsquery (so user text is never query syntax).
CREATE AGGREGATE seam_tsquery_or(tsquery) (SFUNC = tsquery_or, STYPE = tsquery, INITCOND = '');
`,
  },
  {
    version: 2,
    description: 'API tokens (a lookup prefix and a SHA-256 hash, never the token) and the answer log',
    sql: `
CREATE TABLE seam_tokens (
  name text PRIMARY KEY,
  principal text NOT NULL,
  prefix text NOT NULL UNIQUE,
  hash text NOT NULL,
  created_at text NOT NULL
);
CREATE TABLE seam_answer_log (
  id bigserial PRIMARY KEY,
  at text NOT NULL,
  principal text NOT NULL,
  question text NOT NULL,
  answer text NOT NULL,
  refused boolean NOT NULL
);
CREATE INDEX seam_answer_log_principal ON seam_answer_log(principal);
CREATE TABLE seam_answer_citations (
  answer_id bigint NOT NULL REFERENCES seam_answer_log(id) ON DELETE CASCADE,
  ordinal integer NOT NULL,
  doc_id text NOT NULL,
  version integer NOT NULL,
  PRIMARY KEY (answer_id, ordinal)
);
CREATE INDEX seam_answer_citations_version ON seam_answer_citations(doc_id, version);
`,
  },
  {
    version: 3,
    description: 'forget and lineage: redaction marks, the lineage secret, dataset scans, model tags, forget receipts',
    sql: forgetMigrationSql,
  },
  {
    version: 4,
    description: 'BM25 ranking: postings, per-term and index statistics kept by triggers, backfilled from the chunks',
    sql: searchIndexSql,
    apply: backfillSearchIndex,
  },
  {
    version: 5,
    description: 'console sessions (the SHA-256 of the session id, never the id), shared by every server on the store',
    sql: `
CREATE TABLE seam_sessions (
  hash text PRIMARY KEY,
  principal text NOT NULL,
  token_prefix text NOT NULL,
  token_hash text NOT NULL,
  expires_at timestamptz NOT NULL,
  view_as text
);
CREATE INDEX seam_sessions_token ON seam_sessions(token_prefix);
`,
  },
  {
    version: 6,
    description: "seam sync: which documents came from which upstream source, and each source's cursor and last run",
    sql: syncMigrationSql,
  },
  {
    version: 7,
    description: 'answer log: the principal an admin was viewing as when asking (`viewed_as`)',
    sql: 'ALTER TABLE seam_answer_log ADD COLUMN viewed_as text',
  },
  {
    version: 8,
    description: "posting blocks: each term's postings in blocks of the SQLite store's format, kept by every write",
    sql: postingBlocksSql,
    apply: backfillPostingBlocks,
  },
];

export const latestSchemaVersion = migrations.at(-1)?.version ?? 0;

/** An arbitrary constant: the advisory lock that serializes schema migration across processes. */
const migrationLock = 736_153_921;

/** The schema version the database is at, without a lock; `undefined` when it holds no Seam store. */
export async function appliedSchema(client: pg.PoolClient): Promise<number | undefined> {
  const present = await client.query<{ present: boolean }>(
    "SELECT to_regclass('seam_migrations') IS NOT NULL AS present",
  );
  if (!present.rows[0]?.present) return undefined;
  const { rows } = await client.query<{ version: number | null }>(
    'SELECT max(version) AS version FROM seam_migrations',
  );
  return rows[0]?.version ?? 0;
}

/** For a read-only open: the database must already hold a Seam store at this schema. */
export async function requireSchema(client: pg.PoolClient, where: string): Promise<void> {
  const applied = await appliedSchema(client);
  if (applied === undefined) {
    throw new StoreError(
      `no store at ${where} (reading never creates one): check --db or SEAM_DB, or create it with seam kb import`,
      where,
      'missing',
    );
  }
  if (applied > latestSchemaVersion) throw new NewerSchemaError(applied);
  if (applied < latestSchemaVersion) {
    throw new StoreError(
      `the store at ${where} was written by an older Seam (schema ${applied}); any writing command upgrades it`,
      where,
      'schema',
    );
  }
}

/** Apply every migration the database lacks; refuse a database written by a newer Seam. */
export async function migrate(client: pg.PoolClient): Promise<void> {
  // Fast path, without a lock: a database already at this schema (every open but the first).
  if ((await appliedSchema(client)) === latestSchemaVersion) return;
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [migrationLock]);
    await client.query(`CREATE TABLE IF NOT EXISTS seam_migrations (
      version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ version: number | null }>(
      'SELECT max(version) AS version FROM seam_migrations',
    );
    const current = rows[0]?.version ?? 0;
    if (current > latestSchemaVersion) {
      throw new NewerSchemaError(current);
    }
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      await client.query(migration.sql);
      await migration.apply?.(client);
      await client.query('INSERT INTO seam_migrations (version, description) VALUES ($1, $2)', [
        migration.version,
        migration.description,
      ]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

export class NewerSchemaError extends Error {
  constructor(readonly found: number) {
    super(`it was written by a newer Seam (schema ${found}; this one reads up to ${latestSchemaVersion})`);
  }
}
