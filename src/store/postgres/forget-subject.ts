import type pg from 'pg';
import { contentHash } from '../content.js';
import type { ForgetSubjectRequest, ForgetSubjectResult } from '../forget-store.js';
import { redactDeep } from '../redact-deep.js';
import { toDocumentVersion, type VersionRow, versionColumns } from './rows.js';
import { indexVersion } from './search-index.js';
import { removeOne, type WriteContext } from './write.js';

type Row = VersionRow & { served_empty: boolean };
const textFields = ['title', 'body', 'message', 'author'] as const;
const jsonFields = ['tags', 'subjects', 'extra'] as const;

/**
 * The PostgreSQL side of `forgetSubject`, inside the caller's transaction: the same plan as SQLite's
 * (`src/store/sqlite/forget-subject.ts`), the answer log purged by subject and by value. The caller
 * vacuums afterwards (dead tuples keep their bytes until then; see the README on what PostgreSQL can promise).
 */
export async function forgetSubjectRows(
  context: WriteContext,
  request: ForgetSubjectRequest,
): Promise<ForgetSubjectResult> {
  const { client } = context;
  const { rows } = await client.query<Row>(
    `SELECT ${versionColumns}, isempty(v.served) AS served_empty FROM seam_versions v ORDER BY v.doc_id, v.version`,
  );
  const about = new Set(rows.filter((row) => row.subjects.includes(request.subject)).map((row) => row.doc_id));
  const deleted = new Map<string, number>();
  for (const row of rows) if (about.has(row.doc_id)) deleted.set(row.doc_id, (deleted.get(row.doc_id) ?? 0) + 1);
  const rewrites: { row: Row; next: Row }[] = [];
  for (const row of rows.filter((candidate) => !about.has(candidate.doc_id))) {
    const next: Row = { ...row };
    let changed = false;
    for (const field of textFields) {
      const text = request.redact(row[field]);
      if (text !== undefined) [next[field], changed] = [text, true];
    }
    const source = row.source === null ? undefined : request.redact(row.source);
    if (source !== undefined) [next.source, changed] = [source, true];
    for (const field of jsonFields) {
      const value = redactDeep(row[field], request.redact);
      if (value.changed) [(next as unknown as Record<string, unknown>)[field], changed] = [value.value, true];
    }
    if (changed) rewrites.push({ row, next });
  }
  const answers = await client.query<{
    id: string;
    principal: string;
    viewed_as: string | null;
    question: string;
    answer: string;
  }>('SELECT id, principal, viewed_as, question, answer FROM seam_answer_log');
  const purge = answers.rows
    .filter(
      (answer) =>
        answer.principal === request.subject ||
        answer.viewed_as === request.subject ||
        request.redact(answer.question) !== undefined ||
        request.redact(answer.answer) !== undefined,
    )
    .map((answer) => answer.id);

  // Sync records: an upstream URL or id, or an upstream version held back by a conflict (migration 4).
  const synced = await client.query<{ doc_id: string; upstream_id: string; url: string | null; held: unknown }>(
    'SELECT doc_id, upstream_id, url, held FROM seam_sync_documents',
  );
  const purgeSynced = synced.rows
    .filter((row) =>
      [row.upstream_id, row.url, row.held === null ? null : JSON.stringify(row.held)].some(
        (text) => text !== null && request.redact(text) !== undefined,
      ),
    )
    .map((row) => row.doc_id);

  if (!request.dryRun) {
    await client.query('DELETE FROM seam_sync_documents WHERE doc_id = ANY($1::text[])', [purgeSynced]);
    for (const id of deleted.keys()) await removeOne(context, id, undefined);
    for (const { row, next } of rewrites) await rewrite(client, row, next, request.receipt);
    await client.query('DELETE FROM seam_answer_log WHERE id = ANY($1::bigint[])', [purge]);
  }
  const redacted = new Map<string, number[]>();
  for (const { row } of rewrites) redacted.set(row.doc_id, [...(redacted.get(row.doc_id) ?? []), row.version]);
  return {
    documents_deleted: [...deleted].map(([id, versions]) => ({ id, versions })),
    documents_redacted: [...redacted].map(([id, versions]) => ({ id, versions })),
    purged: { answer_log: purge.length, sync_documents: purgeSynced.length },
  };
}

/** Rewrite one version in place (hash recomputed, receipt recorded) and rebuild its chunks if it is served. */
async function rewrite(client: pg.PoolClient, row: Row, next: Row, receipt: string): Promise<void> {
  const message = `${next.message}${next.message ? ' ' : ''}[redacted by seam forget ${receipt}]`;
  const document = toDocumentVersion(next, { kind: 'operator' });
  await client.query(
    `UPDATE seam_versions SET title = $3, body = $4, message = $5, author = $6, source = $7, tags = $8, subjects = $9,
       extra = $10, content_hash = $11, redacted_by = $12 WHERE doc_id = $1 AND version = $2`,
    [
      row.doc_id,
      row.version,
      next.title,
      next.body,
      message,
      next.author,
      next.source,
      JSON.stringify(next.tags),
      JSON.stringify(next.subjects),
      JSON.stringify(next.extra),
      contentHash({ ...document, source: undefined }),
      receipt,
    ],
  );
  await client.query('DELETE FROM seam_chunks WHERE doc_id = $1 AND version = $2', [row.doc_id, row.version]);
  if (!row.served_empty) await indexVersion(client, { id: row.doc_id, version: row.version, body: next.body });
}
