import type pg from 'pg';
import { fts5Idf, ScoreAccumulator, type ScoredPhrase } from '../postings/bm25-score.js';
import { decodeBlock, type PostingBlock } from '../postings/posting-block.js';

/**
 * Ranking over the posting blocks (`posting-blocks.ts`) in two round trips, with the SQLite store's scorer
 * (`../postings/bm25-score.ts`):
 *
 * 1. one statement reads the BM25 statistics, each query term's document frequency, the scopes the reader
 *    may read (access list and collection) and every block of the query terms; the blocks are scored in
 *    place, postings outside those scopes skipped as they are read, and the best `k × 16` candidates kept;
 * 2. a second statement returns the first k of those candidates, in score order, served at the query's
 *    instant (effective dates live in the chunk rows).
 *
 * It answers `undefined` when the blocks cannot decide: dates exclude so many candidates that fewer than k
 * of the `k × 16` are served while more may be further down, or the blocks lag the postings (removals left
 * by a writer that did not write the blocks). The caller then ranks in SQL (`search.ts`).
 */

/** Candidates checked against effective dates per hit wanted, before falling back to ranking in SQL. */
const overFetch = 16;

/** A ranked chunk row with its raw score. */
export interface RankedRow {
  chunk_id: string;
  doc_id: string;
  version: number;
  ordinal: number;
  heading_path: string[];
  text: string;
  title: string;
  collection: string;
  effective_from: string | null;
  effective_until: string | null;
  score: number;
}

export interface BlockQuery {
  /** The query's index terms, in order, with repeats (`queryIndexTerms`). */
  terms: readonly string[];
  /** The reader's grants (`grantsOf`), or `null` for every scope. */
  grants: readonly string[] | null;
  collection: string | null;
  /** The instant served, as `timestamptz` text. */
  at: string;
  k: number;
}

/** Kinds of the first statement's rows. */
const Kind = { Rows: 0, AverageLength: 1, Frequency: 2, Scope: 3, Block: 4, Lagging: 5 } as const;

function firstSql(everything: boolean): string {
  return `WITH stats AS (
       SELECT sum(chunks)::float8 AS n, sum(tokens)::float8 / nullif(sum(chunks), 0) AS avgdl
       FROM (SELECT chunks, tokens FROM seam_index_stats UNION ALL SELECT chunks, tokens FROM seam_index_deltas) AS t
     )
     SELECT ${Kind.Rows} AS kind, NULL::text AS term, n AS value, NULL::bytea AS data FROM stats
     UNION ALL SELECT ${Kind.AverageLength}, NULL, avgdl, NULL FROM stats
     UNION ALL SELECT ${Kind.Frequency}, term, sum(chunks)::float8, NULL
       FROM (SELECT term, chunks FROM seam_term_stats WHERE term = ANY($1::text[])
             UNION ALL SELECT term, chunks FROM seam_term_deltas WHERE term = ANY($1::text[])) AS t
       GROUP BY term
     ${
       everything
         ? ''
         : `UNION ALL SELECT ${Kind.Scope}, NULL, id::float8, NULL FROM seam_scopes
       WHERE ($2::text[] IS NULL OR readers && $2::text[]) AND ($3::text IS NULL OR collection = $3)`
     }
     UNION ALL SELECT ${Kind.Block}, term, NULL, data FROM seam_posting_blocks WHERE term = ANY($1::text[])
     UNION ALL SELECT ${Kind.Lagging}, NULL, 1, NULL WHERE EXISTS (SELECT 1 FROM seam_posting_removals)`;
}

const servedSql = `SELECT c.id::text AS chunk_id, c.doc_id, c.version, c.ordinal, c.heading_path, c.text, v.title,
     v.collection, v.effective_from, v.effective_until, w.at
   FROM unnest($1::bigint[]) WITH ORDINALITY AS w(id, at)
   JOIN seam_chunks c ON c.id = w.id
   JOIN seam_versions v ON v.doc_id = c.doc_id AND v.version = c.version
   WHERE c.served @> $2::timestamptz
   ORDER BY w.at LIMIT $3`;

/** Scores of one search at a time: filled, read and cleared with no `await` in between. */
const scores = new ScoreAccumulator();

/** The top k, best first, or `undefined` when the blocks cannot decide (see above). */
export async function rankWithBlocks(client: pg.ClientBase, query: BlockQuery): Promise<RankedRow[] | undefined> {
  if (query.terms.length === 0 || query.k <= 0) return [];
  const everything = query.grants === null && query.collection === null;
  const { rows } = await client.query<{ kind: number; term: string | null; value: number | null; data: Buffer | null }>(
    {
      name: everything ? 'seam-blocks-all' : 'seam-blocks-scoped',
      text: firstSql(everything),
      values: everything ? [query.terms] : [query.terms, query.grants, query.collection],
    },
  );
  let rowCount = 0;
  let averageLength = 0;
  const frequency = new Map<string, number>();
  const blocks = new Map<string, PostingBlock[]>();
  const scopeIds: number[] = [];
  for (const row of rows) {
    switch (row.kind) {
      case Kind.Rows:
        rowCount = row.value ?? 0;
        break;
      case Kind.AverageLength:
        averageLength = row.value ?? 0;
        break;
      case Kind.Frequency:
        frequency.set(row.term ?? '', row.value ?? 0);
        break;
      case Kind.Scope:
        scopeIds.push(row.value ?? 0);
        break;
      case Kind.Block: {
        const list = blocks.get(row.term ?? '') ?? [];
        list.push(decodeBlock(row.data ?? Buffer.alloc(0)));
        blocks.set(row.term ?? '', list);
        break;
      }
      case Kind.Lagging:
        return undefined;
    }
  }
  if (rowCount === 0) return [];
  let allowed: Uint8Array | null = null;
  if (!everything) {
    if (scopeIds.length === 0) return [];
    allowed = new Uint8Array(Math.max(...scopeIds) + 1);
    for (const id of scopeIds) allowed[id] = 1;
  }
  // Terms no chunk holds are left out, as the SQL ranking's join leaves them out; repeats count again.
  const phrases: ScoredPhrase[] = query.terms
    .filter((term) => frequency.has(term))
    .map((term) => ({ idf: fts5Idf(rowCount, frequency.get(term) ?? 0), blocks: blocks.get(term) ?? [] }));
  const limit = query.k * overFetch;
  let candidates: { chunks: number[]; scores: number[] };
  try {
    scores.add(phrases, { rows: rowCount, averageLength }, allowed);
    candidates = scores.top(limit);
  } finally {
    scores.clear();
  }
  if (candidates.chunks.length === 0) return [];
  const served = await client.query<Omit<RankedRow, 'score'> & { at: string }>({
    name: 'seam-blocks-served',
    text: servedSql,
    values: [candidates.chunks, query.at, query.k],
  });
  // Fewer than k served among a full list of candidates: there may be more further down.
  if (served.rows.length < query.k && candidates.chunks.length === limit) return undefined;
  return served.rows.map(({ at, ...row }) => ({
    ...row,
    score: candidates.scores[Number(at) - 1] as number,
  }));
}
