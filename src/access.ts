import type { AccessFilter, KnowledgeStore } from './store/knowledge-store.js';

/** Who is asking, as code decided it. Carried into every query and into traces. */
export interface Access {
  /** The principal id from `--as`, or `null` for the local operator. */
  principal: string | null;
  /** Whether the principal is registered (an unknown principal sees only public documents). */
  known: boolean;
  filter: AccessFilter;
}

/** The local operator, who owns the database file and may read every document. */
export const operatorAccess: Access = { principal: null, known: true, filter: { roles: [], all: true } };

/**
 * Resolve `--as <id>` into what that principal may read. Unknown principals are not an error: they
 * get the public documents only, which is what an anonymous customer would see.
 */
export async function resolveAccess(store: KnowledgeStore, principalId: string | undefined): Promise<Access> {
  if (principalId === undefined) return operatorAccess;
  const principal = await store.getPrincipal(principalId);
  return {
    principal: principalId,
    known: principal !== undefined,
    filter: { roles: principal?.roles ?? [] },
  };
}

/** Whether a version with this access list is visible: the same rule the store pushes into its queries. */
export function canRead(filter: AccessFilter, acl: readonly string[] | null): boolean {
  return filter.all === true || acl === null || acl.some((role) => filter.roles.includes(role));
}
