import { canRead } from '../../access.js';
import { instantKey } from '../../documents/parse-document.js';
import type { DocumentVersion, KnowledgeStore, Principal } from '../../store/knowledge-store.js';
import { servedAt, servedIntervals } from '../../store/timeline.js';

/** One document as the probe generators see it: every version, and which one is served now. */
export interface ViewDocument {
  id: string;
  versions: DocumentVersion[];
  /** The version served at the view's instant, if any. */
  served: DocumentVersion | undefined;
  /** Versions no longer served and not scheduled: what the store used to say. */
  past: DocumentVersion[];
}

/** The whole store, read once by the local operator, for generating probes. */
export interface StoreView {
  at: string;
  documents: ViewDocument[];
  principals: Principal[];
}

/** Read every version of every document once (as the operator: generation needs to see everything). */
export async function readStoreView(store: KnowledgeStore, at: string): Promise<StoreView> {
  const key = instantKey(at);
  const documents: ViewDocument[] = [];
  for (const summary of await store.list()) {
    const history = (await store.history(summary.id)) ?? [];
    const intervals = servedIntervals(history);
    const servedVersion = servedAt(intervals, at);
    const scheduled = new Set(
      intervals.filter((interval) => interval.from !== null && interval.from > key).map((i) => i.version),
    );
    const versions: DocumentVersion[] = [];
    for (const entry of history) {
      const version = await store.get(summary.id, { version: entry.version });
      if (version) versions.push(version);
    }
    documents.push({
      id: summary.id,
      versions,
      served: versions.find((version) => version.version === servedVersion),
      past: versions.filter((version) => version.version !== servedVersion && !scheduled.has(version.version)),
    });
  }
  return { at, documents, principals: await store.listPrincipals() };
}

/** Whether a principal with these roles may read a version: the store's one rule, asked of the store's module. */
export function mayRead(roles: readonly string[], version: Pick<DocumentVersion, 'acl'>): boolean {
  return canRead({ roles }, version.acl);
}
