import { operator, type Reader } from '../access.js';
import type { FileTarget } from '../forget/file-targets.js';
import { forget } from '../forget/forget.js';
import type { ForgetReceipt } from '../forget/receipt.js';
import type { KnowledgeStore } from '../store/knowledge-store.js';
import { requireRole } from './reader.js';

export interface ForgetAsOptions {
  store: KnowledgeStore;
  /** Who asks: must hold `admin` (the operator does). */
  reader: Reader;
  subject: string;
  values: readonly string[];
  dryRun: boolean;
  now: Date;
  fileTargets?: readonly FileTarget[] | undefined;
}

/**
 * `seam forget` for the server's doors: refuse (403) unless the reader holds `admin`, then forget as the
 * operator (forgetting must reach every document, whatever its ACL). Answers the `seam forget --json` receipt.
 */
export async function forgetAs(options: ForgetAsOptions): Promise<ForgetReceipt> {
  requireRole(options.reader, 'admin', 'forgetting a subject');
  return forget({
    store: options.store,
    reader: operator,
    subject: options.subject,
    values: options.values,
    dryRun: options.dryRun,
    now: options.now,
    fileTargets: options.fileTargets,
  });
}
