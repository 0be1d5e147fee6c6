import type Database from 'better-sqlite3';
import {
  blockBytes,
  type ColumnChange,
  columnBounds,
  cutBlock,
  mergeBlock,
  readBlock,
} from '../postings/block-columns.js';
import { blockSize, type PostingBlock } from '../postings/posting-block.js';

/**
 * Writing a transaction's posting changes into `search_postings` (`search-postings.ts`), term by term and
 * block by block: each changed chunk belongs to the last block starting at or before it (or the term's
 * first block); only the blocks touched are read and written, in place when their key stays, and a chunk
 * appended after a full last block starts a new block without reading it.
 */

/** One term's changes: chunks added (sorted by id, with their columns), chunks removed. */
export type TermChange = ColumnChange & { removed: Set<number> };

interface BlockRow {
  id: number;
  first_chunk: number;
  size: number;
  data: Buffer;
}

type Statements = ReturnType<typeof prepare>;
const cache = new WeakMap<Database.Database, Statements>();

function prepare(db: Database.Database) {
  const columns = 'SELECT id, first_chunk, size, data FROM search_postings WHERE term = ?';
  return {
    last: db.prepare(`${columns} ORDER BY first_chunk DESC LIMIT 1`),
    floor: db.prepare(`${columns} AND first_chunk <= ? ORDER BY first_chunk DESC LIMIT 1`),
    first: db.prepare(`${columns} ORDER BY first_chunk LIMIT 1`),
    nextKey: db
      .prepare(
        'SELECT first_chunk FROM search_postings WHERE term = ? AND first_chunk > ? ORDER BY first_chunk LIMIT 1',
      )
      .pluck(),
    update: db.prepare(
      'UPDATE search_postings SET first_chunk = ?, size = ?, max_weight = ?, min_tokens = ?, data = ? WHERE id = ?',
    ),
    remove: db.prepare('DELETE FROM search_postings WHERE id = ?'),
    insert: db.prepare(
      'INSERT INTO search_postings (term, first_chunk, size, max_weight, min_tokens, data) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    countTerm: db.prepare(
      'INSERT INTO search_terms (term, chunks) VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET chunks = chunks + excluded.chunks',
    ),
    dropTerm: db.prepare('DELETE FROM search_terms WHERE term = ? AND chunks = 0'),
  };
}

/** Apply every term's changes (in term order) and its count of chunks. */
export function applyTermChanges(db: Database.Database, changes: ReadonlyMap<string, TermChange>): void {
  let statements = cache.get(db);
  if (!statements) {
    statements = prepare(db);
    cache.set(db, statements);
  }
  for (const term of [...changes.keys()].sort()) {
    const change = changes.get(term) as TermChange;
    const delta = change.chunks.length - change.removed.size;
    if (change.chunks.length === 0 && change.removed.size === 0) continue;
    applyTermChange(statements, term, change);
    if (delta !== 0) {
      statements.countTerm.run(term, delta);
      statements.dropTerm.run(term);
    }
  }
}

function applyTermChange(statements: Statements, term: string, change: TermChange): void {
  const removed = [...change.removed].sort((a, b) => a - b);
  const lowest = Math.min(removed[0] ?? Number.POSITIVE_INFINITY, change.chunks[0] ?? Number.POSITIVE_INFINITY);
  const last = statements.last.get(term) as BlockRow | undefined;
  // The common case: chunks appended to the term's list (new chunks have the largest ids).
  if (!last || lowest >= last.first_chunk) {
    writeBlock(statements, term, last, change);
    return;
  }
  // Block by block from the lowest chunk changed: each takes the changes below the next block's key.
  let added = 0;
  let gone = 0;
  while (added < change.chunks.length || gone < removed.length) {
    const chunk = Math.min(removed[gone] ?? Number.POSITIVE_INFINITY, change.chunks[added] ?? Number.POSITIVE_INFINITY);
    const row = (statements.floor.get(term, chunk) ?? statements.first.get(term)) as BlockRow;
    const upper = (statements.nextKey.get(term, row.first_chunk) as number | undefined) ?? Number.POSITIVE_INFINITY;
    const part: TermChange = { chunks: [], weights: [], tokens: [], scopes: [], removed: new Set() };
    for (; added < change.chunks.length && (change.chunks[added] as number) < upper; added++) {
      part.chunks.push(change.chunks[added] as number);
      part.weights.push(change.weights[added] as number);
      part.tokens.push(change.tokens[added] as number);
      part.scopes.push(change.scopes[added] as number);
    }
    for (; gone < removed.length && (removed[gone] as number) < upper; gone++)
      part.removed.add(removed[gone] as number);
    writeBlock(statements, term, row, part);
  }
}

/** Merge one block's changes and write it back: in place, cut in pieces, or deleted when emptied. */
function writeBlock(statements: Statements, term: string, row: BlockRow | undefined, change: TermChange): void {
  const appended =
    change.removed.size === 0 && (row === undefined || (change.chunks[0] ?? 0) > lastChunk(row.data, row.size));
  if (row && appended && row.size >= blockSize) {
    // A full block followed by new chunks: they start the next block, the full one is left as it is.
    for (const piece of cutBlock(mergeBlock(readBlock(undefined), change), { appended })) {
      insertPiece(statements, term, piece);
    }
    return;
  }
  const merged = mergeBlock(readBlock(row?.data), change);
  const pieces = cutBlock(merged, { appended });
  const [head, ...rest] = pieces;
  if (row && !head) statements.remove.run(row.id);
  else if (row && head) {
    const { maxWeight, minTokens } = columnBounds(head);
    statements.update.run(head.chunks[0], head.length, maxWeight, minTokens, blockBytes(head), row.id);
  } else if (head) insertPiece(statements, term, head);
  for (const piece of rest) insertPiece(statements, term, piece);
}

function insertPiece(statements: Statements, term: string, piece: PostingBlock): void {
  const { maxWeight, minTokens } = columnBounds(piece);
  statements.insert.run(term, piece.chunks[0], piece.length, maxWeight, minTokens, blockBytes(piece));
}

/** A stored block's last chunk id (its chunk column's last value, little-endian). */
function lastChunk(data: Buffer, size: number): number {
  return size === 0 ? -1 : data.readUInt32LE(4 * (size - 1));
}
