import type Database from 'better-sqlite3';

/** What the pruned search (`search.ts`) counts: a word's share of a BM25 score, and a reader's chunks. */

const cache = new WeakMap<
  Database.Database,
  { rows: Database.Statement; matches: Database.Statement; scoped: Database.Statement }
>();

function statementsOf(db: Database.Database) {
  let statements = cache.get(db);
  if (!statements) {
    statements = {
      // FTS5's "averages" record: the row count bm25 divides by, then per-column token totals.
      rows: db.prepare('SELECT block FROM chunks_fts_data WHERE id = 1'),
      matches: db.prepare(
        "SELECT count(*) AS n FROM chunks_fts WHERE chunks_fts MATCH '{title headings body} : ' || ?",
      ),
      scoped: db.prepare('SELECT count(*) AS n FROM (SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH ? LIMIT ?)'),
    };
    cache.set(db, statements);
  }
  return statements;
}

/** The number of rows in the full-text index, as bm25 reads it; `undefined` when there is no such record. */
export function ftsRowCount(db: Database.Database): number | undefined {
  const row = statementsOf(db).rows.get() as { block: Buffer } | undefined;
  return row ? readVarint(row.block) : undefined;
}

/**
 * The index's rows and tokens (every column), from FTS5's "averages" record: what `bm25()` reads for N and
 * the average row length. `undefined` when there is no such record.
 */
export function ftsTotals(db: Database.Database): { rows: number; tokens: number } | undefined {
  const row = statementsOf(db).rows.get() as { block: Buffer } | undefined;
  if (!row) return undefined;
  const values = readVarints(row.block);
  const [rows = 0, ...columns] = values;
  return { rows, tokens: columns.reduce((sum, value) => sum + value, 0) };
}

/** Every varint of a record, in order. */
function readVarints(bytes: Uint8Array): number[] {
  const values: number[] = [];
  for (let at = 0; at < bytes.length; ) {
    const { value, length } = readVarintAt(bytes, at);
    values.push(value);
    at += length;
  }
  return values;
}

function readVarintAt(bytes: Uint8Array, at: number): { value: number; length: number } {
  let value = 0;
  for (let index = 0; index < 9 && at + index < bytes.length; index++) {
    const byte = bytes[at + index] ?? 0;
    if (index === 8) return { value: value * 256 + byte, length: 9 };
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return { value, length: index + 1 };
  }
  return { value, length: bytes.length - at };
}

/** How many rows hold the word in a text column (the `n` of bm25's idf). */
export function wordMatches(db: Database.Database, word: string): number {
  return (statementsOf(db).matches.get(`"${word}"`) as { n: number }).n;
}

/** How many rows an expression (a reader's scope) matches, counting no further than `cap`. */
export function readableAtLeast(db: Database.Database, expression: string, cap: number): number {
  return (statementsOf(db).scoped.get(expression, cap) as { n: number }).n;
}

/** SQLite's variable-length integer (big-endian, 7 bits a byte, a full 9th byte), as FTS5 writes it. */
function readVarint(bytes: Uint8Array): number | undefined {
  let value = 0;
  for (let index = 0; index < 9 && index < bytes.length; index++) {
    const byte = bytes[index] ?? 0;
    if (index === 8) return value * 256 + byte;
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return value;
  }
  return undefined;
}
