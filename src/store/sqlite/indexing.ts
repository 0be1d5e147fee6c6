import type Database from 'better-sqlite3';
import { chunkGrants, type Reader } from '../../access.js';
import { chunkMarkdown } from '../../documents/chunk-markdown.js';
import { isInternalDocument } from '../../documents/internal.js';
import { servedIntervals } from '../timeline.js';
import { versionReadable } from './access-sql.js';
import { scopeText } from './fts-scope.js';
import { parseAcl } from './rows.js';
import { addChunkPostings, type IndexedChunk, removeChunkPostings } from './search-postings.js';
import { statement } from './statements.js';
import { docsizeLength } from './word-stats.js';

/**
 * Recompute which versions of a document are served when, and make the index hold exactly the chunks of
 * those versions: versions no longer served at any instant lose their chunks. Runs in the caller's
 * transaction. `refreshAll` also rewrites the denormalized columns of chunks already indexed.
 */
export function reindex(db: Database.Database, id: string, options: { refreshAll?: boolean } = {}): void {
  const versions = statement(db, 'SELECT version, effective_from, effective_until FROM versions WHERE doc_id = ?').all(
    id,
  ) as { version: number; effective_from: string | null; effective_until: string | null }[];
  const intervals = servedIntervals(versions);
  statement(db, 'DELETE FROM served WHERE doc_id = ?').run(id);
  const insertServed = statement(db, 'INSERT INTO served (doc_id, version, from_key, until_key) VALUES (?, ?, ?, ?)');
  for (const interval of intervals) insertServed.run(id, interval.version, interval.from, interval.until);

  const servedVersions = new Set(intervals.map((interval) => interval.version));
  const indexed = (
    statement(db, 'SELECT DISTINCT version FROM chunks WHERE doc_id = ?').all(id) as { version: number }[]
  ).map((row) => row.version);
  const dropped = indexed.filter((version) => !servedVersions.has(version));
  const reusable = dropped.length > 0 ? reusableChunks(db, id, dropped) : new Map<string, number[]>();
  for (const version of servedVersions) if (!indexed.includes(version)) indexVersion(db, id, version, reusable);
  for (const version of dropped) deleteChunks(db, id, version);

  // Copy each served version's interval into its chunk rows: a new version can shrink an older one's.
  const setServed = statement(
    db,
    'UPDATE chunks SET served_from = ?, served_until = ?, served_split = ? WHERE doc_id = ? AND version = ?',
  );
  for (const version of servedVersions) {
    const own = intervals.filter((interval) => interval.version === version);
    const [only] = own;
    if (own.length === 1 && only) setServed.run(only.from, only.until, 0, id, version);
    else setServed.run(null, null, 1, id, version);
  }
  if (options.refreshAll) {
    statement(
      db,
      `UPDATE chunks SET collection = (SELECT v.collection FROM versions v
         WHERE v.doc_id = chunks.doc_id AND v.version = chunks.version) WHERE doc_id = ?`,
    ).run(id);
  }
}

/** `reindex` with `refreshAll` for every document (migrations). */
export function reindexAll(db: Database.Database): void {
  const documents = statement(db, 'SELECT id FROM documents').all() as { id: string }[];
  for (const { id } of documents) reindex(db, id, { refreshAll: true });
}

interface VersionRow {
  title: string;
  body: string;
  collection: string;
  acl: string | null;
  extra: string;
}

function versionRow(db: Database.Database, id: string, version: number): VersionRow {
  return statement(db, 'SELECT title, body, collection, acl, extra FROM versions WHERE doc_id = ? AND version = ?').get(
    id,
    version,
  ) as VersionRow;
}

/** What FTS5 and the posting lists hold of a chunk: equal keys, equal index entries. */
const chunkKey = (
  title: string,
  headingPath: readonly string[],
  text: string,
  grants: readonly string[],
  collection: string,
) => JSON.stringify([title, headingPath, text, [...grants].sort(), collection]);

/**
 * The chunks of versions about to lose theirs, by `chunkKey`: a new version's chunk indexed exactly as
 * one of them takes its row (its id, FTS5 entry and postings) instead of a delete and an insert, so an
 * edit of one section rewrites the index entries of that section only.
 */
function reusableChunks(db: Database.Database, id: string, versions: readonly number[]): Map<string, number[]> {
  const reusable = new Map<string, number[]>();
  const rows = statement(db, 'SELECT id, ordinal FROM chunks WHERE doc_id = ? AND version = ? ORDER BY ordinal');
  for (const version of versions) {
    const row = versionRow(db, id, version);
    const acl = parseAcl(row.acl);
    const internal = isInternalDocument(JSON.parse(row.extra) as Record<string, unknown>);
    const chunks = chunkMarkdown(row.body, { internal });
    for (const { id: chunkId, ordinal } of rows.all(id, version) as { id: number; ordinal: number }[]) {
      const chunk = chunks[ordinal];
      if (!chunk) continue;
      const grants = chunkGrants(acl, chunk.internal === true);
      const key = chunkKey(row.title, chunk.headingPath, chunk.text, grants, row.collection);
      reusable.set(key, [...(reusable.get(key) ?? []), chunkId]);
    }
  }
  return reusable;
}

