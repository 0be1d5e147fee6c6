/** Migration 3 (`seam forget` and lineage): the same tables as SQLite's schema step 5 (`forget-schema.ts`). */
export const forgetMigrationSql = `
ALTER TABLE seam_versions ADD COLUMN redacted_by text;
CREATE TABLE seam_secrets (name text PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE seam_datasets (
  id bigserial PRIMARY KEY,
  path text NOT NULL,
  sha256 text NOT NULL,
  size bigint NOT NULL,
  scanned_at text NOT NULL,
  complete boolean NOT NULL,
  UNIQUE (path, sha256)
);
CREATE TABLE seam_dataset_values (
  dataset_id bigint NOT NULL REFERENCES seam_datasets(id) ON DELETE CASCADE,
  hash text NOT NULL,
  kind text NOT NULL,
  lines jsonb NOT NULL
);
CREATE INDEX seam_dataset_values_hash ON seam_dataset_values(hash);
CREATE TABLE seam_dataset_models (
  id bigserial,
  sha256 text NOT NULL,
  path text NOT NULL,
  model text NOT NULL,
  tagged_at text NOT NULL,
  PRIMARY KEY (sha256, model)
);
CREATE TABLE seam_forget_receipts (
  id text PRIMARY KEY,
  at text NOT NULL,
  subject_hash text NOT NULL,
  value_hashes jsonb NOT NULL,
  receipt jsonb NOT NULL
);
CREATE INDEX seam_forget_receipts_subject ON seam_forget_receipts(subject_hash);
`;
