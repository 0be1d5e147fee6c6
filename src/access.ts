import { InputError } from './errors.js';
import type { DocumentInput, KnowledgeStore } from './store/knowledge-store.js';

/**
 * Who is reading. Every read of the store (and every write, which must not overwrite what the writer
 * cannot read) names one; there is no default.
 *
 * - `operator`: the local operator, who owns the database file (the CLI without `--as`). Reads everything.
 * - `principal`: anyone else, with the roles the store holds for it. `known: false` is a principal that
 *   was never added: it holds no role and reads public versions only.
 */
export type Reader =
  | { readonly kind: 'operator' }
  | { readonly kind: 'principal'; readonly id: string; readonly known: boolean; readonly roles: readonly string[] };

/** The local operator: an explicit value, never the absence of one. */
export const operator: Reader = Object.freeze({ kind: 'operator' });

/**
 * The one access rule, decided here and nowhere else:
 *
 *   a reader may read a document **version** when the reader is the operator, or when one of the
 *   reader's grants is one of the version's grants.
 *
 * A version's grants come from its `acl` (`grantsOf`): no acl grants everyone (`*`); an acl grants each
 * of its roles, in lower case (role names are case-insensitive). A principal's grants (`grantsHeld`) are
 * `*` and each of its roles, in lower case. Stores keep each version's grants beside it and apply the rule
 * inside their queries, per version, as a set intersection: a version a reader may not read is answered
 * exactly like a version that does not exist.
 */
export const everyoneGrant = '*';

/** What a role name may be: letters, digits, `.`, `_`, `@` or `-`, starting with a letter or digit. */
export const rolePattern = /^[A-Za-z0-9][A-Za-z0-9._@-]*$/;

/** A role name as stored and compared: lower case. */
export function normalizeRole(role: string): string {
  return role.toLowerCase();
}

/** The roles of an access list, normalized, deduplicated and sorted; `null` (everyone) stays `null`. */
export function normalizeAcl(acl: readonly string[] | null): string[] | null {
  return acl === null ? null : [...new Set(acl.map(normalizeRole))].sort();
}

/**
 * The grants a version with this access list gives. An empty list grants nothing (only the operator reads
 * it): stores refuse `acl: []` on write, so this only matters for versions written before that rule.
 */
export function grantsOf(acl: readonly string[] | null): string[] {
  return acl === null ? [everyoneGrant] : (normalizeAcl(acl) ?? []);
}

/** The grants a reader holds, or `all` for the operator. */
export function grantsHeld(reader: Reader): 'all' | string[] {
  if (reader.kind === 'operator') return 'all';
  return [everyoneGrant, ...new Set(reader.roles.map(normalizeRole))];
}

/** The rule itself, for code that holds a version's access list: whether grants held meet the version's grants. */
export function grantsMeet(held: 'all' | readonly string[], acl: readonly string[] | null): boolean {
  return held === 'all' || grantsOf(acl).some((grant) => held.includes(grant));
}

/**
 * The role that reads passages marked internal (agents only: a document with `internal: true`, or a
 * section whose heading ends in `{internal}`, see `src/documents/internal.ts`).
 */
export const agentRole = 'agent';

/** Appended to a grant for a chunk marked internal: no role name can contain `#`. */
const agentQualifier = '#agent';

/**
 * The grants of a chunk. A chunk of a version is readable when the version is; a chunk marked internal
 * also needs the agent role. Both stay one set intersection: an internal chunk grants each of its
 * version's grants qualified by the agent role (`support#agent`, `*#agent`), which only a reader
 * holding the agent role holds (`chunkGrantsHeld`). Stores index these grants beside each chunk.
 */
export function chunkGrants(acl: readonly string[] | null, internal: boolean): string[] {
  const grants = grantsOf(acl);
  return internal ? grants.map((grant) => `${grant}${agentQualifier}`) : grants;
}

/** The chunk grants a reader holds: its grants, and with the agent role each of them qualified too. */
export function chunkGrantsHeld(reader: Reader): 'all' | string[] {
  const held = grantsHeld(reader);
  if (held === 'all' || !held.includes(agentRole)) return held;
  return [...held, ...held.map((grant) => `${grant}${agentQualifier}`)];
}

/** Whether the reader may read passages marked internal (the operator, or a principal with the agent role). */
export function readsInternal(reader: Reader): boolean {
  const held = grantsHeld(reader);
  return held === 'all' || held.includes(agentRole);
}

/** A document's access list as stores accept it, normalized; `[]` and malformed role names are refused. */
export function checkedAcl(document: DocumentInput): string[] | null {
  const location = { file: document.source, field: "front matter 'acl'" };
  if (document.acl === null) return null;
  if (document.acl.length === 0) {
    throw new InputError('must list at least one role; omit acl for a document everyone may read', location);
  }
  const bad = document.acl.find((role) => !rolePattern.test(role));
  if (bad !== undefined) throw new InputError(`'${bad}' is not a valid role name`, location);
  return normalizeAcl(document.acl);
}

/**
 * The reader for a principal id, with the roles the store holds for it. An id that was never added is
 * not an error: it reads as a principal with no role (public versions only), as an anonymous customer would.
 */
export async function readerFor(store: KnowledgeStore, principalId: string): Promise<Reader> {
  const principal = await store.getPrincipal(principalId);
  return {
    kind: 'principal',
    id: principalId,
    known: principal !== undefined,
    roles: (principal?.roles ?? []).map(normalizeRole),
  };
}

/** The operator when no principal id is given (the CLI without `--as`), else `readerFor`. */
export async function readerOrOperator(store: KnowledgeStore, principalId: string | undefined): Promise<Reader> {
  return principalId === undefined ? operator : readerFor(store, principalId);
}

/** A short description for messages and traces: `the operator`, `sam (roles: support)`. */
export function describeReader(reader: Reader): string {
  if (reader.kind === 'operator') return 'as the operator (all documents)';
  if (!reader.known) return `as unknown principal ${reader.id} (public documents only)`;
  return `as ${reader.id} (roles: ${reader.roles.join(', ') || 'none'})`;
}
