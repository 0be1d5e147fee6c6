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
