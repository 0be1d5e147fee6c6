import type Database from 'better-sqlite3';
import { checkedAcl, grantsOf, type Reader } from '../../access.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { contentHash } from '../content.js';
import type { DocumentInput, PutResult, RemoveResult, WriteOptions } from '../knowledge-store.js';
import { versionReadable } from './access-sql.js';
import { chunkCount, deleteChunks, reindex } from './indexing.js';
import { toDocumentVersion, type VersionRow } from './rows.js';
import { statement } from './statements.js';

/**
 * The document's current version number, or `undefined` when it does not exist or when `reader` may not
 * read its current version: a writer cannot tell a document it may not read from a missing one.
 */
export function readableHead(db: Database.Database, id: string, reader: Reader): number | undefined {
  const readable = versionReadable(reader, 'v');
  const row = statement(
    db,
    `SELECT d.head FROM documents d JOIN versions v ON v.doc_id = d.id AND v.version = d.head
       WHERE d.id = @id AND (${readable.sql})`,
  ).get({ id, ...readable.parameters }) as { head: number } | undefined;
  return row?.head;
}

/** One document's write; runs inside the caller's transaction. */
export function putOne(
  db: Database.Database,
  input: DocumentInput,
  options: WriteOptions & { now: string },
): PutResult {
  const document = { ...input, acl: checkedAcl(input) };
  const exists = statement(db, 'SELECT head FROM documents WHERE id = ?').get(document.id) as
    | { head: number }
    | undefined;
  const head = readableHead(db, document.id, options.reader);
  if (exists && head === undefined) throw new NotFoundError(document.id, `not found: no document '${document.id}'`);
  if (options.ifVersion !== undefined && (head ?? 0) !== options.ifVersion) {
    throw new ConflictError(document.id, options.ifVersion, head);
  }
  const hash = contentHash(document);
  if (head !== undefined) {
    const latest = statement(db, 'SELECT content_hash FROM versions WHERE doc_id = ? AND version = ?').get(
      document.id,
      head,
    ) as { content_hash: string };
    if (latest.content_hash === hash) {
      return {
        id: document.id,
        version: head,
        status: 'unchanged',
        chunks: chunkCount(db, document.id, options.reader),
      };
    }
  }
  const version = (head ?? 0) + 1;
  if (head !== undefined) {
    statement(db, 'UPDATE documents SET head = ?, updated_at = ? WHERE id = ?').run(version, options.now, document.id);
  } else {
    statement(db, 'INSERT INTO documents (id, head, created_at, updated_at) VALUES (?, ?, ?, ?)').run(
      document.id,
      version,
      options.now,
      options.now,
    );
  }
  statement(
    db,
    `INSERT INTO versions (doc_id, version, title, collection, acl, effective_from, effective_until, subjects, tags,
       extra, body, source, author, message, created_at, content_hash)
     VALUES (@doc_id, @version, @title, @collection, @acl, @effective_from, @effective_until, @subjects, @tags,
       @extra, @body, @source, @author, @message, @created_at, @content_hash)`,
  ).run({
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
    created_at: options.now,
    content_hash: hash,
  });
  const insertGrant = statement(db, 'INSERT INTO version_roles (doc_id, version, role) VALUES (?, ?, ?)');
  for (const grant of grantsOf(document.acl)) insertGrant.run(document.id, version, grant);
  reindex(db, document.id);
  return {
    id: document.id,
    version,
    status: head ? 'updated' : 'created',
    chunks: chunkCount(db, document.id, options.reader),
  };
}

/** Revert inside the caller's transaction: version `to` must be readable, and so must the current version. */
export function revertOne(
  db: Database.Database,
  id: string,
  to: number,
  options: WriteOptions & { now: string },
): PutResult {
  if (readableHead(db, id, options.reader) === undefined) throw new NotFoundError(id, `not found: no document '${id}'`);
  const readable = versionReadable(options.reader, 'v');
  const row = statement(
    db,
    `SELECT v.* FROM versions v WHERE v.doc_id = @id AND v.version = @to AND (${readable.sql})`,
  ).get({ id, to, ...readable.parameters }) as VersionRow | undefined;
  if (!row) throw new NotFoundError(`${id} version ${to}`, `not found: '${id}' has no version ${to}`);
  const old = toDocumentVersion(row, { kind: 'operator' });
  return putOne(
    db,
    { ...old, source: old.source ?? undefined },
    { ...options, message: options.message ?? `revert to version ${to}` },
  );
}

/** Delete a document's rows inside the caller's transaction (the caller purges the files afterwards). */
export function removeOne(
  db: Database.Database,
  id: string,
  options: { reader: Reader; ifVersion?: number | undefined },
): RemoveResult | undefined {
  const head = readableHead(db, id, options.reader);
  if (head === undefined) return undefined;
  if (options.ifVersion !== undefined && head !== options.ifVersion)
    throw new ConflictError(id, options.ifVersion, head);
  // Counted among what the reader may read: a restricted version is not counted, even as it goes too.
  const readable = versionReadable(options.reader, 'v');
  const versions = statement(db, `SELECT count(*) AS n FROM versions v WHERE v.doc_id = @id AND (${readable.sql})`).get(
    { id, ...readable.parameters },
  ) as { n: number };
  const chunks = statement(
    db,
    `SELECT count(*) AS n FROM chunks c JOIN versions v ON v.doc_id = c.doc_id AND v.version = c.version
       WHERE c.doc_id = @id AND (${readable.sql})`,
  ).get({ id, ...readable.parameters }) as { n: number };
  deleteChunks(db, id);
  statement(db, 'DELETE FROM served WHERE doc_id = ?').run(id);
  statement(db, 'DELETE FROM version_roles WHERE doc_id = ?').run(id);
  statement(db, 'DELETE FROM versions WHERE doc_id = ?').run(id);
  statement(db, 'DELETE FROM documents WHERE id = ?').run(id);
  return { id, versions: versions.n, chunks: chunks.n };
}
