import type pg from 'pg';
import { queryIndexTerms } from '../bm25-terms.js';
import type { TermFrequencies } from '../knowledge-store.js';
import { grantsOf } from './rows.js';

/**
 * Document frequencies over the chunks the reader may read: the postings of the scopes (access lists)
 * the reader's grants meet, as in search, so a chunk the reader may not read is never counted. Each word
 * goes through the index's own tokenizer (stemmed as indexed); a chunk counts for several words when it
 * holds all of them (SQLite's FTS5 also wants them adjacent).
 */
export async function termFrequencies(
  client: pg.PoolClient,
  query: { words: readonly string[]; roles: readonly string[] | null },
): Promise<TermFrequencies> {
  const words = [...new Set(query.words)];
  const pairs = words.flatMap((word, index) =>
    [...new Set(queryIndexTerms([word]))].map((term) => [index, term] as const),
  );
  const { rows } = await client.query<{ word: number | null; n: string }>(
    `WITH scopes AS MATERIALIZED (
       SELECT id FROM seam_scopes WHERE $1::text[] IS NULL OR readers && $1::text[]
     ), asked AS (
       SELECT * FROM unnest($2::int[], $3::text[]) AS a(word, term)
     ), needed AS (
       SELECT word, count(*) AS terms FROM asked GROUP BY word
     ), holding AS (
       SELECT a.word, p.chunk_id FROM asked a
       JOIN seam_postings p ON p.term = a.term AND p.scope IN (SELECT id FROM scopes)
       GROUP BY a.word, p.chunk_id
       HAVING count(*) = (SELECT terms FROM needed WHERE needed.word = a.word)
     )
     SELECT NULL::int AS word, count(*) AS n FROM seam_chunks WHERE scope IN (SELECT id FROM scopes)
     UNION ALL
     SELECT word, count(*) AS n FROM holding GROUP BY word`,
    [grantsOf(query.roles), pairs.map(([index]) => index), pairs.map(([, term]) => term)],
  );
  const frequencies: Record<string, number> = Object.fromEntries(words.map((word) => [word, 0]));
  let chunks = 0;
  for (const row of rows) {
    if (row.word === null) chunks = Number(row.n);
    else {
      const word = words[row.word];
      if (word !== undefined) frequencies[word] = Number(row.n);
    }
  }
  return { chunks, frequencies };
}
