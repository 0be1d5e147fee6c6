import type Database from 'better-sqlite3';
import { operator } from '../../access.js';
import { contentHash } from '../content.js';
import type { ForgetSubjectRequest, ForgetSubjectResult, Redactor } from '../forget-store.js';
import { redactDeep } from '../redact-deep.js';
import { deleteChunks, reindex } from './indexing.js';
import { toDocumentVersion, type VersionRow } from './rows.js';
import { removeOne } from './write.js';

/**
 * Other tables that hold private text, purged by `seam forget`: a row goes when its subject column names
 * the subject or any text column holds a forgotten value. A table is skipped while it does not exist, so a
 * feature adds its table here and forget covers it from the step that creates it.
 */
export interface PurgeTable {
  table: string;
  key: string;
  textColumns: readonly string[];
  /** Columns that name a principal: a row whose column holds the subject goes. */
  subjectColumns?: readonly string[];
}

export const purgeTables: readonly PurgeTable[] = [
  // The server's answer log (schema step 4; `viewed_as` from step 9): who asked what, and what they were told.
  { table: 'answer_log', key: 'id', textColumns: ['question', 'answer'], subjectColumns: ['principal', 'viewed_as'] },
  // Sync records (schema step 8): an upstream URL or id, or an upstream version held back by a conflict.
  { table: 'sync_documents', key: 'doc_id', textColumns: ['upstream_id', 'url', 'held'] },
];

interface Rewrite {
  row: VersionRow;
  fields: Partial<Record<'title' | 'body' | 'message' | 'author' | 'source' | 'tags' | 'subjects' | 'extra', string>>;
}

/** Plan the forget, then (unless a dry run) apply it inside the caller's transaction. */
export function forgetSubjectRows(db: Database.Database, request: ForgetSubjectRequest): ForgetSubjectResult {
  const rows = db.prepare('SELECT * FROM versions ORDER BY doc_id, version').all() as VersionRow[];
  const about = new Set(
    rows.filter((row) => (JSON.parse(row.subjects) as string[]).includes(request.subject)).map((row) => row.doc_id),
  );
  const deleted = new Map<string, number>();
  for (const row of rows) if (about.has(row.doc_id)) deleted.set(row.doc_id, (deleted.get(row.doc_id) ?? 0) + 1);
  const rewrites = rows
    .filter((row) => !about.has(row.doc_id))
    .map((row) => rewriteOf(row, request.redact))
    .filter((rewrite): rewrite is Rewrite => rewrite !== undefined);
  const purges = purgeTables
    .filter((table) => tableExists(db, table.table))
    .map((table) => planPurge(db, table, request));

  if (!request.dryRun) {
    for (const id of deleted.keys()) removeOne(db, id, { reader: operator });
    applyRewrites(db, rewrites, request.receipt);
    for (const purge of purges) {
      const remove = db.prepare(`DELETE FROM ${purge.table.table} WHERE ${purge.table.key} = ?`);
      for (const key of purge.keys) remove.run(key);
    }
  }
  const redacted = new Map<string, number[]>();
  for (const { row } of rewrites) redacted.set(row.doc_id, [...(redacted.get(row.doc_id) ?? []), row.version]);
  return {
    documents_deleted: [...deleted].map(([id, versions]) => ({ id, versions })),
    documents_redacted: [...redacted].map(([id, versions]) => ({ id, versions })),
    purged: Object.fromEntries(purges.map((purge) => [purge.table.table, purge.keys.length])),
  };
}

/** The fields of a version that change when redacted, or `undefined` when none does. */
function rewriteOf(row: VersionRow, redact: Redactor): Rewrite | undefined {
  const fields: Rewrite['fields'] = {};
  for (const field of ['title', 'body', 'message', 'author'] as const) {
    const text = redact(row[field]);
    if (text !== undefined) fields[field] = text;
  }
  if (row.source !== null) {
    const source = redact(row.source);
    if (source !== undefined) fields.source = source;
  }
  for (const field of ['tags', 'subjects', 'extra'] as const) {
    const value = redactDeep(JSON.parse(row[field]) as unknown, redact);
    if (value.changed) fields[field] = JSON.stringify(value.value);
  }
  return Object.keys(fields).length > 0 ? { row, fields } : undefined;
}

/** Rewrite each version in place (content hash recomputed, receipt recorded), then rebuild its chunks. */
function applyRewrites(db: Database.Database, rewrites: readonly Rewrite[], receipt: string): void {
  const update = db.prepare(
    `UPDATE versions SET title = @title, body = @body, message = @message, author = @author, source = @source,
       tags = @tags, subjects = @subjects, extra = @extra, content_hash = @content_hash, redacted_by = @receipt
     WHERE doc_id = @doc_id AND version = @version`,
  );
  const touched = new Set<string>();
  for (const { row, fields } of rewrites) {
    const next: VersionRow = { ...row, ...fields };
    const message = `${next.message}${next.message ? ' ' : ''}[redacted by seam forget ${receipt}]`;
    const document = toDocumentVersion(next, operator);
    // Before the rewrite: the search's posting lists are taken out with the text they were indexed from.
    deleteChunks(db, row.doc_id, row.version);
    update.run({
      ...next,
      message,
      content_hash: contentHash({ ...document, source: undefined }),
      receipt,
    });
    touched.add(row.doc_id);
  }
  for (const id of touched) reindex(db, id);
}

function tableExists(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

function planPurge(
  db: Database.Database,
  table: PurgeTable,
  request: ForgetSubjectRequest,
): { table: PurgeTable; keys: unknown[] } {
  const subjectColumns = table.subjectColumns ?? [];
  const columns = [table.key, ...table.textColumns, ...subjectColumns];
  const rows = db.prepare(`SELECT ${columns.join(', ')} FROM ${table.table}`).all() as Record<string, unknown>[];
  const keys = rows
    .filter(
      (row) =>
        subjectColumns.some((column) => row[column] === request.subject) ||
        table.textColumns.some(
          (column) => typeof row[column] === 'string' && request.redact(row[column]) !== undefined,
        ),
    )
    .map((row) => row[table.key]);
  return { table, keys };
}
