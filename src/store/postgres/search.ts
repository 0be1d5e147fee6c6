import type pg from 'pg';
import { queryTerms } from '../content.js';
import type { Hit, TextQuery } from '../knowledge-store.js';
import { grantedSql, grantsOf } from './rows.js';

/** At most this many words of a query are searched for (a pasted essay is not a query). */
const maxTerms = 64;

/**
 * Full-text retrieval in core PostgreSQL. Each query word goes through `plainto_tsquery('english', …)`
 * as a bound parameter, so user text is never query syntax; the words are OR-ed (like the SQLite
 * backend), and `ts_rank` over the weighted vector (title A, headings B, body D) orders the matches:
 * higher is better, on PostgreSQL's own scale. Access and effective dates are checked in each chunk
 * row inside the same query, so the top k are all passages the reader may read.
 */
export async function searchChunks(
  client: pg.PoolClient,
  query: Omit<TextQuery, 'access'> & { roles: readonly string[] | null },
): Promise<Hit[]> {
  const terms = queryTerms(query.text).slice(0, maxTerms);
  if (terms.length === 0 || query.k <= 0) return [];
  const { rows } = await client.query<{
    doc_id: string;
    version: number;
    ordinal: number;
    heading_path: string[];
    text: string;
    title: string;
    collection: string;
    effective_from: string | null;
    effective_until: string | null;
    rank: number;
  }>(
    `WITH q AS MATERIALIZED (
       SELECT seam_tsquery_or(plainto_tsquery('english', term)) AS query FROM unnest($1::text[]) AS term
     ), top AS (
       SELECT c.id, ts_rank(c.tsv, (SELECT query FROM q)) AS rank
       FROM seam_chunks c
       WHERE c.tsv @@ (SELECT query FROM q)
         AND ${grantedSql('c.readers', '$2')}
         AND ($3::text IS NULL OR c.collection = $3)
         AND c.served @> $4::timestamptz
       ORDER BY rank DESC, c.id LIMIT $5
     )
     SELECT c.doc_id, c.version, c.ordinal, c.heading_path, c.text, v.title, v.collection,
            v.effective_from, v.effective_until, top.rank
     FROM top JOIN seam_chunks c ON c.id = top.id
     JOIN seam_versions v ON v.doc_id = c.doc_id AND v.version = c.version
     ORDER BY top.rank DESC, c.id`,
    [terms, grantsOf(query.roles), query.collection ?? null, query.at, query.k],
  );
  return rows.map((row) => ({
    id: row.doc_id,
    version: row.version,
    title: row.title,
    collection: row.collection,
    heading_path: row.heading_path,
    score: Number(row.rank.toPrecision(4)),
    text: row.text,
    effective_from: row.effective_from,
    effective_until: row.effective_until,
    chunk: row.ordinal,
  }));
}
