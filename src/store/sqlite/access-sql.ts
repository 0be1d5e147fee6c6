import { grantsHeld, type Reader } from '../../access.js';

/** A SQL condition and the named parameters it binds. */
export interface Condition {
  sql: string;
  parameters: Record<string, string>;
}

/**
 * The access rule of `src/access.ts` for the versions row `alias` (a table with `doc_id` and `version`):
 * one of the reader's grants is among the version's grants in `version_roles`. Always true for the operator.
 */
export function versionReadable(reader: Reader, alias: string): Condition {
  const held = grantsHeld(reader);
  if (held === 'all') return { sql: '1', parameters: {} };
  const names = held.map((_, index) => `grant${index}`);
  return {
    sql: `EXISTS (SELECT 1 FROM version_roles r WHERE r.doc_id = ${alias}.doc_id AND r.version = ${alias}.version
            AND r.role IN (${names.map((name) => `@${name}`).join(', ')}))`,
    parameters: Object.fromEntries(held.map((grant, index) => [`grant${index}`, grant])),
  };
}
