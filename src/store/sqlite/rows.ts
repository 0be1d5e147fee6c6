import type { Reader } from '../../access.js';
import type { DocumentVersion } from '../knowledge-store.js';

/** A row of `versions`. */
export interface VersionRow {
  doc_id: string;
  version: number;
  title: string;
  collection: string;
  acl: string | null;
  effective_from: string | null;
  effective_until: string | null;
  subjects: string;
  tags: string;
  extra: string;
  body: string;
  source: string | null;
  author: string;
  message: string;
  created_at: string;
  content_hash: string;
}

export function parseAcl(acl: string | null): string[] | null {
  return acl === null ? null : (JSON.parse(acl) as string[]);
}

/** A version row as the library returns it; `source` (a path on the operator's machine) is the operator's alone. */
export function toDocumentVersion(row: VersionRow, reader: Reader): DocumentVersion {
  return {
    id: row.doc_id,
    version: row.version,
    title: row.title,
    collection: row.collection,
    acl: parseAcl(row.acl),
    effective_from: row.effective_from,
    effective_until: row.effective_until,
    subjects: JSON.parse(row.subjects) as string[],
    tags: JSON.parse(row.tags) as string[],
    extra: JSON.parse(row.extra) as Record<string, unknown>,
    body: row.body,
    source: reader.kind === 'operator' ? row.source : null,
    created_at: row.created_at,
    author: row.author,
    message: row.message,
  };
}
