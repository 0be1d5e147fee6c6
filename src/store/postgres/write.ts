import type pg from 'pg';
import { checkedAcl, everyoneGrant, grantsMeet, operator } from '../../access.js';
import { ConflictError, InputError, NotFoundError } from '../../errors.js';
import { contentHash } from '../content.js';
import type { DocumentInput, PutResult, RemoveResult, WriteOptions } from '../knowledge-store.js';
import { servedIntervals } from '../timeline.js';
import { multirangeLiteral, readableSql, toDocumentVersion, type VersionRow, versionColumns } from './rows.js';
import { indexVersion } from './search-index.js';

/** What a write runs with: the transaction's client, the clock, and the writer's roles (`null`: operator). */
export interface WriteContext {
  client: pg.PoolClient;
  now: Date;
  roles: readonly string[] | null;
}

/** A document's state when its row is locked: head, the head's access list and hash, and every version's dates. */
interface LockedDocument {
  head: number;
  acl: string[] | null;
  content_hash: string | null;
  versions: { version: number; effective_from: string | null; effective_until: string | null; chunks: number }[];
}

/**
 * One document's write inside the caller's transaction. The document row is locked (`FOR UPDATE`, or
 * created) before `ifVersion` is checked, so concurrent writers queue on it: exactly one of several
 * writers holding the same version wins and the others see the new head and get a `ConflictError`.
 */
export async function putOne(context: WriteContext, input: DocumentInput, options: WriteOptions): Promise<PutResult> {
  const document = { ...input, acl: checkedAcl(input) };
  refuseNul(document);
  const now = context.now.toISOString();
  const current = await lockDocument(context.client, document.id, now);
  const { head } = current;
  if (head > 0 && !grantsMeet(held(context.roles), current.acl)) {
    throw new NotFoundError(document.id, `not found: no document '${document.id}'`);
  }
  if (options.ifVersion !== undefined && head !== options.ifVersion) {
    throw new ConflictError(document.id, options.ifVersion, head > 0 ? head : undefined);
  }
  const hash = contentHash(document);
  if (head > 0 && current.content_hash === hash) {
    const chunks = current.versions.reduce((sum, version) => sum + version.chunks, 0);
    return { id: document.id, version: head, status: 'unchanged', chunks };
  }
  const version = head + 1;
  const versions = [...current.versions, { ...document, version, chunks: 0 }];
  const intervals = servedIntervals(versions);
  const servedOf = (number: number) => intervals.filter((interval) => interval.version === number);
  await context.client.query(
    `WITH moved AS (UPDATE seam_documents SET head = $2, updated_at = $15 WHERE id = $1)
     INSERT INTO seam_versions (doc_id, version, title, collection, acl, effective_from, effective_until, subjects,
       tags, extra, body, source, author, message, created_at, content_hash, served)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17::tstzmultirange)`,
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
      multirangeLiteral(servedOf(version)),
    ],
  );
  const older = current.versions;
  if (older.length > 0)
    await reserve(
      context.client,
      document.id,
      older.map((entry) => ({ ...entry, served: servedOf(entry.version) })),
    );
  let chunks = older.reduce((sum, entry) => sum + (servedOf(entry.version).length > 0 ? entry.chunks : 0), 0);
  if (servedOf(version).length > 0)
    chunks += await indexVersion(context.client, { id: document.id, version, body: document.body });
  return { id: document.id, version, status: head > 0 ? 'updated' : 'created', chunks };
}

/** Lock the document's row, creating it (head 0) when the document is new. */
async function lockDocument(client: pg.PoolClient, id: string, now: string): Promise<LockedDocument> {
  const created = await client.query(
    'INSERT INTO seam_documents (id, head, created_at, updated_at) VALUES ($1, 0, $2, $2) ON CONFLICT (id) DO NOTHING RETURNING id',
    [id, now],
  );
  if ((created.rowCount ?? 0) > 0) return { head: 0, acl: null, content_hash: null, versions: [] };
  const { rows } = await client.query<LockedDocument>(
    `SELECT d.head, v.acl, v.content_hash,
       (SELECT coalesce(json_agg(json_build_object('version', o.version, 'effective_from', o.effective_from,
          'effective_until', o.effective_until,
          'chunks', (SELECT count(*) FROM seam_chunks c WHERE c.doc_id = o.doc_id AND c.version = o.version))), '[]')
        FROM seam_versions o WHERE o.doc_id = d.id) AS versions
     FROM seam_documents d LEFT JOIN seam_versions v ON v.doc_id = d.id AND v.version = d.head
     WHERE d.id = $1 FOR UPDATE OF d`,
    [id],
  );
  return rows[0] ?? { head: 0, acl: null, content_hash: null, versions: [] };
}

