import type Database from 'better-sqlite3';
import { instantKey } from '../../documents/parse-document.js';
import { queryTerms } from '../content.js';
import type { Hit, TextQuery } from '../knowledge-store.js';
import { chunkReadable } from './access-sql.js';

/** BM25 column weights: a match in the title or a heading counts more than one in the body. */
const bm25Weights = '4.0, 2.0, 1.0';

/**
 * Full-text search. The access rule and effective dates are checked in each matching chunk's own row
 * (see schema.ts), so ranking only sees passages the reader may read; chunk text and version details are
 * read for the top k alone.
 */
export function searchChunks(db: Database.Database, query: TextQuery): Hit[] {
  const match = ftsMatchExpression(query.text);
  if (!match || query.k <= 0) return [];
  const readable = chunkReadable(query.reader, 'c');
  const rows = db
    .prepare(
      `WITH top AS (
         SELECT c.id, bm25(chunks_fts, ${bm25Weights}) AS rank
         FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid
         WHERE chunks_fts MATCH @match
           AND (${readable.sql})
           AND (@collection IS NULL OR c.collection = @collection)
           AND CASE WHEN c.served_split = 0
                 THEN (c.served_from IS NULL OR c.served_from <= @at) AND (c.served_until IS NULL OR @at < c.served_until)
                 ELSE EXISTS (SELECT 1 FROM served s WHERE s.doc_id = c.doc_id AND s.version = c.version
                              AND (s.from_key IS NULL OR s.from_key <= @at) AND (s.until_key IS NULL OR @at < s.until_key))
               END
         ORDER BY rank LIMIT @k
       )
       SELECT c.doc_id, c.version, c.ordinal, c.heading_path, c.text, v.title, v.collection,
              v.effective_from, v.effective_until, top.rank
       FROM top JOIN chunks c ON c.id = top.id JOIN versions v ON v.doc_id = c.doc_id AND v.version = c.version
       ORDER BY top.rank`,
    )
    .all({
      match,
      at: instantKey(query.at),
      collection: query.collection ?? null,
      k: query.k,
      ...readable.parameters,
    }) as {
    doc_id: string;
    version: number;
    ordinal: number;
    heading_path: string;
    text: string;
    title: string;
    collection: string;
    effective_from: string | null;
    effective_until: string | null;
    rank: number;
  }[];
  return rows.map((row) => ({
    id: row.doc_id,
    version: row.version,
    title: row.title,
    collection: row.collection,
    heading_path: JSON.parse(row.heading_path) as string[],
    score: Number((-row.rank).toPrecision(4)),
    text: row.text,
    effective_from: row.effective_from,
    effective_until: row.effective_until,
    chunk: row.ordinal,
  }));
}

/**
 * An FTS5 MATCH expression for a free-text query: every term quoted (so user text can never be read as
 * query syntax) and joined with OR, leaving BM25 to rank documents that match more terms higher.
 */
function ftsMatchExpression(text: string): string {
  return queryTerms(text)
    .map((term) => `"${term}"`)
    .join(' OR ');
}
