import type pg from 'pg';
import { chunkGrants } from '../../access.js';
import { chunkMarkdown } from '../../documents/chunk-markdown.js';
import { isInternalDocument } from '../../documents/internal.js';
import { chunkTerms } from '../bm25-terms.js';
import { discardAddedPostings, recordAddedPostings } from './posting-blocks.js';

/**
 * PostgreSQL's BM25 index (migration 4), the SQLite store's FTS5 index rebuilt in tables:
 *
 * - `seam_postings`: one row per (term, chunk) with the term's weighted frequency in the chunk (title 4,
 *   headings 2, body 1) and the chunk's length in tokens, so a query term's posting list is one index
 *   range and the score needs no other row. Each posting carries its chunk's `scope` (`seam_scopes`: one
 *   row per distinct access list and collection), so a reader's search reads only the postings of scopes
 *   it may read, as SQLite's `scope` column does inside FTS5.
 * - `seam_term_stats` (per term: chunks containing it) and `seam_index_stats` (chunks, tokens) are kept in
 *   the transaction that writes or deletes chunks and postings, on every path (put, revert, delete,
 *   forget, cascades): triggers append each statement's changes to `seam_*_deltas`, and `seam_fold_stats()`
 *   adds them to the totals before the transaction commits (readers add any deltas left unfolded). The
 *   totals hold up to 16 rows per key (`slot`: the writing connection's), summed when read, so concurrent
 *   writers do not queue on one counter row.
 *
 * A chunk's length counts what SQLite's `bm25()` counts: title, headings and text tokens plus the
 * `scope` column's (one per grant, one for the collection); so scores agree with SQLite's to the last digit.
 */
export const searchIndexSql = `
CREATE TABLE seam_scopes (
  id serial PRIMARY KEY,
  readers text[] NOT NULL,
  collection text NOT NULL,
  UNIQUE (readers, collection)
);
ALTER TABLE seam_chunks ADD COLUMN scope integer REFERENCES seam_scopes(id), ADD COLUMN tokens integer;
CREATE TABLE seam_postings (
  term text NOT NULL,
  scope integer NOT NULL,
  chunk_id bigint NOT NULL,
  weight real NOT NULL,
  tokens integer NOT NULL,
  PRIMARY KEY (term, scope, chunk_id)
);
CREATE INDEX seam_postings_chunk ON seam_postings(chunk_id);
CREATE TABLE seam_term_stats (
  term text NOT NULL,
  slot smallint NOT NULL,
  chunks bigint NOT NULL,
  PRIMARY KEY (term, slot)
);
CREATE TABLE seam_index_stats (
  slot smallint PRIMARY KEY,
  chunks bigint NOT NULL,
  tokens bigint NOT NULL
);
-- What the writing transaction changed, appended by the triggers and folded into the totals before it commits.
CREATE TABLE seam_term_deltas (term text NOT NULL, chunks bigint NOT NULL);
CREATE TABLE seam_index_deltas (chunks bigint NOT NULL, tokens bigint NOT NULL);

CREATE FUNCTION seam_count_terms() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO seam_term_deltas (term, chunks)
  SELECT term, CASE WHEN TG_OP = 'INSERT' THEN count(*) ELSE -count(*) END FROM changed GROUP BY term;
  RETURN NULL;
END $$;
CREATE TRIGGER seam_postings_added AFTER INSERT ON seam_postings
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION seam_count_terms();
CREATE TRIGGER seam_postings_removed AFTER DELETE ON seam_postings
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION seam_count_terms();

CREATE FUNCTION seam_count_chunks() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE sign integer := CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END;
BEGIN
  INSERT INTO seam_index_deltas (chunks, tokens)
  SELECT sign * count(*), sign * coalesce(sum(tokens), 0) FROM changed HAVING count(*) > 0;
  RETURN NULL;
END $$;
CREATE TRIGGER seam_chunks_added AFTER INSERT ON seam_chunks
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION seam_count_chunks();
CREATE TRIGGER seam_chunks_removed AFTER DELETE ON seam_chunks
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION seam_count_chunks();
-- A chunk's postings go with it, on every path that deletes chunks (a foreign key would check every posting
-- written against its chunk, one lookup per term; the postings are only ever written right after their chunk).
CREATE FUNCTION seam_drop_postings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM seam_postings WHERE chunk_id IN (SELECT id FROM changed);
  RETURN NULL;
END $$;
CREATE TRIGGER seam_chunks_postings_removed AFTER DELETE ON seam_chunks
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION seam_drop_postings();

-- Fold the transaction's deltas into the totals: each total row is written once per transaction, however
-- many documents it wrote (a row updated once per document would grow a version chain as long as the import).
CREATE FUNCTION seam_fold_stats() RETURNS void LANGUAGE plpgsql AS $$
DECLARE emptied text[];
BEGIN
  WITH taken AS (DELETE FROM seam_term_deltas RETURNING term, chunks),
  totals AS (SELECT term, sum(chunks) AS chunks FROM taken GROUP BY term HAVING sum(chunks) <> 0),
  written AS (
    INSERT INTO seam_term_stats AS s (term, slot, chunks)
    SELECT term, pg_backend_pid() % 16, chunks FROM totals ORDER BY term
    ON CONFLICT (term, slot) DO UPDATE SET chunks = s.chunks + excluded.chunks
  )
  SELECT array_agg(term) INTO emptied FROM totals WHERE chunks < 0;
  -- A term no chunk holds any more leaves no row behind (a forgotten document's words go with it).
  IF emptied IS NOT NULL THEN
    DELETE FROM seam_term_stats s WHERE s.term = ANY(emptied)
      AND (SELECT sum(t.chunks) FROM seam_term_stats t WHERE t.term = s.term) = 0;
  END IF;
  WITH taken AS (DELETE FROM seam_index_deltas RETURNING chunks, tokens)
  INSERT INTO seam_index_stats AS s (slot, chunks, tokens)
  SELECT pg_backend_pid() % 16, sum(chunks), sum(tokens) FROM taken HAVING count(*) > 0
  ON CONFLICT (slot) DO UPDATE SET chunks = s.chunks + excluded.chunks, tokens = s.tokens + excluded.tokens;
END $$;

DROP INDEX seam_chunks_search;
ALTER TABLE seam_chunks DROP COLUMN tsv;
DROP AGGREGATE seam_tsquery_or(tsquery);
`;

