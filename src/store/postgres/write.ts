import type pg from 'pg';
import { chunkMarkdown } from '../../documents/chunk-markdown.js';
import { ConflictError, InputError, NotFoundError } from '../../errors.js';
import { contentHash } from '../content.js';
import type { DocumentInput, PutResult, RemoveResult, WriteOptions } from '../knowledge-store.js';
import { servedIntervals } from '../timeline.js';
import { multirangeLiteral, readableSql, toDocumentVersion, type VersionRow, versionColumns } from './rows.js';

/** What a write runs with: the transaction's client, the clock, and the writer's roles (`null`: operator). */
export interface WriteContext {
  client: pg.PoolClient;
  now: Date;
  roles: readonly string[] | null;
}

/**
 * One document's write inside the caller's transaction. The document row is locked (`FOR UPDATE`)
 * before `ifVersion` is checked, so concurrent writers queue on it: exactly one of several writers
 * holding the same version wins and the others see the new head and get a `ConflictError`.
 */
export async function putOne(
  context: WriteContext,
  document: DocumentInput,
  options: WriteOptions,
): Promise<PutResult> {
  const { client } = context;
  refuseNul(document);
  const now = context.now.toISOString();
  await client.query(
    'INSERT INTO seam_documents (id, head, created_at, updated_at) VALUES ($1, 0, $2, $2) ON CONFLICT (id) DO NOTHING',
    [document.id, now],
  );
  const locked = await client.query<{ head: number; acl: string[] | null; content_hash: string | null }>(
    `SELECT d.head, v.acl, v.content_hash FROM seam_documents d
     LEFT JOIN seam_versions v ON v.doc_id = d.id AND v.version = d.head WHERE d.id = $1 FOR UPDATE OF d`,
    [document.id],
  );
  const current = locked.rows[0];
  const head = current?.head ?? 0;
  if (head > 0 && !canRead(context.roles, current?.acl ?? null)) {
    throw new NotFoundError(document.id, `not found: no document '${document.id}'`);
  }
  if (options.ifVersion !== undefined && head !== options.ifVersion) {
    throw new ConflictError(document.id, options.ifVersion, head > 0 ? head : undefined);
  }
  const hash = contentHash(document);
  if (head > 0 && current?.content_hash === hash) {
    return { id: document.id, version: head, status: 'unchanged', chunks: await chunkCount(client, document.id) };
  }
  const version = head + 1;
  await client.query('UPDATE seam_documents SET head = $2, updated_at = $3 WHERE id = $1', [document.id, version, now]);
  await client.query(
    `INSERT INTO seam_versions (doc_id, version, title, collection, acl, effective_from, effective_until, subjects,
       tags, extra, body, source, author, message, created_at, content_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
    [
      document.id,
      version,
      document.title,
      document.collection,
      document.acl,
      document.effective_from,
      document.effective_until,
      JSON.stringify(document.subjects),
      JSON.stringify(document.tags),
      JSON.stringify(document.extra),
      document.body,
      document.source ?? null,
      options.author,
      options.message ?? '',
      now,
      hash,
    ],
  );
  await reindex(client, document.id);
  return {
    id: document.id,
    version,
    status: head > 0 ? 'updated' : 'created',
    chunks: await chunkCount(client, document.id),
  };
}

/** Version `to`'s content as a new version, inside the caller's transaction. */
export async function revertOne(
  context: WriteContext,
  id: string,
  to: number,
  options: WriteOptions,
): Promise<PutResult> {
  const { rows } = await context.client.query<VersionRow>(
    `SELECT ${versionColumns} FROM seam_versions v WHERE v.doc_id = $1 AND v.version = $2 AND ${readableSql('v.acl', '$3')}`,
    [id, to, context.roles],
  );
  const row = rows[0];
  if (!row) throw new NotFoundError(`${id} version ${to}`, `not found: '${id}' has no version ${to}`);
  const old = toDocumentVersion(row);
  return putOne(
    context,
    { ...old, source: old.source ?? undefined },
    {
      ...options,
      message: options.message ?? `revert to version ${to}`,
    },
  );
}

/** Delete every version, chunk and index entry of a document, inside the caller's transaction. */
export async function removeOne(context: WriteContext, id: string): Promise<RemoveResult | undefined> {
  const { client } = context;
  const locked = await client.query<{ acl: string[] | null }>(
    `SELECT v.acl FROM seam_documents d JOIN seam_versions v ON v.doc_id = d.id AND v.version = d.head
     WHERE d.id = $1 FOR UPDATE OF d`,
    [id],
  );
  const current = locked.rows[0];
  if (!current || !canRead(context.roles, current.acl)) return undefined;
  const chunks = await client.query('DELETE FROM seam_chunks WHERE doc_id = $1', [id]);
  const versions = await client.query('DELETE FROM seam_versions WHERE doc_id = $1', [id]);
  await client.query('DELETE FROM seam_documents WHERE id = $1', [id]);
  return { id, versions: versions.rowCount ?? 0, chunks: chunks.rowCount ?? 0 };
}

/**
 * Recompute which versions are served when, and make the index hold exactly the chunks of those
 * versions: versions no longer served at any instant lose their chunks in this same transaction.
 */
async function reindex(client: pg.PoolClient, id: string): Promise<void> {
  const { rows } = await client.query<{
    version: number;
    effective_from: string | null;
    effective_until: string | null;
  }>('SELECT version, effective_from, effective_until FROM seam_versions WHERE doc_id = $1', [id]);
  const intervals = servedIntervals(rows);
  const versions = rows.map((row) => row.version);
  const served = versions.map((version) =>
    multirangeLiteral(intervals.filter((interval) => interval.version === version)),
  );
  await client.query(
    `UPDATE seam_versions v SET served = n.served::tstzmultirange
     FROM unnest($2::int[], $3::text[]) AS n(version, served)
     WHERE v.doc_id = $1 AND v.version = n.version AND v.served <> n.served::tstzmultirange`,
    [id, versions, served],
  );
  await client.query(
    `DELETE FROM seam_chunks c USING seam_versions v
     WHERE c.doc_id = $1 AND v.doc_id = c.doc_id AND v.version = c.version AND isempty(v.served)`,
    [id],
  );
  await client.query(
    `UPDATE seam_chunks c SET served = v.served FROM seam_versions v
     WHERE c.doc_id = $1 AND v.doc_id = c.doc_id AND v.version = c.version AND c.served <> v.served`,
    [id],
  );
  const missing = await client.query<{ version: number; body: string }>(
    `SELECT v.version, v.body FROM seam_versions v WHERE v.doc_id = $1 AND NOT isempty(v.served)
       AND NOT EXISTS (SELECT 1 FROM seam_chunks c WHERE c.doc_id = v.doc_id AND c.version = v.version)`,
    [id],
  );
  for (const { version, body } of missing.rows) await indexVersion(client, { id, version, body });
}

async function indexVersion(client: pg.PoolClient, version: { id: string; version: number; body: string }) {
  const chunks = chunkMarkdown(version.body);
  if (chunks.length === 0) return;
  await client.query(
    `INSERT INTO seam_chunks (doc_id, version, ordinal, heading_path, text, collection, readers, served, tsv)
     SELECT v.doc_id, v.version, c.ordinal, c.headings, c.text, v.collection, v.acl, v.served,
       setweight(to_tsvector('english', v.title), 'A')
       || setweight(to_tsvector('english', (SELECT coalesce(string_agg(h, ' / '), '') FROM jsonb_array_elements_text(c.headings) h)), 'B')
       || setweight(to_tsvector('english', c.text), 'D')
     FROM seam_versions v, unnest($3::int[], $4::jsonb[], $5::text[]) AS c(ordinal, headings, text)
     WHERE v.doc_id = $1 AND v.version = $2`,
    [
      version.id,
      version.version,
      chunks.map((_, ordinal) => ordinal),
      chunks.map((chunk) => JSON.stringify(chunk.headingPath)),
      chunks.map((chunk) => chunk.text),
    ],
  );
}

async function chunkCount(client: pg.PoolClient, id: string): Promise<number> {
  const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM seam_chunks WHERE doc_id = $1', [
    id,
  ]);
  return rows[0]?.n ?? 0;
}

function canRead(roles: readonly string[] | null, acl: readonly string[] | null): boolean {
  return roles === null || acl === null || acl.some((role) => roles.includes(role));
}

/** PostgreSQL text cannot hold U+0000; say which document and field instead of failing in the driver. */
function refuseNul(document: DocumentInput): void {
  for (const [field, value] of Object.entries(document)) {
    if (hasNul(value)) {
      throw new InputError('contains a NUL character (U+0000), which PostgreSQL cannot store', {
        file: document.source ?? document.id,
        field,
      });
    }
  }
}

function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\0');
  if (Array.isArray(value)) return value.some(hasNul);
  if (value && typeof value === 'object')
    return Object.entries(value).some(([key, inner]) => hasNul(key) || hasNul(inner));
  return false;
}
