import type Database from 'better-sqlite3';
import { instantKey } from '../../documents/parse-document.js';
import { queryTerms } from '../content.js';
import type { Hit, TextQuery } from '../knowledge-store.js';
import { firstEssential, nextEssential, prunePlan } from '../max-score.js';
import { scopeFilter } from './fts-scope.js';
import { ftsRowCount, readableAtLeast, wordMatches } from './word-stats.js';

/** BM25 column weights: a match in the title or a heading counts more than one in the body; `scope` none. */
const bm25Weights = '4.0, 2.0, 1.0, 0.0';

/** Candidates ranked per hit wanted on the first try; enough unless effective dates exclude many. */
const overFetch = 4;

/** The text columns a word is looked for in. */
const textColumns = '{title headings body}';

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
  /** `false`: the exhaustive query (tests and benchmarks compare the two). Default `true`. */
  prune?: boolean | undefined;
  /** Prune only when it spares scoring at least this many chunks (default 8,000; tests lower it). */
  minimumSpared?: number | undefined;
}

const phrases = (words: readonly string[]) => words.map((word) => `"${word}"`).join(' OR ');
const scoped = (expression: string, scope: string) => (scope ? `${expression} AND ${scope}` : expression);

/**
 * Full-text search: the top k by BM25 among the chunks the reader may read that are served at `at`.
 * Several words are searched with pruning (`../max-score.ts`): chunks holding one of the rarest words are
 * scored first, with every word, and the common words' other chunks only when they could still make the
 * top k. The result is the exhaustive query's: the same chunks, the same scores (`prune: false` runs
 * the exhaustive query, for tests and benchmarks).
 */
export function searchChunks(db: Database.Database, query: TextQuery, options: SearchOptions = {}): Hit[] {
  const words = queryTerms(query.text);
  if (words.length === 0 || query.k <= 0) return [];
  const scope = scopeFilter(query.reader, query.collection);
  const exhaustive = () => rankedRows(db, scoped(`${textColumns} : (${phrases(words)})`, scope), query);
  const prune = (options.prune ?? true) && words.length > 1;
  return (prune ? prunedRows(db, words, scope, query, options) : undefined) ?? exhaustive().map(toHit);
}

/** The pruned top k, or `undefined` when pruning was not worth it (for tests: `searchChunks` then runs the exhaustive query). */
export function prunedSearch(db: Database.Database, query: TextQuery, options: SearchOptions = {}): Hit[] | undefined {
  const words = queryTerms(query.text);
  if (words.length < 2 || query.k <= 0) return undefined;
  return prunedRows(db, words, scopeFilter(query.reader, query.collection), query, options);
}

/**
 * Pruning pays when it spares scoring many chunks: the essential words must hold at most this share of all
 * the words' matches (summed), and at least `minimumSpared` fewer. Below that, its fixed costs (counting
 * each word's chunks, a more complex expression) outweigh what it spares: on SciFact's 5,000 abstracts
 * with 10-word questions, pruning every query made the median search slower, not faster.
 */
const worthPruning = 0.5;
const minimumSpared = 8000;

/** The pruned top k, or `undefined` when pruning cannot help (the caller runs the exhaustive query). */
function prunedRows(
  db: Database.Database,
  words: string[],
  scope: string,
  query: TextQuery,
  options: SearchOptions,
): Hit[] | undefined {
  const spared = options.minimumSpared ?? minimumSpared;
  // The operator without a collection has no scope to stand for "any chunk" (see `essentialQuery`); a
  // reader allowed fewer chunks than pruning would spare is better served by the exhaustive query, which
  // FTS5 already restricts to them.
  if (!scope || readableAtLeast(db, scope, spared) < spared) return undefined;
  const rows = ftsRowCount(db);
  if (rows === undefined) return undefined;
  const matches = words.map((word) => wordMatches(db, word));
  const plan = prunePlan(rows, matches);
  const ordered = plan.order.map((index) => words[index] ?? '');
  const orderedMatches = plan.order.map((index) => matches[index] ?? 0);
  const total = orderedMatches.reduce((sum, count) => sum + count, 0);
  const worth = (essential: number) => {
    const scored = orderedMatches.slice(0, essential).reduce((sum, count) => sum + count, 0);
    return scored <= worthPruning * total && total - scored >= spared;
  };
  for (let essential = firstEssential(plan); essential !== undefined && essential < words.length; ) {
    if (!worth(essential)) return undefined;
    const match = essentialQuery(ordered.slice(0, essential), ordered.slice(essential), scope);
    const found = rankedRows(db, match, query);
    const theta = found.length >= query.k ? -(found[found.length - 1]?.rank ?? 0) : undefined;
    const next = nextEssential(plan, essential, theta);
    if (next === undefined) return found.map(toHit);
    essential = next;
  }
  return undefined;
}

/**
 * The expression for the chunks holding an essential word, scored with every word. FTS5's bm25 sums over
 * the phrases of the MATCH expression, so each word must appear in it exactly once:
 * `essential AND (rest OR scope) AND scope`. The scope (the reader's grants and the collection, in the
 * zero-weight `scope` column, adding nothing to a score) stands for "any chunk this reader may search".
 */
function essentialQuery(essential: readonly string[], rest: readonly string[], scope: string): string {
  const rare = `${textColumns} : (${phrases(essential)})`;
  const common = `${textColumns} : (${phrases(rest)})`;
  return `${rare} AND (${common} OR ${scope}) AND ${scope}`;
}

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
