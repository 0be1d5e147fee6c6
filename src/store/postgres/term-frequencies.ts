import type pg from 'pg';
import type { TermFrequencies } from '../knowledge-store.js';
import { grantedSql, grantsOf } from './rows.js';

/**
 * Document frequencies over the chunks the reader may read (the same grants test as search, inside the
 * query): each word through `phraseto_tsquery('english', …)`, so it is stemmed as the index stems it, and
 * several words are a phrase.
 */
export async function termFrequencies(
  client: pg.PoolClient,
  query: { words: readonly string[]; roles: readonly string[] | null },
): Promise<TermFrequencies> {
  const words = [...new Set(query.words)];
  const { rows } = await client.query<{ word: string | null; n: string }>(
    `SELECT NULL AS word, count(*) AS n FROM seam_chunks c WHERE ${grantedSql('c.readers', '$2')}
     UNION ALL
     SELECT w.word, (SELECT count(*) FROM seam_chunks c
                     WHERE c.tsv @@ phraseto_tsquery('english', w.word) AND ${grantedSql('c.readers', '$2')})
     FROM unnest($1::text[]) AS w(word)`,
    [words, grantsOf(query.roles)],
  );
  const frequencies: Record<string, number> = {};
  let chunks = 0;
  for (const row of rows) {
    if (row.word === null) chunks = Number(row.n);
    else frequencies[row.word] = Number(row.n);
  }
  return { chunks, frequencies };
}
