import type { Reader } from '../access.js';

/**
 * The store's part of `seam forget` and of lineage: the types of the `KnowledgeStore` methods that delete
 * a subject's documents, redact values from every other version, and keep the lineage records and the
 * receipts. Every method takes the reader and refuses (`PermissionError`) anyone but the operator: forgetting
 * and lineage span documents no principal may read whole.
 *
 * The store never sees the values themselves, only a `Redactor` (the core's matcher, `src/forget/`) and
 * keyed hashes: what to match is decided in one place, what to store in another.
 */

/**
 * Returns the text with every span of a forgotten value replaced by a placeholder, or `undefined` when
 * the text holds none. Pure: the same text gives the same answer.
 */
export type Redactor = (text: string) => string | undefined;

export interface ForgetSubjectRequest {
  reader: Reader;
  /** Documents whose `subjects` list this id (in any version) are deleted whole. */
  subject: string;
  /** Applied to every text field of every version of every other document, and to other stored texts. */
  redact: Redactor;
  /** Count what would change; write nothing. */
  dryRun: boolean;
  /** The receipt id, recorded on every version it redacts. */
  receipt: string;
}

/** What a forget did (or, in a dry run, would do) to the store. */
export interface ForgetSubjectResult {
  /** Documents deleted whole, with how many versions each had. */
  documents_deleted: { id: string; versions: number }[];
  /** Documents whose versions were rewritten in place, with the version numbers rewritten. */
  documents_redacted: { id: string; versions: number[] }[];
  /**
   * Other stored records removed or rewritten because they held the subject or a value, by table
   * (`answer_log`, ...). Only tables this store has appear.
   */
  purged: Record<string, number>;
}

/** One private value a dataset holds, as lineage keeps it: never the value, a keyed hash of its canonical form. */
export interface DatasetValue {
  /** HMAC-SHA256 (hex) of one canonical form of the value, keyed with the store's lineage secret. */
  hash: string;
  /** The value kind (`email`, `phone`, `person`, ...). */
  kind: string;
  /** 1-based lines of the dataset where it appears. */
  lines: number[];
}

/** A dataset as `seam lint` read it. */
export interface DatasetScan {
  /** Absolute path at the time of the scan. */
  path: string;
  sha256: string;
  size: number;
  scanned_at: string;
  /** False when the scan may have missed values (lint capped its findings or checked format only). */
  complete: boolean;
  values: DatasetValue[];
}

export interface ModelTag {
  /** The dataset file the model was trained on: its path and content hash when tagged. */
  path: string;
  sha256: string;
  model: string;
  tagged_at: string;
}

/** A dataset found to hold some of the values looked up, with the models trained on it. */
export interface LineageMatch {
  path: string;
  sha256: string;
  size: number;
  scanned_at: string;
  complete: boolean;
  /** Lines holding any of the values, ascending. */
  lines: number[];
  kinds: string[];
  /** Models tagged as trained on this content (same sha256). */
  models: string[];
}

/** A stored forget receipt: what was done, never the values. */
export interface StoredReceipt {
  id: string;
  at: string;
  /** Keyed hash of the subject id, so `lineage --subject` and `receipts --subject` can find it again. */
  subject_hash: string;
  /** Keyed hashes of the forgotten values' canonical forms. */
  value_hashes: string[];
  /** The receipt as printed with `--json`, values left out. */
  receipt: Record<string, unknown>;
}

/** The store methods of forget and lineage (part of `KnowledgeStore`). */
export interface ForgetMethods {
  /**
   * Delete the subject's documents (every version, chunk and index entry), redact every version of every
   * other document in place (recording the receipt id on it, chunks and index rebuilt), purge other stored
   * records that hold the subject or a value, all in one transaction; then leave no copy in freed space
   * where the backend can promise it. In a dry run, count only.
   */
  forgetSubject(request: ForgetSubjectRequest): Promise<ForgetSubjectResult>;
  /** The store's lineage secret (32 random bytes, created on first use). Never printed. */
  lineageSecret(options: { reader: Reader }): Promise<Buffer>;
  /** Record a dataset scan, replacing an earlier scan of the same path and content. */
  recordDataset(scan: DatasetScan, options: { reader: Reader }): Promise<void>;
  /** Record that a model was trained on a dataset's content. */
  tagModel(tag: ModelTag, options: { reader: Reader }): Promise<{ status: 'created' | 'unchanged' }>;
  /** Datasets (newest scan of each path and content) holding any of these hashes, with their models. */
  findLineage(options: { reader: Reader; hashes: readonly string[] }): Promise<LineageMatch[]>;
  /** Every recorded dataset scan (values left out) and model tag. */
  listDatasets(options: { reader: Reader }): Promise<{ datasets: Omit<DatasetScan, 'values'>[]; models: ModelTag[] }>;
  /** Store (or replace, by id) a forget receipt. */
  putReceipt(receipt: StoredReceipt, options: { reader: Reader }): Promise<void>;
  /** Stored receipts, newest first; with `subjectHash`, only that subject's. */
  listReceipts(options: { reader: Reader; subjectHash?: string | undefined }): Promise<StoredReceipt[]>;
  /**
   * The files on this machine that hold the store's data (a SQLite file with its `-wal` and `-shm`), for the
   * residual scan; `undefined` when the data lives elsewhere (a database server) and cannot be scanned here.
   */
  storageFiles(options: { reader: Reader }): Promise<string[] | undefined>;
}
