import type pg from 'pg';
import type { Reader } from '../../access.js';
import type { DocumentTimeline } from '../knowledge-store.js';
import type { ServedInterval } from '../timeline.js';
import { readableSql, toDocumentVersion, type VersionRow, versionColumns } from './rows.js';

/**
 * Every readable version of every document (or of one collection), with the instants at which each is
 * served, read in two queries whatever the number of documents (lint's and audit's fact lookups).
 * The served instants were computed over every version when they were written, so an instant at which
 * an unreadable version is served has no interval here.
 */
export async function readTimelines(
  client: pg.PoolClient,
  options: { reader: Reader; roles: readonly string[] | null; collection?: string | undefined },
): Promise<DocumentTimeline[]> {
  const where = `($1::text IS NULL OR v.collection = $1) AND ${readableSql('v.acl', '$2')}`;
  const parameters = [options.collection ?? null, options.roles];
  const versions = await client.query<VersionRow>(
    `SELECT ${versionColumns} FROM seam_versions v WHERE ${where} ORDER BY v.doc_id COLLATE "C", v.version`,
    parameters,
  );
  const served = await client.query<{ doc_id: string; version: number; from: Date | null; until: Date | null }>(
    `SELECT v.doc_id, v.version, lower(r) AS "from", upper(r) AS "until"
     FROM seam_versions v CROSS JOIN LATERAL unnest(v.served) AS r
     WHERE ${where} ORDER BY v.doc_id COLLATE "C", v.version, lower(r) NULLS FIRST`,
    parameters,
  );
  const byId = new Map<string, DocumentTimeline>();
  for (const row of versions.rows) {
    const timeline = byId.get(row.doc_id) ?? { id: row.doc_id, versions: [], served: [] };
    timeline.versions.push(toDocumentVersion(row, options.reader));
    byId.set(row.doc_id, timeline);
  }
  for (const row of served.rows) {
    const interval: ServedInterval = {
      version: row.version,
      from: row.from?.toISOString() ?? null,
      until: row.until?.toISOString() ?? null,
    };
    byId.get(row.doc_id)?.served.push(interval);
  }
  return [...byId.values()];
}