function indexVersion(db: Database.Database, id: string, version: number, reusable: Map<string, number[]>): void {
  const row = versionRow(db, id, version);
  const acl = parseAcl(row.acl);
  const internal = isInternalDocument(JSON.parse(row.extra) as Record<string, unknown>);
  const moveChunk = statement(db, 'UPDATE chunks SET version = ?, ordinal = ? WHERE id = ?');
  const insertChunk = statement(
    db,
    'INSERT INTO chunks (doc_id, version, ordinal, heading_path, text, collection) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertFts = statement(
    db,
    'INSERT INTO chunks_fts (rowid, title, headings, body, scope) VALUES (?, ?, ?, ?, ?)',
  );
  const indexed: IndexedChunk[] = [];
  chunkMarkdown(row.body, { internal }).forEach((chunk, ordinal) => {
    const grants = chunkGrants(acl, chunk.internal === true);
    const kept = reusable.get(chunkKey(row.title, chunk.headingPath, chunk.text, grants, row.collection))?.shift();
    if (kept !== undefined) {
      moveChunk.run(version, ordinal, kept);
      return;
    }
    const scope = scopeText({ grants, collection: row.collection });
    const { lastInsertRowid } = insertChunk.run(
      id,
      version,
      ordinal,
      JSON.stringify(chunk.headingPath),
      chunk.text,
      row.collection,
    );
    insertFts.run(lastInsertRowid, row.title, chunk.headingPath.join(' / '), chunk.text, scope);
    indexed.push({ ...chunk, id: Number(lastInsertRowid), title: row.title, grants, collection: row.collection });
  });
  addChunkPostings(db, indexed);
}

/**
 * Recreate the full-text index from the chunk rows, with its `scope` column (schema 3): every chunk's
 * title, headings and text, and its version's grants and collection. Only migration 5 runs it, on stores
 * older than internal marks, so no chunk it reads is internal.
 */
export function rebuildFullText(db: Database.Database): void {
  db.exec(`DROP TABLE chunks_fts;
    CREATE VIRTUAL TABLE chunks_fts USING fts5(
      title, headings, body, scope,
      content = '', contentless_delete = 1,
      tokenize = 'porter unicode61 remove_diacritics 2'
    );`);
  db.prepare("INSERT INTO chunks_fts(chunks_fts, rank) VALUES ('secure-delete', 1)").run();
  const page = db.prepare(
    `SELECT c.id, c.heading_path, c.text, v.title, v.collection, v.acl
     FROM chunks c JOIN versions v ON v.doc_id = c.doc_id AND v.version = c.version
     WHERE c.id > ? ORDER BY c.id LIMIT 2000`,
  );
  const insertFts = db.prepare('INSERT INTO chunks_fts (rowid, title, headings, body, scope) VALUES (?, ?, ?, ?, ?)');
  // In pages: a statement cannot be read from while the same connection writes.
  for (let after = 0; ; ) {
    const rows = page.all(after) as {
      id: number;
      heading_path: string;
      text: string;
      title: string;
      collection: string;
      acl: string | null;
    }[];
    if (rows.length === 0) break;
    for (const row of rows) {
      const headings = (JSON.parse(row.heading_path) as string[]).join(' / ');
      const scope = scopeText({ grants: chunkGrants(parseAcl(row.acl), false), collection: row.collection });
      insertFts.run(row.id, row.title, headings, row.text, scope);
    }
    after = rows[rows.length - 1]?.id ?? after;
  }
}

/** Delete the chunks (and their index entries) of one version, or of every version. */
export function deleteChunks(db: Database.Database, id: string, version?: number): number {
  const where = version === undefined ? 'doc_id = ?' : 'doc_id = ? AND version = ?';
  const parameters = version === undefined ? [id] : [id, version];
  const doomed = statement(
    db,
    `SELECT c.id, c.heading_path, c.text, v.title, d.sz FROM chunks c
       JOIN versions v ON v.doc_id = c.doc_id AND v.version = c.version
       LEFT JOIN chunks_fts_docsize d ON d.id = c.id
       WHERE c.${where.replace('AND version', 'AND c.version')}`,
  ).all(...parameters) as { id: number; heading_path: string; text: string; title: string; sz: Buffer | null }[];
  removeChunkPostings(
    db,
    doomed.map(({ sz, ...chunk }) => ({
      ...chunk,
      headingPath: JSON.parse(chunk.heading_path) as string[],
      length: sz === null ? undefined : docsizeLength(sz),
    })),
  );
  statement(db, `DELETE FROM chunks_fts WHERE rowid IN (SELECT id FROM chunks WHERE ${where})`).run(...parameters);
  return statement(db, `DELETE FROM chunks WHERE ${where}`).run(...parameters).changes;
}

/** The chunks indexed for a document, counting only versions `reader` may read. */
export function chunkCount(db: Database.Database, id: string, reader: Reader): number {
  const readable = versionReadable(reader, 'c');
  return (
    statement(db, `SELECT count(*) AS n FROM chunks c WHERE c.doc_id = @id AND (${readable.sql})`).get({
      id,
      ...readable.parameters,
    }) as { n: number }
  ).n;
}
