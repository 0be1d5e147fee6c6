import { operator } from '../../src/access.js';
import type { DocumentInput, KnowledgeStore } from '../../src/store/knowledge-store.js';

/**
 * The permission probe's store: every version of every document, each with its own marker words in its
 * title, heading, body, commit message and author, so that any byte a version alone holds can be looked
 * for in any output. Restricted versions come first, last, scheduled, written `[HR]` and `hr`.
 */

export interface FixtureVersion {
  id: string;
  version: number;
  acl: readonly string[] | null;
  /** Words only this version holds (lower case). */
  markers: readonly string[];
  /** A price only this version states, for lint's and audit's fact lookups (`undefined`: none). */
  price: string | undefined;
}

export interface FixtureReader {
  /** `undefined`: the operator (the CLI without `--as`). */
  as: string | undefined;
  /** Roles as the principal was added (mixed case on purpose); `undefined`: never added. */
  roles: readonly string[] | undefined;
}

interface Spec {
  id: string;
  acl: string[] | null;
  effectiveFrom?: string;
  price?: string;
}

/** The documents, each a list of versions oldest first. */
const specs: Spec[][] = [
  [{ id: 'open-faq', acl: null }],
  [{ id: 'hr-policy', acl: ['HR'], price: '$777' }],
  [
    { id: 'memo', acl: ['hr'], price: '$611' },
    { id: 'memo', acl: null },
  ],
  [
    { id: 'pay', acl: null },
    { id: 'pay', acl: ['hr'], price: '$523' },
  ],
  [
    { id: 'promo', acl: null },
    { id: 'promo', acl: ['billing'], effectiveFrom: '2026-12-10', price: '$389' },
  ],
  [{ id: 'shared', acl: ['Billing', 'support'] }],
];

export const readers: FixtureReader[] = [
  { as: undefined, roles: undefined },
  { as: 'sam', roles: ['support'] },
  { as: 'hana', roles: ['HR'] },
  { as: 'hilda', roles: ['hr'] },
  { as: 'bea', roles: ['billing'] },
  { as: 'nora', roles: [] },
  { as: 'ghost', roles: undefined },
];

/** Dates the probe reads at: the test clock's today, and after the scheduled change. */
export const dates = ['2026-11-25', '2026-12-11'];

function markersOf(id: string, version: number): string[] {
  const stem = `zq${id.replace(/[^a-z]/g, '')}${version}`;
  return ['title', 'head', 'body', 'msg', 'auth'].map((field) => `${stem}${field}`);
}

export const versions: FixtureVersion[] = specs.flatMap((history) =>
  history.map((spec, index) => ({
    id: spec.id,
    version: index + 1,
    acl: spec.acl,
    markers: markersOf(spec.id, index + 1),
    price: spec.price,
  })),
);

/** The rule, written again independently of `src/access.ts`, as the oracle. */
export function mayRead(reader: FixtureReader, version: FixtureVersion): boolean {
  if (reader.as === undefined || version.acl === null) return true;
  const roles = (reader.roles ?? []).map((role) => role.toLowerCase());
  return version.acl.some((role) => roles.includes(role.toLowerCase()));
}

/**
 * Every marker word of the versions this reader may not read, and their prices unless `prices: false`
 * (lint and audit echo the prices their own input states).
 */
export function forbiddenFor(reader: FixtureReader, options: { prices?: boolean } = {}): string[] {
  return versions
    .filter((version) => !mayRead(reader, version))
    .flatMap((version) => [...version.markers, ...(version.price && options.prices !== false ? [version.price] : [])]);
}

/** Fill the store: every version, and every principal but the unknown one. */
export async function buildFixture(store: KnowledgeStore): Promise<void> {
  for (const history of specs) {
    for (const [index, spec] of history.entries()) {
      const [title, head, body, message, author] = markersOf(spec.id, index + 1);
      const document: DocumentInput = {
        id: spec.id,
        title: `Parcel ${title}`,
        collection: 'policy',
        acl: spec.acl,
        effective_from: spec.effectiveFrom ?? null,
        effective_until: null,
        subjects: [],
        tags: [],
        extra: {},
        body: `# Parcel ${title}\n\n## Parcel rules ${head}\n\nThe parcel policy says ${body}.${spec.price ? ` Shipping costs ${spec.price} per parcel.` : ''}\n`,
        source: `/home/operator/kb/${spec.id}.md`,
      };
      await store.put(document, { reader: operator, author: author ?? 'x', message: `${message} parcel change` });
    }
  }
  for (const reader of readers) {
    if (reader.as !== undefined && reader.roles !== undefined) {
      await store.putPrincipal({ id: reader.as, roles: [...reader.roles] });
    }
  }
}
