/**
 * Schema step 6 (`seam forget` and lineage):
 * - `versions.redacted_by` (added by the step itself, when missing): the receipt id of the forget that
 *   rewrote the version in place.
 * - `secrets`: the lineage key (HMAC), created on first use; never printed.
 * - `datasets` / `dataset_values`: what `seam lint` read (path, sha256, size, time) and, per private value, a
 *   keyed hash of one canonical form with the lines holding it; never the value.
 * - `dataset_models`: `seam dataset tag` (a model trained on a dataset's content, by sha256).
 * - `forget_receipts`: receipts without the values (a keyed hash of the subject and of each value).
 */
export const forgetSchemaSql = `
CREATE TABLE IF NOT EXISTS secrets (
  name TEXT PRIMARY KEY,
  value BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS datasets (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  scanned_at TEXT NOT NULL,
  complete INTEGER NOT NULL,
  UNIQUE (path, sha256)
);
CREATE TABLE IF NOT EXISTS dataset_values (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  hash TEXT NOT NULL,
  kind TEXT NOT NULL,
  lines TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS dataset_values_hash ON dataset_values(hash);
CREATE INDEX IF NOT EXISTS dataset_values_dataset ON dataset_values(dataset_id);
CREATE TABLE IF NOT EXISTS dataset_models (
  sha256 TEXT NOT NULL,
  path TEXT NOT NULL,
  model TEXT NOT NULL,
  tagged_at TEXT NOT NULL,
  PRIMARY KEY (sha256, model)
);
CREATE TABLE IF NOT EXISTS forget_receipts (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  subject_hash TEXT NOT NULL,
  value_hashes TEXT NOT NULL,
  receipt TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS forget_receipts_subject ON forget_receipts(subject_hash);
`;
