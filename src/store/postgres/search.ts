import type pg from 'pg';
import { bm25, queryIndexTerms } from '../bm25-terms.js';
import { queryTerms } from '../content.js';
import type { Hit, TextQuery } from '../knowledge-store.js';
import { type RankedRow, rankWithBlocks } from './block-search.js';
import { grantsOf } from './rows.js';

/** At most this many words of a query are searched for (a pasted essay is not a query). */
const maxTerms = 64;

/** Candidates ranked per hit wanted on the first try; enough unless effective dates exclude many. */
const overFetch = 4;

/** How a store ranks: over the posting blocks, falling back to SQL when they cannot decide; or in SQL only. */
export type SearchMode = 'blocks' | 'sql';

/**
 * The top k passages for a query, best first: over the posting blocks (`block-search.ts`) unless `mode` is
 * `sql` or the blocks cannot decide, else by the SQL ranking below.
 */
export async function searchChunks(
  client: pg.PoolClient,
  query: Omit<TextQuery, 'access'> & { roles: readonly string[] | null },
  mode: SearchMode = 'blocks',
): Promise<Hit[]> {
  const rows = await rankChunks(client, query, mode);
  return rows.map((row) => ({
    id: row.doc_id,
    version: row.version,
    title: row.title,
    collection: row.collection,
    heading_path: row.heading_path,
    score: Number(row.score.toPrecision(4)),
    text: row.text,
    effective_from: row.effective_from,
    effective_until: row.effective_until,
    chunk: row.ordinal,
  }));
}

/** The ranked rows with their chunk ids and raw scores (for `searchChunks`, and to compare the two rankings). */
export async function rankChunks(
  client: pg.ClientBase,
  query: Omit<TextQuery, 'access' | 'reader'> & { roles: readonly string[] | null },
  mode: SearchMode,
): Promise<RankedRow[]> {
  const terms = queryIndexTerms(queryTerms(query.text).slice(0, maxTerms));
  if (terms.length === 0 || query.k <= 0) return [];
  if (mode === 'sql') return rankInSql(client, terms, query);
  // The blocks' statement and the candidates' rows are read in one snapshot: a writer committing between
  // them must not leave candidates whose rows are gone (or new chunks the blocks did not hold).
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const ranked =
      (await rankWithBlocks(client, {
        terms,
        grants: grantsOf(query.roles),
        collection: query.collection ?? null,
        at: query.at,
        k: query.k,
      })) ?? (await rankInSql(client, terms, query));
    await client.query('COMMIT');
    return ranked;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * BM25 in core PostgreSQL, the same ranking as the SQLite store's FTS5 `bm25()`: the same terms
 * (`bm25-terms.ts`), inverse document frequency from `seam_term_stats`, length normalisation against
 * `seam_index_stats`, column weights folded into each posting. One statement reads the statistics and
 * the query terms' posting lists, restricted to the scopes (access list and collection) the reader may
 * read, so the top candidates are all readable; effective dates are then checked in each candidate's
 * chunk row, the best `k × 4` first and every candidate only when dates exclude too many. It ranks every
 * matching posting: the exhaustive ranking the blocks are checked against, and their fallback.
 */
async function rankInSql(
  client: pg.ClientBase,
  terms: readonly string[],
  query: Omit<TextQuery, 'access' | 'reader'> & { roles: readonly string[] | null },
): Promise<RankedRow[]> {
  // Every scope readable (the operator, no collection): no scope filter, each term's posting list is one range.
  const everything = query.roles === null && query.collection === undefined;
  const text = rankSql(everything);
  const parameters = [terms, grantsOf(query.roles), query.collection ?? null, query.at];
  // Named, so each connection plans it once (planning this statement costs more than running it on small stores).
  const name = everything ? 'seam-search-all' : 'seam-search-scoped';
  let { rows } = await client.query<RankedRow>({ name, text, values: [...parameters, query.k * overFetch, query.k] });
  // Fewer than k served among the first candidates: there may be more further down, so check them all.
  if (rows.length < query.k)
    ({ rows } = await client.query<RankedRow>({ name, text, values: [...parameters, null, query.k] }));
  return rows;
}

/** The ranking statement; `everything`: without the scope filter (its parameters are then ignored). */
function rankSql(everything: boolean): string {
  return `WITH stats AS (
       SELECT sum(chunks)::float8 AS n, sum(tokens)::float8 / nullif(sum(chunks), 0) AS avgdl
       FROM (SELECT chunks, tokens FROM seam_index_stats UNION ALL SELECT chunks, tokens FROM seam_index_deltas) AS t
     ), frequency AS (
       SELECT term, sum(chunks)::float8 AS df
       FROM (SELECT term, chunks FROM seam_term_stats WHERE term = ANY($1::text[])
             UNION ALL SELECT term, chunks FROM seam_term_deltas WHERE term = ANY($1::text[])) AS t
       GROUP BY term
     ), q AS MATERIALIZED (
       SELECT w.term, greatest(ln((s.n - f.df + 0.5) / (f.df + 0.5)), 1e-6) AS idf
       FROM unnest($1::text[]) AS w(term) JOIN frequency f ON f.term = w.term CROSS JOIN stats s
     ), scopes AS MATERIALIZED (
       SELECT id FROM seam_scopes
       WHERE ($2::text[] IS NULL OR readers && $2::text[]) AND ($3::text IS NULL OR collection = $3)
     ), top AS (
       SELECT p.chunk_id, sum(q.idf * (p.weight * ${bm25.k1 + 1})
                / (p.weight + ${bm25.k1} * (${1 - bm25.b} + ${bm25.b} * p.tokens / s.avgdl))) AS score
       FROM q JOIN seam_postings p ON p.term = q.term CROSS JOIN stats s
       ${everything ? '' : 'WHERE p.scope IN (SELECT id FROM scopes)'}
       GROUP BY p.chunk_id ORDER BY score DESC, p.chunk_id LIMIT $5
     )
     SELECT c.id::text AS chunk_id, c.doc_id, c.version, c.ordinal, c.heading_path, c.text, v.title, v.collection,
            v.effective_from, v.effective_until, top.score
     FROM top JOIN seam_chunks c ON c.id = top.chunk_id
     JOIN seam_versions v ON v.doc_id = c.doc_id AND v.version = c.version
     WHERE c.served @> $4::timestamptz
     ORDER BY top.score DESC, c.id LIMIT $6`;
}
