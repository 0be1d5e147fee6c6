import type Database from 'better-sqlite3';
import type { TermFrequencies, TermFrequencyQuery } from '../knowledge-store.js';
import { scopeFilter } from './fts-scope.js';

/**
 * Document frequencies over the chunks the reader may read: the reader's grants are part of each FTS5
 * MATCH (as in search), so a chunk the reader may not read is never counted. Each word is matched as the
 * index stems it (`returns` counts chunks with `return`, `returned`, ...); several words as a phrase.
 */
export function termFrequencies(db: Database.Database, query: TermFrequencyQuery): TermFrequencies {
  const scope = scopeFilter(query.reader, undefined);
  const count = db.prepare('SELECT count(*) AS n FROM chunks_fts WHERE chunks_fts MATCH ?');
  const chunks = scope
    ? (count.get(scope) as { n: number }).n
    : (db.prepare('SELECT count(*) AS n FROM chunks').get() as { n: number }).n;
  const frequencies: Record<string, number> = {};
  for (const word of new Set(query.words)) {
    const terms = word.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    if (terms.length === 0) continue;
    const match = `{title headings body} : "${terms.join(' ')}"${scope ? ` AND ${scope}` : ''}`;
    frequencies[word] = (count.get(match) as { n: number }).n;
  }
  return { chunks, frequencies };
}
