import { randomBytes } from 'node:crypto';
import type { ForgetMethods, LineageMatch, ModelTag } from '../forget-store.js';
import type { Runner } from './server-tables.js';

/** The lineage and receipt methods of the PostgreSQL store (migration 3); the caller checks the reader. */
export type PostgresLineageTables = Pick<
  ForgetMethods,
  'lineageSecret' | 'recordDataset' | 'tagModel' | 'findLineage' | 'listDatasets' | 'putReceipt' | 'listReceipts'
>;

export function createPostgresLineageTables(runner: Runner): PostgresLineageTables {
  const query = async <Row>(doing: string, text: string, values: unknown[] = []) =>
    runner.run(doing, async (client) => (await client.query(text, values)).rows as Row[]);
  return {
    async lineageSecret() {
      await query('creating the lineage secret', 'INSERT INTO seam_secrets VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        'lineage',
        randomBytes(32),
      ]);
      const [row] = await query<{ value: Buffer }>(
        'reading the lineage secret',
        'SELECT value FROM seam_secrets WHERE name = $1',
        ['lineage'],
      );
      return row?.value ?? Buffer.alloc(0);
    },
    async recordDataset(scan) {
      await runner.transaction('recording a dataset', async (client) => {
        await client.query('DELETE FROM seam_datasets WHERE path = $1 AND sha256 = $2', [scan.path, scan.sha256]);
        const { rows } = await client.query<{ id: string }>(
          'INSERT INTO seam_datasets (path, sha256, size, scanned_at, complete) VALUES ($1, $2, $3, $4, $5) RETURNING id',
          [scan.path, scan.sha256, scan.size, scan.scanned_at, scan.complete],
        );
        await client.query(
          `INSERT INTO seam_dataset_values (dataset_id, hash, kind, lines)
           SELECT $1, v.hash, v.kind, v.lines::jsonb FROM unnest($2::text[], $3::text[], $4::text[]) AS v(hash, kind, lines)`,
          [
            rows[0]?.id,
            scan.values.map((value) => value.hash),
            scan.values.map((value) => value.kind),
            scan.values.map((value) => JSON.stringify(value.lines)),
          ],
        );
      });
    },
    async tagModel(tag) {
      const rows = await query(
        'tagging a model',
        'INSERT INTO seam_dataset_models (sha256, path, model, tagged_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING model',
        [tag.sha256, tag.path, tag.model, tag.tagged_at],
      );
      return { status: rows.length > 0 ? 'created' : 'unchanged' };
    },
    async findLineage(options) {
      const rows = await query<Omit<LineageMatch, 'size'> & { size: string }>(
        'looking up lineage',
        `SELECT d.path, d.sha256, d.size, d.scanned_at, d.complete,
           (SELECT coalesce(jsonb_agg(DISTINCT l::int ORDER BY l::int), '[]') FROM seam_dataset_values x,
              jsonb_array_elements_text(x.lines) l WHERE x.dataset_id = d.id AND x.hash = ANY($1::text[])) AS lines,
           (SELECT coalesce(jsonb_agg(DISTINCT x.kind ORDER BY x.kind), '[]') FROM seam_dataset_values x
              WHERE x.dataset_id = d.id AND x.hash = ANY($1::text[])) AS kinds,
           (SELECT coalesce(jsonb_agg(m.model ORDER BY m.model), '[]') FROM seam_dataset_models m WHERE m.sha256 = d.sha256) AS models
         FROM seam_datasets d
         WHERE EXISTS (SELECT 1 FROM seam_dataset_values x WHERE x.dataset_id = d.id AND x.hash = ANY($1::text[]))
         ORDER BY d.path, d.scanned_at`,
        [options.hashes],
      );
      return rows.map((row) => ({ ...row, size: Number(row.size) }));
    },
    async listDatasets() {
      const datasets = await query<{
        path: string;
        sha256: string;
        size: string;
        scanned_at: string;
        complete: boolean;
      }>(
        'listing datasets',
        'SELECT path, sha256, size, scanned_at, complete FROM seam_datasets ORDER BY path, scanned_at',
      );
      const models = await query<ModelTag>(
        'listing model tags',
        'SELECT path, sha256, model, tagged_at FROM seam_dataset_models ORDER BY tagged_at, id',
      );
      return { datasets: datasets.map((row) => ({ ...row, size: Number(row.size) })), models };
    },
    async putReceipt(receipt) {
      await query(
        'storing a forget receipt',
        `INSERT INTO seam_forget_receipts (id, at, subject_hash, value_hashes, receipt) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET receipt = excluded.receipt, value_hashes = excluded.value_hashes`,
        [
          receipt.id,
          receipt.at,
          receipt.subject_hash,
          JSON.stringify(receipt.value_hashes),
          JSON.stringify(receipt.receipt),
        ],
      );
    },
    async listReceipts(options) {
      return query(
        'listing forget receipts',
        `SELECT id, at, subject_hash, value_hashes, receipt FROM seam_forget_receipts
         WHERE $1::text IS NULL OR subject_hash = $1 ORDER BY at DESC, id DESC`,
        [options.subjectHash ?? null],
      );
    },
  };
}
