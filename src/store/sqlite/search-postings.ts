import type Database from 'better-sqlite3';
import { chunkTerms } from '../bm25-terms.js';
import {
  blockBounds,
  blockPostings,
  decodeBlock,
  encodeBlock,
  type Posting,
  rewriteBlock,
} from '../postings/posting-block.js';

/**
 * The search's own posting lists (schema 10), beside FTS5's index of the same chunks. FTS5's `bm25()`
 * reads every phrase's whole posting list twice per query (to count its rows, then to rank) and looks up
 * each matching row's length on the way; a query of common words ranks most of the store. These tables
 * keep, per term, its postings in blocks (`../postings/posting-block.ts`) that a search reads in a few
 * hundred rows and scores in place (`posting-search.ts`), to the same scores.
 *
 * - `search_postings`: a term's blocks, keyed by (term, first chunk id), each with its size and bounds.
 * - `search_terms`: per term, the chunks holding it in a text column (BM25's `n`).
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

/** A chunk as indexed: the fields FTS5 got, and its grants and collection (its `scope`). */
export interface IndexedChunk {
  id: number;
  title: string;
  headingPath: readonly string[];
  text: string;
  grants: readonly string[];
  collection: string;
}

interface TermChange {
  added: Map<number, Omit<Posting, 'scope'> & { scopeKey: string }>;
  removed: Set<number>;
}

/** Changes recorded in the open transaction, per connection. */
const pending = new WeakMap<Database.Database, Map<string, TermChange>>();

function changesOf(db: Database.Database): Map<string, TermChange> {
  let changes = pending.get(db);
  if (!changes) {
    changes = new Map();
    pending.set(db, changes);
  }
  return changes;
}

function changeOf(changes: Map<string, TermChange>, term: string): TermChange {
  let change = changes.get(term);
  if (!change) {
    change = { added: new Map(), removed: new Set() };
    changes.set(term, change);
  }
  return change;
}

const scopeKey = (grants: readonly string[], collection: string) =>
  JSON.stringify([[...new Set(grants)].sort(), collection]);

/** Record chunks just indexed (in FTS5 and `chunks`). Reads nothing: migrations call it before the tables exist. */
export function addChunkPostings(db: Database.Database, chunks: readonly IndexedChunk[]): void {
  if (chunks.length === 0) return;
  const changes = changesOf(db);
  chunkTerms(chunks).forEach((entry, index) => {
    const chunk = chunks[index] as IndexedChunk;
    // The `scope` column's tokens count in the row's length too: one per grant, one for the collection.
    const tokens = entry.tokens + chunk.grants.length + 1;
    const key = scopeKey(chunk.grants, chunk.collection);
    entry.terms.forEach((term, position) => {
      const weight = entry.weights[position] ?? 0;
      changeOf(changes, term).added.set(chunk.id, { chunk: chunk.id, weight, tokens, scopeKey: key });
    });
  });
}

/** Record chunks about to be deleted, from the text they were indexed with. */
export function removeChunkPostings(
  db: Database.Database,
  chunks: readonly Omit<IndexedChunk, 'grants' | 'collection'>[],
): void {
  if (chunks.length === 0) return;
  const changes = changesOf(db);
  chunkTerms(chunks).forEach((entry, index) => {
    const id = (chunks[index] as { id: number }).id;
    for (const term of entry.terms) {
      const change = changeOf(changes, term);
      if (!change.added.delete(id)) change.removed.add(id);
    }
  });
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
  const changes = pending.get(db);
  pending.delete(db);
  if (!changes || changes.size === 0) return;
  const statements = statementsOf(db);
  const scopes = new Map<string, number>();
  const scopeOf = (key: string) => {
    let id = scopes.get(key);
    if (id === undefined) {
      id = scopeId(statements, key);
      scopes.set(key, id);
    }
    return id;
  };
  for (const term of [...changes.keys()].sort()) {
    const change = changes.get(term) as TermChange;
    if (change.added.size === 0 && change.removed.size === 0) continue;
    const added = [...change.added.values()].map(({ scopeKey: key, ...posting }) => ({
      ...posting,
      scope: scopeOf(key),
    }));
    applyTermChange(statements, term, added, change.removed);
    const delta = added.length - change.removed.size;
    if (delta !== 0) {
      statements.countTerm.run(term, delta);
      statements.dropTerm.run(term);
    }
  }
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
    lastKey: db
      .prepare('SELECT first_chunk FROM search_postings WHERE term = ? ORDER BY first_chunk DESC LIMIT 1')
      .pluck(),
    floorKey: db
      .prepare(
        'SELECT first_chunk FROM search_postings WHERE term = ? AND first_chunk <= ? ORDER BY first_chunk DESC LIMIT 1',
      )
      .pluck(),
    firstKey: db.prepare('SELECT first_chunk FROM search_postings WHERE term = ? ORDER BY first_chunk LIMIT 1').pluck(),
    block: db.prepare('SELECT data FROM search_postings WHERE term = ? AND first_chunk = ?').pluck(),
    deleteBlock: db.prepare('DELETE FROM search_postings WHERE term = ? AND first_chunk = ?'),
    insertBlock: db.prepare(
      'INSERT INTO search_postings (term, first_chunk, size, max_weight, min_tokens, data) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    countTerm: db.prepare(
      'INSERT INTO search_terms (term, chunks) VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET chunks = chunks + excluded.chunks',
    ),
    dropTerm: db.prepare('DELETE FROM search_terms WHERE term = ? AND chunks = 0'),
    findScope: db.prepare('SELECT id FROM search_scopes WHERE grants = ? AND collection = ?').pluck(),
    insertScope: db.prepare('INSERT INTO search_scopes (grants, collection) VALUES (?, ?)'),
    insertScopeGrant: db.prepare('INSERT OR IGNORE INTO search_scope_grants (grant_name, scope) VALUES (?, ?)'),
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

/**
 * Apply one term's changes block by block: each changed chunk belongs to the last block starting at or
 * before it (or the first block, or a new one when the term has none); each block touched is rewritten.
 */
function applyTermChange(statements: Statements, term: string, added: Posting[], removed: ReadonlySet<number>): void {
  // Lookups by key, never the whole list: a common term has hundreds of blocks, and an edit touches two.
  const last = statements.lastKey.get(term) as number | undefined;
  const owner = (chunk: number): number | undefined => {
    if (last === undefined || chunk >= last) return last;
    return (statements.floorKey.get(term, chunk) ?? statements.firstKey.get(term)) as number | undefined;
  };
  const touched = new Map<number | undefined, { removed: Set<number>; added: Posting[] }>();
  const at = (key: number | undefined) => {
    let entry = touched.get(key);
    if (!entry) {
      entry = { removed: new Set(), added: [] };
      touched.set(key, entry);
    }
    return entry;
  };
  for (const chunk of removed) at(owner(chunk)).removed.add(chunk);
  for (const posting of added) at(owner(posting.chunk)).added.push(posting);
  for (const [key, change] of touched) {
    let current: Posting[] = [];
    if (key !== undefined) {
      const data = statements.block.get(term, key) as Buffer;
      current = blockPostings(decodeBlock(data));
      statements.deleteBlock.run(term, key);
    }
    for (const piece of rewriteBlock(current, change)) {
      const first = piece[0] as Posting;
      const { maxWeight, minTokens } = blockBounds(piece);
      statements.insertBlock.run(term, first.chunk, piece.length, maxWeight, minTokens, encodeBlock(piece));
    }
  }
}
