import { operator, type Reader } from '../access.js';
import { type ForgetOptions, forget } from '../forget/forget.js';
import type { ForgetReceipt } from '../forget/receipt.js';
import { hashForms } from '../lineage/lineage.js';
import type { StoredReceipt } from '../store/forget-store.js';
import type { KnowledgeStore } from '../store/knowledge-store.js';
import { requireRole } from './reader.js';

/** The forget options, where `reader` is who asks: it must hold `admin` (the operator does). */
export type ForgetAsOptions = ForgetOptions;

/**
 * `seam forget` for the server's doors: refuse (403) unless the reader holds `admin`, then forget as the
 * operator (forgetting must reach every document, whatever its ACL). Answers the `seam forget --json` receipt.
 */
export async function forgetAs(options: ForgetAsOptions): Promise<ForgetReceipt> {
  requireRole(options.reader, 'admin', 'forgetting a subject');
  return forget({ ...options, reader: operator });
}

/**
 * `seam forget --list` for every door: refuse (403) unless the reader holds `admin`, then list the stored
 * receipts as the operator, newest first; with `subject`, only that subject's. A stored receipt holds no
 * subject and no value (its `receipt` is what `seam forget --list --json` prints).
 */
export async function forgetReceiptsAs(options: {
  store: KnowledgeStore;
  reader: Reader;
  subject?: string | undefined;
}): Promise<StoredReceipt[]> {
  requireRole(options.reader, 'admin', 'listing forget receipts');
  const subjectHash =
    options.subject === undefined
      ? undefined
      : (await hashForms(options.store, operator, [`subject:${options.subject}`]))[0];
  return options.store.listReceipts({ reader: operator, subjectHash });
}
