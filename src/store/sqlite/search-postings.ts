import type Database from 'better-sqlite3';
import { type ChunkFields, chunkTerms } from '../bm25-terms.js';
import { applyTermChanges, type TermChange } from './posting-writes.js';
import { recountTotals } from './word-stats.js';

/**
 * The search's own posting lists (schema 10), beside FTS5's index of the same chunks. FTS5's `bm25()`
 * reads every phrase's whole posting list twice per query (to count its rows, then to rank) and looks up
 * each matching row's length on the way; a query of common words ranks most of the store. These tables
 * keep, per term, its postings in blocks (`../postings/posting-block.ts`) that a search reads in a few
 * hundred rows and scores in place (`posting-search.ts`), to the same scores.
 *
 * - `search_postings`: a term's blocks, keyed by (term, first chunk id), each with its size and bounds.
 * - `search_terms`: per term, the chunks holding it in a text column (BM25's `n`).
 * - `search_chunk_terms` (schema 11): each indexed chunk's terms, so deleting it reads them rather than
 *   tokenizing its text again (a chunk indexed before schema 11 has none, and is tokenized again).
 * - `search_scopes` / `search_scope_grants`: each distinct (grants, collection) of a chunk, as FTS5's
 *   `scope` column holds it (`fts-scope.ts`); a posting carries its chunk's scope id.
 *
 * They are kept in the writing transaction: `indexing.ts` records the chunks it indexes and deletes
 * (`addChunkPostings`, `removeChunkPostings`), and the store writes them all before it commits
 * (`flushPostings`), one rewrite per block touched however many documents the transaction wrote.
 */
export const searchPostingsSql = `
CREATE TABLE IF NOT EXISTS search_scopes (
  id INTEGER PRIMARY KEY,
  grants TEXT NOT NULL,
  collection TEXT NOT NULL,
  UNIQUE (grants, collection)
);
CREATE TABLE IF NOT EXISTS search_scope_grants (
  grant_name TEXT NOT NULL,
  scope INTEGER NOT NULL REFERENCES search_scopes(id),
  PRIMARY KEY (grant_name, scope)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS search_terms (
  term TEXT PRIMARY KEY,
  chunks INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS search_postings (
  id INTEGER PRIMARY KEY,
  term TEXT NOT NULL,
  first_chunk INTEGER NOT NULL,
  size INTEGER NOT NULL,
  max_weight REAL NOT NULL,
  min_tokens INTEGER NOT NULL,
  data BLOB NOT NULL,
  UNIQUE (term, first_chunk)
);
`;

/** Schema 11: each indexed chunk's distinct terms, separated by spaces (a term never holds one). */
export const searchChunkTermsSql = `
CREATE TABLE IF NOT EXISTS search_chunk_terms (
  chunk INTEGER PRIMARY KEY,
  terms TEXT NOT NULL
);
`;

/**
 * Schema 12: BM25's statistics, kept here because FTS5's own are wrong after deletes (`word-stats.ts`):
 * the chunks indexed and their total length (every column, `scope` too), one row, changed by each
 * transaction's postings.
 */
export const searchTotalsSql = `
CREATE TABLE IF NOT EXISTS search_totals (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  chunks INTEGER NOT NULL,
  tokens INTEGER NOT NULL
);
`;

/** Set the totals to a fresh count of what FTS5 indexes (schema 12's upgrade; an index rebuilt). */
export function recountSearchTotals(db: Database.Database): void {
  flushPostings(db);
  const { rows, tokens } = recountTotals(db);
  db.prepare('INSERT OR REPLACE INTO search_totals (id, chunks, tokens) VALUES (1, ?, ?)').run(rows, tokens);
}

/** A chunk as indexed: the fields FTS5 got, and its grants and collection (its `scope`). */
export interface IndexedChunk extends ChunkFields {
  id: number;
  grants: readonly string[];
  collection: string;
}

/**
 * Changes recorded in the open transaction, per connection: chunks indexed and chunks deleted, kept as
 * they came and tokenized once, all together, when the transaction writes them (a chunk added and deleted
 * in the same transaction costs nothing).
 */
interface Pending {
  added: Map<number, IndexedChunk>;
  removed: Map<number, RemovedChunk>;
}

/** A chunk about to be deleted: the text it was indexed with, and its FTS5 length (`undefined`: not in FTS5). */
export type RemovedChunk = ChunkFields & { length: number | undefined };

const pending = new WeakMap<Database.Database, Pending>();

function pendingOf(db: Database.Database): Pending {
  let changes = pending.get(db);
  if (!changes) {
    changes = { added: new Map(), removed: new Map() };
    pending.set(db, changes);
  }
  return changes;
}

const scopeKey = (grants: readonly string[], collection: string) =>
  JSON.stringify([[...new Set(grants)].sort(), collection]);

/** Record chunks just indexed (in FTS5 and `chunks`). Reads nothing: migrations call it before the tables exist. */
export function addChunkPostings(db: Database.Database, chunks: readonly IndexedChunk[]): void {
  if (chunks.length === 0) return;
  const { added } = pendingOf(db);
  for (const chunk of chunks) added.set(chunk.id, chunk);
}