/**
 * Chunk a version's body and index the chunks (rows, scope, length and postings); returns how many.
 * Each chunk's `readers` (and so its scope) are its grants (`chunkGrants`: its version's, qualified by the
 * agent role when the chunk is marked internal). Runs in the caller's transaction; the triggers count the
 * new chunks and postings there.
 */
export async function indexVersion(
  client: pg.PoolClient,
  version: { id: string; version: number; body: string },
): Promise<number> {
  const { rows } = await client.query<{
    title: string;
    acl: string[] | null;
    collection: string;
    extra: Record<string, unknown>;
  }>('SELECT title, acl, collection, extra FROM seam_versions WHERE doc_id = $1 AND version = $2', [
    version.id,
    version.version,
  ]);
  const meta = rows[0];
  if (!meta) return 0;
  const chunks = chunkMarkdown(version.body, { internal: isInternalDocument(meta.extra) });
  if (chunks.length === 0) return 0;
  const readers = chunks.map((chunk) => chunkGrants(meta.acl, chunk.internal === true));
  const scopes: number[] = [];
  for (const grants of readers) scopes.push(await scopeId(client, grants, meta.collection));
  const terms = chunkTerms(chunks.map((chunk) => ({ ...chunk, title: meta.title })));
  const inserted = await client.query<{ id: string; ordinal: number }>(
    `INSERT INTO seam_chunks (doc_id, version, ordinal, heading_path, text, collection, readers, served, scope, tokens)
     SELECT v.doc_id, v.version, c.ordinal, c.headings, c.text, v.collection,
       ARRAY(SELECT jsonb_array_elements_text(c.readers)), v.served, c.scope, c.tokens
     FROM seam_versions v,
       unnest($3::int[], $4::jsonb[], $5::text[], $6::jsonb[], $7::int[], $8::int[])
         AS c(ordinal, headings, text, readers, scope, tokens)
     WHERE v.doc_id = $1 AND v.version = $2
     RETURNING id, ordinal`,
    [
      version.id,
      version.version,
      chunks.map((_, ordinal) => ordinal),
      chunks.map((chunk) => JSON.stringify(chunk.headingPath)),
      chunks.map((chunk) => chunk.text),
      readers.map((grants) => JSON.stringify(grants)),
      scopes,
      terms.map((entry, ordinal) => entry.tokens + scopeTokens(readers[ordinal] ?? [])),
    ],
  );
  const ids = new Map(inserted.rows.map((row) => [row.ordinal, row.id]));
  const pending = unwritten.get(client) ?? [];
  unwritten.set(client, pending);
  pending.push(
    ...terms.map((entry, ordinal) => ({
      ...entry,
      chunk: ids.get(ordinal) ?? '',
      scope: scopes[ordinal] ?? 0,
      tokens: entry.tokens + scopeTokens(readers[ordinal] ?? []),
    })),
  );
  return chunks.length;
}

type Postings = { chunk: string; scope: number; terms: string[]; weights: number[]; tokens: number }[];

/**
 * Postings of chunks indexed in a transaction, written together before it commits (`writePending`): one
 * statement for a whole import instead of one per document.
 */
const unwritten = new WeakMap<pg.PoolClient, Postings>();

/**
 * Write the postings of the chunks this transaction indexed; a chunk deleted again since (a batch that
 * writes one document twice) gets none. Call before committing.
 */
