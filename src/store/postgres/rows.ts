import { chunkGrantsHeld, type Reader } from '../../access.js';
import type { DocumentVersion, VersionSummary } from '../knowledge-store.js';

/** Columns of `seam_versions` read back as a `DocumentVersion`. */
export const versionColumns = `v.doc_id, v.version, v.title, v.collection, v.acl, v.effective_from, v.effective_until,
  v.subjects, v.tags, v.extra, v.body, v.source, v.author, v.message, v.created_at`;

export const summaryColumns =
  'v.version, v.created_at, v.author, v.message, v.title, v.effective_from, v.effective_until, v.redacted_by';

/** A `seam_versions` row as `pg` returns it: a `DocumentVersion` keyed by `doc_id`, with a `Date` timestamp. */
export type VersionRow = Omit<DocumentVersion, 'id' | 'created_at'> & { doc_id: string; created_at: Date };

/** A version row as the library returns it; `source` (a path on the operator's machine) is the operator's alone. */
export function toDocumentVersion(row: VersionRow, reader: Reader): DocumentVersion {
  return {
    id: row.doc_id,
    version: row.version,
    title: row.title,
    collection: row.collection,
    acl: row.acl,
    effective_from: row.effective_from,
    effective_until: row.effective_until,
    subjects: row.subjects,
    tags: row.tags,
    extra: row.extra,
    body: row.body,
    source: reader.kind === 'operator' ? row.source : null,
    created_at: row.created_at.toISOString(),
    author: row.author,
    message: row.message,
  };
}

export type SummaryRow = Omit<VersionSummary, 'created_at'> & { created_at: Date };

export function toVersionSummary(row: SummaryRow): VersionSummary {
  return { ...row, created_at: row.created_at.toISOString() };
}

/**
 * The reader rule as SQL over an access-list column and a `text[]` parameter holding the reader's
 * roles, or NULL for the operator: readable when the reader is the operator, the version has no
 * access list, or the lists share a role. The same rule as `src/access.ts`.
 */
export function readableSql(aclColumn: string, rolesParameter: string): string {
  return `(${rolesParameter}::text[] IS NULL OR ${aclColumn} IS NULL OR ${aclColumn} && ${rolesParameter}::text[])`;
}

/** A served-interval list as a `tstzmultirange` literal (instants are ISO strings from `instantKey`). */
export function multirangeLiteral(intervals: readonly { from: string | null; until: string | null }[]): string {
  const ranges = intervals.map(
    (interval) =>
      `${interval.from === null ? '(' : `["${interval.from}"`},${interval.until === null ? ')' : `"${interval.until}")`}`,
  );
  return `{${ranges.join(',')}}`;
}

/**
 * The same rule over a chunk's `readers` (its version's grants: the acl's roles, or `*` for everyone) and
 * a parameter holding the reader's grants (`*` and its roles), or NULL for the operator: one array
 * overlap, which the GIN index over `(tsv, readers)` answers.
 */
export function grantedSql(readersColumn: string, grantsParameter: string): string {
  return `(${grantsParameter}::text[] IS NULL OR ${readersColumn} && ${grantsParameter}::text[])`;
}

/**
 * A reader's grants for `grantedSql` over chunks: `*` (everyone's versions) and its roles, qualified too
 * when it holds the agent role (`chunkGrantsHeld`); `null` for the operator.
 */
export function grantsOf(roles: readonly string[] | null): string[] | null {
  if (roles === null) return null;
  const held = chunkGrantsHeld({ kind: 'principal', id: '', known: true, roles });
  return held === 'all' ? null : held;
}
