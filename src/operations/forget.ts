import { operator } from '../access.js';
import { type ForgetOptions, forget } from '../forget/forget.js';
import type { ForgetReceipt } from '../forget/receipt.js';
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
