import type Database from 'better-sqlite3';
import { instantKey } from '../../documents/parse-document.js';
import { queryTerms } from '../content.js';
import type { Hit, TextQuery } from '../knowledge-store.js';
import { scopeFilter } from './fts-scope.js';

/** BM25 column weights: a match in the title or a heading counts more than one in the body; `scope` none. */
const bm25Weights = '4.0, 2.0, 1.0, 0.0';

/** Candidates ranked per hit wanted on the first try; enough unless effective dates exclude many. */
const overFetch = 4;

interface Row {
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
}

/**
 * Full-text search. The access rule and the collection are part of the FTS5 MATCH (see `fts-scope.ts`), so
 * FTS5 ranks only chunks the reader may read; effective dates are then checked in each candidate's own row.
 * The best `k × 4` candidates are checked first, and only when dates exclude too many of them is every
 * candidate checked: either way the result is the top k among the chunks served to this reader at `at`.
 */
export function searchChunks(db: Database.Database, query: TextQuery): Hit[] {
  const words = queryTerms(query.text)
    .map((term) => `"${term}"`)
    .join(' OR ');
  if (!words || query.k <= 0) return [];
  const scope = scopeFilter(query.reader, query.collection);
  const match = `{title headings body} : (${words})${scope ? ` AND ${scope}` : ''}`;
  const statement = db.prepare(
    `WITH top AS (
       SELECT rowid AS id, bm25(chunks_fts, ${bm25Weights}) AS rank
       FROM chunks_fts WHERE chunks_fts MATCH @match ORDER BY rank LIMIT @candidates
     )
     SELECT c.doc_id, c.version, c.ordinal, c.heading_path, c.text, v.title, v.collection,
            v.effective_from, v.effective_until, top.rank
     FROM top JOIN chunks c ON c.id = top.id JOIN versions v ON v.doc_id = c.doc_id AND v.version = c.version
     WHERE CASE WHEN c.served_split = 0
             THEN (c.served_from IS NULL OR c.served_from <= @at) AND (c.served_until IS NULL OR @at < c.served_until)
             ELSE EXISTS (SELECT 1 FROM served s WHERE s.doc_id = c.doc_id AND s.version = c.version
                          AND (s.from_key IS NULL OR s.from_key <= @at) AND (s.until_key IS NULL OR @at < s.until_key))
           END
     ORDER BY top.rank LIMIT @k`,
  );
  const parameters = { match, at: instantKey(query.at), k: query.k };
  const candidates = query.k * overFetch;
  let rows = statement.all({ ...parameters, candidates }) as Row[];
  // Fewer than k served among the first candidates: there may be more further down, so check them all.
  if (rows.length < query.k) rows = statement.all({ ...parameters, candidates: -1 }) as Row[];
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