export async function writePending(client: pg.PoolClient): Promise<void> {
  const pending = unwritten.get(client) ?? [];
  unwritten.delete(client);
  if (pending.length === 0) return;
  const { rows } = await client.query<{ id: string }>('SELECT id FROM seam_chunks WHERE id = ANY($1::bigint[])', [
    pending.map((entry) => entry.chunk),
  ]);
  const present = new Set(rows.map((row) => row.id));
  const written = await writePostings(
    client,
    pending.filter((entry) => present.has(entry.chunk)),
  );
  // The posting blocks take them too, when the transaction ends (`posting-blocks.ts`).
  recordAddedPostings(client, written);
}

/** Forget the postings of a transaction that rolled back. */
export function discardPending(client: pg.PoolClient): void {
  unwritten.delete(client);
  discardAddedPostings(client);
}

/**
 * Migration 4's backfill: the postings, scope and length of every chunk already indexed (in pages), then
 * the chunk and token totals. Chunks keep their rows and ids.
 */
export async function backfillSearchIndex(client: pg.PoolClient): Promise<void> {
  for (let after = '0'; ; ) {
    const { rows } = await client.query<{
      id: string;
      heading_path: string[];
      text: string;
      title: string;
      readers: string[];
      collection: string;
    }>(
      `SELECT c.id, c.heading_path, c.text, v.title, c.readers, c.collection
       FROM seam_chunks c JOIN seam_versions v ON v.doc_id = c.doc_id AND v.version = c.version
       WHERE c.id > $1 ORDER BY c.id LIMIT 2000`,
      [after],
    );
    if (rows.length === 0) break;
    const terms = chunkTerms(rows.map((row) => ({ title: row.title, headingPath: row.heading_path, text: row.text })));
    const scopes = new Map<string, number>();
    const indexed: Postings = [];
    for (const [index, row] of rows.entries()) {
      const key = JSON.stringify([row.readers, row.collection]);
      const scope = scopes.get(key) ?? (await scopeId(client, row.readers, row.collection));
      scopes.set(key, scope);
      const entry = terms[index] ?? { terms: [], weights: [], tokens: 0 };
      indexed.push({ ...entry, chunk: row.id, scope, tokens: entry.tokens + scopeTokens(row.readers) });
    }
    await client.query(
      `UPDATE seam_chunks c SET scope = n.scope, tokens = n.tokens
       FROM unnest($1::bigint[], $2::int[], $3::int[]) AS n(id, scope, tokens) WHERE c.id = n.id`,
      [indexed.map((entry) => entry.chunk), indexed.map((entry) => entry.scope), indexed.map((entry) => entry.tokens)],
    );
    await writePostings(client, indexed);
    after = rows[rows.length - 1]?.id ?? after;
  }
  await client.query(`INSERT INTO seam_index_stats (slot, chunks, tokens)
    SELECT 0, count(*), coalesce(sum(tokens), 0) FROM seam_chunks`);
  await client.query('SELECT seam_fold_stats()');
  await client.query('ALTER TABLE seam_chunks ALTER COLUMN scope SET NOT NULL, ALTER COLUMN tokens SET NOT NULL');
}

/** Tokens SQLite's `scope` column holds for a chunk: one per grant and one for the collection. */
function scopeTokens(readers: readonly string[]): number {
  return readers.length + 1;
}

/** The id of the scope (access list and collection), created when new. */
async function scopeId(client: pg.PoolClient, readers: readonly string[], collection: string): Promise<number> {
  const found = await client.query<{ id: number }>(
    `WITH created AS (
       INSERT INTO seam_scopes (readers, collection) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id
     ) SELECT id FROM created UNION ALL SELECT id FROM seam_scopes WHERE readers = $1 AND collection = $2`,
    [readers, collection],
  );
  const id = found.rows[0]?.id;
  if (id === undefined) throw new Error(`no scope for ${collection}`);
  return id;
}

/** Insert the postings of indexed chunks: one row per distinct term of each. Returns them, as columns. */
async function writePostings(client: pg.PoolClient, chunks: Readonly<Postings>) {
  const columns = {
    term: [] as string[],
    scope: [] as number[],
    chunk: [] as string[],
    weight: [] as number[],
    tokens: [] as number[],
  };
  for (const entry of chunks) {
    entry.terms.forEach((term, position) => {
      columns.term.push(term);
      columns.scope.push(entry.scope);
      columns.chunk.push(entry.chunk);
      columns.weight.push(entry.weights[position] ?? 0);
      columns.tokens.push(entry.tokens);
    });
  }
  if (columns.term.length === 0) return columns;
  await client.query(
    `INSERT INTO seam_postings (term, scope, chunk_id, weight, tokens)
     SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[], $4::real[], $5::int[])`,
    [columns.term, columns.scope, columns.chunk, columns.weight, columns.tokens],
  );
  return columns;
}
