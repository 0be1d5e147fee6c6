import { type Access, canRead, operatorAccess, resolveAccess } from '../access.js';
import { PermissionError } from '../errors.js';
import type { KnowledgeStore } from '../store/knowledge-store.js';

/**
 * Who is reading, for the operations every door calls. This is the one seam between the operations and
 * the access module: when the store's reads take a `Reader` themselves, only this file changes.
 */
export type Reader = Access;

/** The local operator: reads everything, may do everything. */
export const operator: Reader = operatorAccess;

/** The reader a principal id stands for (unknown: public documents only, no roles). */
export function readerFor(store: KnowledgeStore, principalId: string): Promise<Reader> {
  return resolveAccess(store, principalId);
}

export function mayRead(reader: Reader, acl: readonly string[] | null): boolean {
  return canRead(reader.filter, acl);
}

export function hasRole(reader: Reader, role: string): boolean {
  return reader.filter.all === true || reader.filter.roles.some((held) => held.toLowerCase() === role);
}

/** Refuse (403) unless the reader holds the role; the operator holds every role. */
export function requireRole(reader: Reader, role: 'editor' | 'admin', action: string): void {
  if (!hasRole(reader, role)) throw new PermissionError(`${action} needs the role '${role}'`);
}

/** The principal id for `ask` and the retriever's `as` (undefined: the operator). */
export function principalOf(reader: Reader): string | undefined {
  return reader.principal ?? undefined;
}
