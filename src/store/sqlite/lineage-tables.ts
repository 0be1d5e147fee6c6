import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { DatasetScan, ForgetMethods, LineageMatch, ModelTag, StoredReceipt } from '../forget-store.js';

/** The lineage and receipt methods of the SQLite store (schema step 5); the caller checks the reader. */
export type SqliteLineageTables = Pick<
  ForgetMethods,
  'lineageSecret' | 'recordDataset' | 'tagModel' | 'findLineage' | 'listDatasets' | 'putReceipt' | 'listReceipts'
>;

interface DatasetRow {
  id: number;
  path: string;
  sha256: string;
  size: number;
  scanned_at: string;
  complete: number;
}

/** `database` is read on each call: the tables are created before the store has opened its connection. */
export function createSqliteLineageTables(database: () => Database.Database): SqliteLineageTables {
  const modelsOf = (sha256: string) =>
    database().prepare('SELECT model FROM dataset_models WHERE sha256 = ? ORDER BY model').all(sha256) as {
      model: string;
    }[];
  return {
    async lineageSecret() {
      const db = database();
      db.prepare('INSERT OR IGNORE INTO secrets (name, value) VALUES (?, ?)').run('lineage', randomBytes(32));
      const row = db.prepare('SELECT value FROM secrets WHERE name = ?').get('lineage') as { value: Buffer };
      return row.value;
    },
    async recordDataset(scan: DatasetScan) {
      const db = database();
      db.transaction(() => {
        db.prepare('DELETE FROM datasets WHERE path = ? AND sha256 = ?').run(scan.path, scan.sha256);
        const { lastInsertRowid } = db
          .prepare('INSERT INTO datasets (path, sha256, size, scanned_at, complete) VALUES (?, ?, ?, ?, ?)')
          .run(scan.path, scan.sha256, scan.size, scan.scanned_at, scan.complete ? 1 : 0);
        const insert = db.prepare('INSERT INTO dataset_values (dataset_id, hash, kind, lines) VALUES (?, ?, ?, ?)');
        for (const value of scan.values)
          insert.run(lastInsertRowid, value.hash, value.kind, JSON.stringify(value.lines));
      }).immediate();
    },
    async tagModel(tag: ModelTag) {
      const db = database();
      const result = db
        .prepare('INSERT OR IGNORE INTO dataset_models (sha256, path, model, tagged_at) VALUES (?, ?, ?, ?)')
        .run(tag.sha256, tag.path, tag.model, tag.tagged_at);
      return { status: result.changes > 0 ? 'created' : 'unchanged' };
    },
    async findLineage(options) {
      const db = database();
      if (options.hashes.length === 0) return [];
      const rows = db
        .prepare(
          `SELECT d.*, v.kind, v.lines AS value_lines FROM dataset_values v JOIN datasets d ON d.id = v.dataset_id
           WHERE v.hash IN (SELECT value FROM json_each(?)) ORDER BY d.path, d.scanned_at`,
        )
        .all(JSON.stringify(options.hashes)) as (DatasetRow & { kind: string; value_lines: string })[];
      const byDataset = new Map<number, LineageMatch & { lineSet: Set<number>; kindSet: Set<string> }>();
      for (const row of rows) {
        const match = byDataset.get(row.id) ?? {
          path: row.path,
          sha256: row.sha256,
          size: row.size,
          scanned_at: row.scanned_at,
          complete: row.complete === 1,
          lines: [],
          kinds: [],
          models: modelsOf(row.sha256).map((model) => model.model),
          lineSet: new Set<number>(),
          kindSet: new Set<string>(),
        };
        for (const line of JSON.parse(row.value_lines) as number[]) match.lineSet.add(line);
        match.kindSet.add(row.kind);
        byDataset.set(row.id, match);
      }
      return [...byDataset.values()].map(({ lineSet, kindSet, ...match }) => ({
        ...match,
        lines: [...lineSet].sort((a, b) => a - b),
        kinds: [...kindSet].sort(),
      }));
    },
    async listDatasets() {
      const db = database();
      const datasets = (db.prepare('SELECT * FROM datasets ORDER BY path, scanned_at').all() as DatasetRow[]).map(
        ({ id: _id, complete, ...row }) => ({ ...row, complete: complete === 1 }),
      );
      const models = db
        .prepare('SELECT path, sha256, model, tagged_at FROM dataset_models ORDER BY tagged_at, rowid')
        .all() as ModelTag[];
      return { datasets, models };
    },
    async putReceipt(receipt: StoredReceipt) {
      const db = database();
      db.prepare(
        `INSERT OR REPLACE INTO forget_receipts (id, at, subject_hash, value_hashes, receipt)
         VALUES (@id, @at, @subject_hash, @value_hashes, @receipt)`,
      ).run({
        ...receipt,
        value_hashes: JSON.stringify(receipt.value_hashes),
        receipt: JSON.stringify(receipt.receipt),
      });
    },
    async listReceipts(options) {
      const db = database();
      const rows = db
        .prepare(
          `SELECT * FROM forget_receipts WHERE (@subject IS NULL OR subject_hash = @subject) ORDER BY at DESC, id DESC`,
        )
        .all({ subject: options.subjectHash ?? null }) as {
        id: string;
        at: string;
        subject_hash: string;
        value_hashes: string;
        receipt: string;
      }[];
      return rows.map((row) => ({
        ...row,
        value_hashes: JSON.parse(row.value_hashes) as string[],
        receipt: JSON.parse(row.receipt) as Record<string, unknown>,
      }));
    },
  };
}
