import type Database from 'better-sqlite3';
import { instantKey } from '../../documents/parse-document.js';
import type {
  DocumentSummary,
  DocumentTimeline,
  DocumentVersion,
  ReadOptions,
  VersionSummary,
} from '../knowledge-store.js';
import type { ServedInterval } from '../timeline.js';
import { versionReadable } from './access-sql.js';
import { parseAcl, toDocumentVersion, type VersionRow } from './rows.js';
import { statement } from './statements.js';

/** The store's reads. Each applies the access rule per version in its own query (`versionReadable`). */

export function getVersion(
  db: Database.Database,
  id: string,
  options: ReadOptions & { version?: number | undefined },
): DocumentVersion | undefined {
  const readable = versionReadable(options.reader, 'v');
  const row = statement(
    db,
    `SELECT v.* FROM versions v WHERE v.doc_id = @id AND (@version IS NULL OR v.version = @version)
         AND (${readable.sql}) ORDER BY v.version DESC LIMIT 1`,
  ).get({ id, version: options.version ?? null, ...readable.parameters }) as VersionRow | undefined;
  return row && toDocumentVersion(row, options.reader);
}

export function getServedVersion(
  db: Database.Database,
  id: string,
  options: ReadOptions & { at: string },
): DocumentVersion | undefined {
  const readable = versionReadable(options.reader, 'v');
  const row = db
    .prepare(
      `SELECT v.* FROM versions v JOIN served s ON s.doc_id = v.doc_id AND s.version = v.version
       WHERE v.doc_id = @id AND (s.from_key IS NULL OR s.from_key <= @at) AND (s.until_key IS NULL OR @at < s.until_key)
         AND (${readable.sql})`,
    )
    .get({ id, at: instantKey(options.at), ...readable.parameters }) as VersionRow | undefined;
  return row && toDocumentVersion(row, options.reader);
}

export function historyOf(db: Database.Database, id: string, options: ReadOptions): VersionSummary[] | undefined {
  const readable = versionReadable(options.reader, 'v');
  const rows = db
    .prepare(
      `SELECT v.version, v.created_at, v.author, v.message, v.title, v.effective_from, v.effective_until, v.redacted_by
       FROM versions v WHERE v.doc_id = @id AND (${readable.sql}) ORDER BY v.version`,
    )
    .all({ id, ...readable.parameters }) as VersionSummary[];
  return rows.length > 0 ? rows : undefined;
}

export function timelinesOf(
  db: Database.Database,
  options: ReadOptions & { collection?: string | undefined },
): DocumentTimeline[] {
  const readable = versionReadable(options.reader, 'v');
  const parameters = { collection: options.collection ?? null, ...readable.parameters };
  const where = `(@collection IS NULL OR v.collection = @collection) AND (${readable.sql})`;
  const rows = db
    .prepare(`SELECT v.* FROM versions v WHERE ${where} ORDER BY v.doc_id, v.version`)
    .all(parameters) as VersionRow[];
  const served = db
    .prepare(
      `SELECT s.doc_id, s.version, s.from_key AS "from", s.until_key AS "until"
       FROM served s JOIN versions v ON v.doc_id = s.doc_id AND v.version = s.version WHERE ${where}
       ORDER BY s.doc_id, s.version, s.from_key`,
    )
    .all(parameters) as (ServedInterval & { doc_id: string })[];
  const byId = new Map<string, DocumentTimeline>();
  for (const row of rows) {
    const timeline = byId.get(row.doc_id) ?? { id: row.doc_id, versions: [], served: [] };
    timeline.versions.push(toDocumentVersion(row, options.reader));
    byId.set(row.doc_id, timeline);
  }
  for (const { doc_id, ...interval } of served) byId.get(doc_id)?.served.push(interval);
  return [...byId.values()];
}

export function listDocuments(
  db: Database.Database,
  options: ReadOptions & { collection?: string | undefined },
): DocumentSummary[] {
  const readable = versionReadable(options.reader, 'w');
  // Each document as its newest readable version shows it; `updated_at` is that version's, so a
  // newer version the reader may not read leaves no trace.
  const rows = db
    .prepare(
      `SELECT v.doc_id AS id, v.version, v.title, v.collection, v.acl, v.created_at AS updated_at, v.source
       FROM versions v
       WHERE v.version = (SELECT max(w.version) FROM versions w WHERE w.doc_id = v.doc_id AND (${readable.sql}))
         AND (@collection IS NULL OR v.collection = @collection)
       ORDER BY v.doc_id`,
    )
    .all({ collection: options.collection ?? null, ...readable.parameters }) as (Omit<DocumentSummary, 'acl'> & {
    acl: string | null;
  })[];
  return rows.map((row) => ({
    ...row,
    acl: parseAcl(row.acl),
    source: options.reader.kind === 'operator' ? row.source : null,
  }));
}
