import type Database from 'better-sqlite3';
import { grantsOf } from '../../access.js';
import { chunkMarkdown } from '../../documents/chunk-markdown.js';
import { servedIntervals } from '../timeline.js';
import { parseAcl, readersColumn } from './rows.js';

/**
 * Recompute which versions of a document are served when, and make the index hold exactly the chunks of
 * those versions: versions no longer served at any instant lose their chunks. Runs in the caller's
 * transaction. `refreshAll` also rewrites the denormalized columns of chunks already indexed.
 */
export function reindex(db: Database.Database, id: string, options: { refreshAll?: boolean } = {}): void {
  const versions = db
    .prepare('SELECT version, effective_from, effective_until FROM versions WHERE doc_id = ?')
    .all(id) as { version: number; effective_from: string | null; effective_until: string | null }[];
  const intervals = servedIntervals(versions);
  db.prepare('DELETE FROM served WHERE doc_id = ?').run(id);
  const insertServed = db.prepare('INSERT INTO served (doc_id, version, from_key, until_key) VALUES (?, ?, ?, ?)');
  for (const interval of intervals) insertServed.run(id, interval.version, interval.from, interval.until);

  const servedVersions = new Set(intervals.map((interval) => interval.version));
  const indexed = (
    db.prepare('SELECT DISTINCT version FROM chunks WHERE doc_id = ?').all(id) as { version: number }[]
  ).map((row) => row.version);
  for (const version of indexed) if (!servedVersions.has(version)) deleteChunks(db, id, version);
  for (const version of servedVersions) if (!indexed.includes(version)) indexVersion(db, id, version);

  // Copy each served version's interval into its chunk rows: a new version can shrink an older one's.
  const setServed = db.prepare(
    'UPDATE chunks SET served_from = ?, served_until = ?, served_split = ? WHERE doc_id = ? AND version = ?',
  );
  for (const version of servedVersions) {
    const own = intervals.filter((interval) => interval.version === version);
    const [only] = own;
    if (own.length === 1 && only) setServed.run(only.from, only.until, 0, id, version);
    else setServed.run(null, null, 1, id, version);
  }
  if (options.refreshAll) {
    const rows = db.prepare('SELECT version, collection, acl FROM versions WHERE doc_id = ?').all(id) as {
      version: number;
      collection: string;
      acl: string | null;
    }[];
    const update = db.prepare('UPDATE chunks SET collection = ?, readers = ? WHERE doc_id = ? AND version = ?');
    for (const row of rows) update.run(row.collection, readersColumn(grantsOf(parseAcl(row.acl))), id, row.version);
  }
}

/** `reindex` with `refreshAll` for every document (migrations). */
export function reindexAll(db: Database.Database): void {
  const documents = db.prepare('SELECT id FROM documents').all() as { id: string }[];
  for (const { id } of documents) reindex(db, id, { refreshAll: true });
}

function indexVersion(db: Database.Database, id: string, version: number): void {
  const row = db
    .prepare('SELECT title, body, collection, acl FROM versions WHERE doc_id = ? AND version = ?')
    .get(id, version) as { title: string; body: string; collection: string; acl: string | null };
  const readers = readersColumn(grantsOf(parseAcl(row.acl)));
  const insertChunk = db.prepare(
    'INSERT INTO chunks (doc_id, version, ordinal, heading_path, text, collection, readers) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertFts = db.prepare('INSERT INTO chunks_fts (rowid, title, headings, body) VALUES (?, ?, ?, ?)');
  chunkMarkdown(row.body).forEach((chunk, ordinal) => {
    const { lastInsertRowid } = insertChunk.run(
      id,
      version,
      ordinal,
      JSON.stringify(chunk.headingPath),
      chunk.text,
      row.collection,
      readers,
    );
    insertFts.run(lastInsertRowid, row.title, chunk.headingPath.join(' / '), chunk.text);
  });
}

/** Delete the chunks (and their index entries) of one version, or of every version. */
export function deleteChunks(db: Database.Database, id: string, version?: number): number {
  const where = version === undefined ? 'doc_id = ?' : 'doc_id = ? AND version = ?';
  const parameters = version === undefined ? [id] : [id, version];
  db.prepare(`DELETE FROM chunks_fts WHERE rowid IN (SELECT id FROM chunks WHERE ${where})`).run(...parameters);
  return db.prepare(`DELETE FROM chunks WHERE ${where}`).run(...parameters).changes;
}

export function chunkCount(db: Database.Database, id: string): number {
  return (db.prepare('SELECT count(*) AS n FROM chunks WHERE doc_id = ?').get(id) as { n: number }).n;
}
