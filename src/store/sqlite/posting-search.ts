import type Database from 'better-sqlite3';
import { chunkGrantsHeld } from '../../access.js';
import { instantKey } from '../../documents/parse-document.js';
import { wordIndexTerms } from '../bm25-terms.js';
import type { TextQuery } from '../knowledge-store.js';
import { fts5Idf, ScoreAccumulator, type ScoredPhrase } from '../postings/bm25-score.js';
import { decodeBlock, type PostingBlock } from '../postings/posting-block.js';
import { ftsTotals } from './word-stats.js';

/**
 * Full-text ranking over the store's own posting lists (`search-postings.ts`): the top k by FTS5's BM25
 * among the chunks the reader may read, in a collection, served at an instant, with the scores FTS5's
 * `bm25()` gives (`../postings/bm25-score.ts`). Each word's posting blocks are read (a few hundred rows
 * for a word in most chunks) and scored in place; postings outside the reader's scopes (grants and
 * collection) are skipped as they are read, and effective dates are checked in the best candidates' rows,
 * the best `k × 4` first and more only when dates exclude too many, as the FTS5 query does.
 */

/** A ranked chunk row, as `search.ts` turns it into a hit (`rank` is FTS5's: minus the score). */
export interface RankedRow {
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

const overFetch = 4;

interface Connection {
  blocks: Database.Statement;
  frequency: Database.Statement;
  scopes: Database.Statement;
  allScopes: Database.Statement;
  rows: Database.Statement;
  scores: ScoreAccumulator;
}

const connections = new WeakMap<Database.Database, Connection>();

function connectionOf(db: Database.Database): Connection {
  let connection = connections.get(db);
  if (!connection) {
    connection = {
      blocks: db.prepare('SELECT data FROM search_postings WHERE term = ?').pluck(),
      frequency: db.prepare('SELECT chunks FROM search_terms WHERE term = ?').pluck(),
      scopes: db.prepare(
        `SELECT s.id FROM search_scopes s
         WHERE (@collection IS NULL OR s.collection = @collection)
           AND EXISTS (SELECT 1 FROM search_scope_grants g, json_each(@grants) j
                       WHERE g.scope = s.id AND g.grant_name = j.value)`,
      ),
      allScopes: db.prepare('SELECT id FROM search_scopes WHERE @collection IS NULL OR collection = @collection'),
      rows: db.prepare(
        `SELECT c.id, c.doc_id, c.version, c.ordinal, c.heading_path, c.text, v.title, v.collection,
                v.effective_from, v.effective_until
         FROM json_each(@ids) j JOIN chunks c ON c.id = j.value JOIN versions v ON v.doc_id = c.doc_id AND v.version = c.version
         WHERE CASE WHEN c.served_split = 0
                 THEN (c.served_from IS NULL OR c.served_from <= @at) AND (c.served_until IS NULL OR @at < c.served_until)
                 ELSE EXISTS (SELECT 1 FROM served s WHERE s.doc_id = c.doc_id AND s.version = c.version
                              AND (s.from_key IS NULL OR s.from_key <= @at) AND (s.until_key IS NULL OR @at < s.until_key))
               END`,
      ),
      scores: new ScoreAccumulator(),
    };
    connections.set(db, connection);
  }
  return connection;
}

/**
 * The top k, best first, or `undefined` when the posting lists cannot answer exactly as FTS5 would: a
 * word that is not one index term (FTS5 reads it as a phrase of several), or a store without the tables.
 */
export function rankWithPostings(
  db: Database.Database,
  words: readonly string[],
  query: TextQuery,
): RankedRow[] | undefined {
  const terms = wordIndexTerms(words);
  if (terms.some((wordTerms) => wordTerms.length !== 1)) return undefined;
  const totals = indexTotals(db);
  if (!totals || totals.rows === 0) return [];
  const connection = connectionOf(db);
  const statistics = { rows: totals.rows, averageLength: totals.tokens / totals.rows };
  const allowed = allowedScopes(connection, query);
  if (allowed !== null && allowed.length === 0) return [];
  const phrases: ScoredPhrase[] = terms.map(([term = '']) => {
    const matching = (connection.frequency.get(term) as number | undefined) ?? 0;
    return { idf: fts5Idf(statistics.rows, matching), blocks: blocksOf(connection, term) };
  });
  const { scores } = connection;
  try {
    scores.add(phrases, statistics, allowed);
    return servedTop(connection, query, (limit) => scores.top(limit));
  } finally {
    scores.clear();
  }
}

const totalsStatements = new WeakMap<Database.Database, Database.Statement | null>();

/**
 * The chunks indexed and their total length (every column): BM25's N, and its average length × N. Read
 * from `search_totals` (schema 12), which a delete brings down; FTS5's own record (`ftsTotals`) only on a
 * store without it. These differ from what FTS5's `bm25()` reads once anything was deleted.
 */
export function indexTotals(db: Database.Database): { rows: number; tokens: number } | undefined {
  let statement = totalsStatements.get(db);
  if (statement === undefined) {
    const exists = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'search_totals'").get();
    statement = exists ? db.prepare('SELECT chunks AS rows, tokens FROM search_totals WHERE id = 1') : null;
    totalsStatements.set(db, statement);
  }
  if (statement === null) return ftsTotals(db);
  return (statement.get() as { rows: number; tokens: number } | undefined) ?? { rows: 0, tokens: 0 };
}

function* blocksOf(connection: Connection, term: string): Generator<PostingBlock> {
  for (const data of connection.blocks.iterate(term) as Iterable<Buffer>) yield decodeBlock(data);
}

/** The scope ids the reader may read (in the collection) as a lookup table; `null`: every scope. */
function allowedScopes(connection: Connection, query: TextQuery): Uint8Array | null {
  const held = chunkGrantsHeld(query.reader);
  const collection = query.collection ?? null;
  if (held === 'all' && collection === null) return null;
  const ids = (
    held === 'all'
      ? connection.allScopes.pluck().all({ collection })
      : connection.scopes.pluck().all({ collection, grants: JSON.stringify(held) })
  ) as number[];
  const allowed = new Uint8Array(ids.reduce((most, id) => Math.max(most, id + 1), 0));
  for (const id of ids) allowed[id] = 1;
  return allowed;
}

/**
 * The first k candidates (in score order) served at the query's instant: the best `k × 4` are checked
 * first, and then ever more until k are found or none is left.
 */
function servedTop(
  connection: Connection,
  query: TextQuery,
  top: (limit: number) => { chunks: number[]; scores: number[] },
): RankedRow[] {
  const at = instantKey(query.at);
  for (let limit = query.k * overFetch; ; limit *= 4) {
    const candidates = top(limit);
    const rows = new Map(
      (
        connection.rows.all({ ids: JSON.stringify(candidates.chunks), at }) as (Omit<RankedRow, 'rank'> & {
          id: number;
        })[]
      ).map((row) => [row.id, row]),
    );
    const found: RankedRow[] = [];
    for (const [index, chunk] of candidates.chunks.entries()) {
      const row = rows.get(chunk);
      if (!row) continue;
      const { id: _, ...fields } = row;
      found.push({ ...fields, rank: -(candidates.scores[index] as number) });
      if (found.length === query.k) return found;
    }
    if (candidates.chunks.length < limit) return found;
  }
}