/**
 * Record chunks about to be deleted, with the text they were indexed with (read only if their terms were
 * not kept) and their length in FTS5 (the totals come down by it).
 */
export function removeChunkPostings(db: Database.Database, chunks: readonly (RemovedChunk & { id: number })[]): void {
  if (chunks.length === 0) return;
  const { added, removed } = pendingOf(db);
  for (const chunk of chunks) if (!added.delete(chunk.id)) removed.set(chunk.id, chunk);
}

/** Forget what the open transaction recorded (a migration that rebuilds the whole index). */
export function discardPostings(db: Database.Database): void {
  pending.delete(db);
}

/** Run `work` in the open transaction, then write the postings it recorded. */
export function withPostings<T>(db: Database.Database, work: () => T): T {
  const result = work();
  flushPostings(db);
  return result;
}

/** Write what the open transaction recorded. The store calls it last in every write transaction. */
export function flushPostings(db: Database.Database): void {
  const records = pending.get(db);
  pending.delete(db);
  if (!records || (records.added.size === 0 && records.removed.size === 0)) return;
  const statements = statementsOf(db);
  const changes = new Map<string, TermChange>();
  const changeOf = (term: string) => {
    let change = changes.get(term);
    if (!change) {
      change = { chunks: [], weights: [], tokens: [], scopes: [], removed: new Set() };
      changes.set(term, change);
    }
    return change;
  };

  // BM25's N and total length: down by what is removed, up by what is added.
  let chunkDelta = 0;
  let tokenDelta = 0;

  // Removed: the terms kept at indexing, else (a chunk indexed before schema 11) its text tokenized again.
  const retokenize: (ChunkFields & { id: number })[] = [];
  for (const [id, fields] of records.removed) {
    if (fields.length !== undefined) {
      chunkDelta--;
      tokenDelta -= fields.length;
    }
    const terms = statements.chunkTerms.get(id) as string | undefined;
    if (terms === undefined) retokenize.push({ ...fields, id });
    else if (terms !== '') for (const term of terms.split(' ')) changeOf(term).removed.add(id);
    statements.deleteChunkTerms.run(id);
  }
  chunkTerms(retokenize).forEach((entry, index) => {
    const id = (retokenize[index] as { id: number }).id;
    for (const term of entry.terms) changeOf(term).removed.add(id);
  });

  // Added, in chunk order, so each term's additions come sorted.
  const scopes = new Map<string, number>();
  const added = [...records.added.values()].sort((a, b) => a.id - b.id);
  chunkTerms(added).forEach((entry, index) => {
    const chunk = added[index] as IndexedChunk;
    // The `scope` column's tokens count in the row's length too: one per grant, one for the collection.
    const tokens = entry.tokens + chunk.grants.length + 1;
    chunkDelta++;
    tokenDelta += tokens;
    const key = scopeKey(chunk.grants, chunk.collection);
    let scope = scopes.get(key);
    if (scope === undefined) {
      scope = scopeId(statements, key);
      scopes.set(key, scope);
    }
    entry.terms.forEach((term, position) => {
      const change = changeOf(term);
      change.chunks.push(chunk.id);
      change.weights.push(entry.weights[position] ?? 0);
      change.tokens.push(tokens);
      change.scopes.push(scope);
    });
    statements.insertChunkTerms.run(chunk.id, entry.terms.join(' '));
  });

  applyTermChanges(db, changes);
  if (chunkDelta !== 0 || tokenDelta !== 0) statements.addTotals.run(chunkDelta, tokenDelta);
}

type Statements = ReturnType<typeof prepare>;
const cache = new WeakMap<Database.Database, Statements>();

function statementsOf(db: Database.Database): Statements {
  let statements = cache.get(db);
  if (!statements) {
    statements = prepare(db);
    cache.set(db, statements);
  }
  return statements;
}

function prepare(db: Database.Database) {
  return {
    chunkTerms: db.prepare('SELECT terms FROM search_chunk_terms WHERE chunk = ?').pluck(),
    insertChunkTerms: db.prepare('INSERT OR REPLACE INTO search_chunk_terms (chunk, terms) VALUES (?, ?)'),
    deleteChunkTerms: db.prepare('DELETE FROM search_chunk_terms WHERE chunk = ?'),
    findScope: db.prepare('SELECT id FROM search_scopes WHERE grants = ? AND collection = ?').pluck(),
    insertScope: db.prepare('INSERT INTO search_scopes (grants, collection) VALUES (?, ?)'),
    insertScopeGrant: db.prepare('INSERT OR IGNORE INTO search_scope_grants (grant_name, scope) VALUES (?, ?)'),
    addTotals: db.prepare(
      `INSERT INTO search_totals (id, chunks, tokens) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET chunks = chunks + excluded.chunks, tokens = tokens + excluded.tokens`,
    ),
  };
}

function scopeId(statements: Statements, key: string): number {
  const [grants, collection] = JSON.parse(key) as [string[], string];
  const grantsText = JSON.stringify(grants);
  const found = statements.findScope.get(grantsText, collection) as number | undefined;
  if (found !== undefined) return found;
  const id = Number(statements.insertScope.run(grantsText, collection).lastInsertRowid);
  for (const grant of grants) statements.insertScopeGrant.run(grant, id);
  return id;
}
