import type Database from 'better-sqlite3';

/** What the search over the posting lists (`posting-search.ts`) reads of FTS5's own statistics. */

const statements = new WeakMap<Database.Database, Database.Statement>();

/**
 * The index's rows and tokens (every column), from FTS5's "averages" record (its row count, then each
 * column's token total): what `bm25()` reads for N and the average row length. `undefined` when there is
 * no such record.
 */
export function ftsTotals(db: Database.Database): { rows: number; tokens: number } | undefined {
  let statement = statements.get(db);
  if (!statement) {
    statement = db.prepare('SELECT block FROM chunks_fts_data WHERE id = 1');
    statements.set(db, statement);
  }
  const row = statement.get() as { block: Buffer } | undefined;
  if (!row) return undefined;
  const [rows = 0, ...columns] = readVarints(row.block);
  return { rows, tokens: columns.reduce((sum, value) => sum + value, 0) };
}

/** A row's length (every column) from its FTS5 `chunks_fts_docsize` record: one varint per column. */
export function docsizeLength(record: Uint8Array): number {
  return readVarints(record).reduce((sum, value) => sum + value, 0);
}

/**
 * The rows FTS5 indexes now and their total length, counted afresh from `chunks_fts_docsize` (one record
 * per row, deleted with it). Unlike the "averages" record this comes down on a delete: a contentless-delete
 * table never lowers its averages record's row count or token totals (it cannot tokenize what it did not
 * keep), so after deletes that record overcounts both, and `bm25()` ranks with a stale N and average length.
 */
export function recountTotals(db: Database.Database): { rows: number; tokens: number } {
  let rows = 0;
  let tokens = 0;
  for (const record of db.prepare('SELECT sz FROM chunks_fts_docsize').pluck().iterate() as Iterable<Buffer>) {
    rows++;
    tokens += docsizeLength(record);
  }
  return { rows, tokens };
}

/** Every varint of a record, in order: SQLite's (big-endian, 7 bits a byte, a full 9th byte), as FTS5 writes it. */
function readVarints(bytes: Uint8Array): number[] {
  const values: number[] = [];
  for (let at = 0; at < bytes.length; ) {
    let value = 0;
    let length = 0;
    for (; length < 9 && at + length < bytes.length; length++) {
      const byte = bytes[at + length] ?? 0;
      if (length === 8) {
        value = value * 256 + byte;
        length++;
        break;
      }
      value = value * 128 + (byte & 0x7f);
      if ((byte & 0x80) === 0) {
        length++;
        break;
      }
    }
    values.push(value);
    at += Math.max(1, length);
  }
  return values;
}
