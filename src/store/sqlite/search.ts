import type Database from 'better-sqlite3';
import { instantKey } from '../../documents/parse-document.js';
import { queryTerms } from '../content.js';
import type { Hit, TextQuery } from '../knowledge-store.js';
import { scopeFilter } from './fts-scope.js';
import { type RankedRow, rankWithPostings } from './posting-search.js';

/** BM25 column weights: a match in the title or a heading counts more than one in the body; `scope` none. */
const bm25Weights = '4.0, 2.0, 1.0, 0.0';

/** Candidates ranked per hit wanted on the first try; enough unless effective dates exclude many. */
const overFetch = 4;

/** The text columns a word is looked for in. */
const textColumns = '{title headings body}';

type Row = RankedRow;

const rankedSql = `WITH top AS (
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
     ORDER BY top.rank LIMIT @k`;

const statements = new WeakMap<Database.Database, Database.Statement>();

/**
 * The best k chunks served at `at` among those an FTS5 expression matches. The access rule and the
 * collection are part of the expression (see `fts-scope.ts`), so FTS5 ranks only chunks the reader may
 * read; effective dates are then checked in each candidate's own row. The best `k × 4` candidates are
 * checked first, and only when dates exclude too many of them is every candidate checked.
 */
function rankedRows(db: Database.Database, match: string, query: TextQuery): Row[] {
  let statement = statements.get(db);
  if (!statement) {
    statement = db.prepare(rankedSql);
    statements.set(db, statement);
  }
  const parameters = { match, at: instantKey(query.at), k: query.k };
  const rows = statement.all({ ...parameters, candidates: query.k * overFetch }) as Row[];
  return rows.length < query.k ? (statement.all({ ...parameters, candidates: -1 }) as Row[]) : rows;
}

export interface SearchOptions {
  /**
   * `false`: rank with FTS5's `bm25()` over every match (the reference the tests and benchmarks compare
   * with). Default `true`: rank over the store's own posting lists (`posting-search.ts`), to the same scores.
   */
  prune?: boolean | undefined;
}

/**
 * Full-text search: the top k by BM25 among the chunks the reader may read that are served at `at`.
 * The store's posting lists answer it (`posting-search.ts`) with FTS5's scores; FTS5 itself ranks the
 * rare query it cannot (a word the tokenizer splits into a phrase), and `prune: false` asks for FTS5.
 */
export function searchChunks(db: Database.Database, query: TextQuery, options: SearchOptions = {}): Hit[] {
  const words = queryTerms(query.text);
  if (words.length === 0 || query.k <= 0) return [];
  const ranked = (options.prune ?? true) ? rankWithPostings(db, words, query) : undefined;
  if (ranked) return ranked.map(toHit);
  const scope = scopeFilter(query.reader, query.collection);
  return rankedRows(db, scoped(`${textColumns} : (${phrases(words)})`, scope), query).map(toHit);
}

const phrases = (words: readonly string[]) => words.map((word) => `"${word}"`).join(' OR ');
const scoped = (expression: string, scope: string) => (scope ? `${expression} AND ${scope}` : expression);

function toHit(row: Row): Hit {
  return {
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
  };
}