/** Version `to`'s content as a new version, inside the caller's transaction; both must be readable. */
export async function revertOne(
  context: WriteContext,
  id: string,
  to: number,
  options: WriteOptions,
): Promise<PutResult> {
  const current = await readableHead(context, id);
  if (current === undefined) throw new NotFoundError(id, `not found: no document '${id}'`);
  const { rows } = await context.client.query<VersionRow>(
    `SELECT ${versionColumns} FROM seam_versions v WHERE v.doc_id = $1 AND v.version = $2 AND ${readableSql('v.acl', '$3')}`,
    [id, to, context.roles],
  );
  const row = rows[0];
  if (!row) throw new NotFoundError(`${id} version ${to}`, `not found: '${id}' has no version ${to}`);
  const old = toDocumentVersion(row, operator);
  return putOne(
    context,
    { ...old, source: old.source ?? undefined },
    { ...options, message: options.message ?? `revert to version ${to}` },
  );
}

/**
 * Delete every version, chunk and index entry of a document, inside the caller's transaction. The counts
 * are of what the reader may read: a restricted version is not counted, even as it goes too.
 */
export async function removeOne(
  context: WriteContext,
  id: string,
  ifVersion: number | undefined,
): Promise<RemoveResult | undefined> {
  const { client } = context;
  const head = await readableHead(context, id);
  if (head === undefined) return undefined;
  if (ifVersion !== undefined && head !== ifVersion) throw new ConflictError(id, ifVersion, head);
  const counted = await client.query<{ versions: number; chunks: number }>(
    `SELECT count(*)::int AS versions,
       (SELECT count(*)::int FROM seam_chunks c JOIN seam_versions w ON w.doc_id = c.doc_id AND w.version = c.version
        WHERE c.doc_id = $1 AND ${readableSql('w.acl', '$2')}) AS chunks
     FROM seam_versions v WHERE v.doc_id = $1 AND ${readableSql('v.acl', '$2')}`,
    [id, context.roles],
  );
  await client.query('DELETE FROM seam_chunks WHERE doc_id = $1', [id]);
  await client.query('DELETE FROM seam_versions WHERE doc_id = $1', [id]);
  await client.query('DELETE FROM seam_documents WHERE id = $1', [id]);
  return { id, versions: counted.rows[0]?.versions ?? 0, chunks: counted.rows[0]?.chunks ?? 0 };
}

/** Lock the document's row; its head, or `undefined` when it does not exist or the writer may not read it. */
async function readableHead(context: WriteContext, id: string): Promise<number | undefined> {
  const { rows } = await context.client.query<{ head: number; acl: string[] | null }>(
    `SELECT d.head, v.acl FROM seam_documents d JOIN seam_versions v ON v.doc_id = d.id AND v.version = d.head
     WHERE d.id = $1 FOR UPDATE OF d`,
    [id],
  );
  const row = rows[0];
  return row && grantsMeet(held(context.roles), row.acl) ? row.head : undefined;
}

/**
 * Give older versions their new served instants (a new version can shrink them), and make the index
 * hold exactly the chunks of served versions: a version no longer served at any instant loses its
 * chunks in this same transaction; one served again (rare) is indexed again.
 */
async function reserve(
  client: pg.PoolClient,
  id: string,
  versions: { version: number; chunks: number; served: { from: string | null; until: string | null }[] }[],
): Promise<void> {
  await client.query(
    `UPDATE seam_versions v SET served = n.served::tstzmultirange
     FROM unnest($2::int[], $3::text[]) AS n(version, served)
     WHERE v.doc_id = $1 AND v.version = n.version AND v.served <> n.served::tstzmultirange`,
    [id, versions.map((entry) => entry.version), versions.map((entry) => multirangeLiteral(entry.served))],
  );
  const dropped = versions.filter((entry) => entry.served.length === 0 && entry.chunks > 0);
  if (dropped.length > 0) {
    await client.query('DELETE FROM seam_chunks WHERE doc_id = $1 AND version = ANY($2::int[])', [
      id,
      dropped.map((entry) => entry.version),
    ]);
  }
  const kept = versions.filter((entry) => entry.served.length > 0 && entry.chunks > 0);
  if (kept.length > 0) {
    await client.query(
      `UPDATE seam_chunks c SET served = v.served FROM seam_versions v
       WHERE c.doc_id = $1 AND c.version = ANY($2::int[]) AND v.doc_id = c.doc_id AND v.version = c.version
         AND c.served <> v.served`,
      [id, kept.map((entry) => entry.version)],
    );
  }
  for (const entry of versions.filter((candidate) => candidate.served.length > 0 && candidate.chunks === 0)) {
    const { rows } = await client.query<{ body: string }>(
      'SELECT body FROM seam_versions WHERE doc_id = $1 AND version = $2',
      [id, entry.version],
    );
    if (rows[0]) await indexVersion(client, { id, version: entry.version, body: rows[0].body });
  }
}

/** The grants a write's roles hold (`null`: the operator holds all). */
function held(roles: readonly string[] | null): 'all' | string[] {
  return roles === null ? 'all' : [everyoneGrant, ...roles];
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
