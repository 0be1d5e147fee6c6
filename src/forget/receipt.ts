import type { LineageDataset } from '../lineage/lineage.js';
import type { ForgetSubjectResult } from '../store/forget-store.js';
import type { ResidualLocation } from './residual-scan.js';

/**
 * The forget receipt: what `seam forget` did, what it could not do, and what the team must do. `--json`
 * prints it whole; the store keeps it without `subject`, `values` and `warnings` (which name values), so it
 * can be listed later (`seam receipts`) without holding what was forgotten.
 */
export interface ForgetReceipt {
  receipt: string;
  at: string;
  dry_run: boolean;
  /** The subject id (printed, never stored). */
  subject?: string | undefined;
  /** The values as given (printed, never stored); `value_count` is stored. */
  values?: { text: string; kind: string }[] | undefined;
  value_count: number;
  documents_deleted: ForgetSubjectResult['documents_deleted'];
  documents_redacted: ForgetSubjectResult['documents_redacted'];
  /** Other records removed, by where they were: `answer_log`, `eval_cache`, ... */
  purged: Record<string, number>;
  datasets: (Pick<LineageDataset, 'path' | 'sha256' | 'lines' | 'kinds' | 'status' | 'models' | 'complete'> & {
    action: string;
  })[];
  models: { id: string; datasets: string[]; action: string }[];
  /**
   * Copies of the values found in the store's files after forgetting (0 is the proof); `null` in a dry run,
   * or when the store's files are not on this machine.
   */
  residual: number | null;
  residual_locations: ResidualLocation[];
  /** The files scanned, with their sizes. */
  scanned: { file: string; bytes: number }[];
  /** Things to know (printed, never stored): values in the subject's documents not given with --value, ... */
  warnings: string[];
}

/**
 * The receipt as the store keeps it: no subject, no values, no warnings, and the deleted documents' ids as
 * keyed hashes (an id may name the person: `notes-dana-whitfield`), in the order of `documents_deleted`.
 */
export function storedForm(receipt: ForgetReceipt, deletedIdHashes: readonly string[]): Record<string, unknown> {
  const { subject: _subject, values: _values, warnings: _warnings, ...kept } = receipt;
  return {
    ...kept,
    documents_deleted: receipt.documents_deleted.map((document, index) => ({
      id_hash: deletedIdHashes[index],
      versions: document.versions,
    })),
  };
}

export function datasetAction(path: string): string {
  return `regenerate it without the data (seam lint ${path} --fix <clean.jsonl>), replace the file, and retrain whatever used it`;
}

export const modelAction = 'retrain without the dataset or retire the model: weights cannot forget';
