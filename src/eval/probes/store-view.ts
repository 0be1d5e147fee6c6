import { operator, readerFor } from '../../access.js';
import { instantKey } from '../../documents/parse-document.js';
import type { StoredReceipt } from '../../store/forget-store.js';
import type { DocumentTimeline, DocumentVersion, KnowledgeStore } from '../../store/knowledge-store.js';
import { servedAt } from '../../store/timeline.js';

/** One document as the probe generators see it: every version, and which one is served now. */
export interface ViewDocument {
  id: string;
  versions: DocumentVersion[];
  /** The version served at the view's instant, if any. */
  served: DocumentVersion | undefined;
  /** Versions no longer served and not scheduled: what the store used to say. */
  past: DocumentVersion[];
}

/** Someone who may ask: every principal the store holds, and one it has never heard of. */
export interface ViewAsker {
  id: string;
  roles: readonly string[];
  /** Ids of the documents whose served version this asker may read, as the store answers it. */
  readable: ReadonlySet<string>;
}

/** The whole store, read once, for generating probes. */
export interface StoreView {
  at: string;
  documents: ViewDocument[];
  askers: ViewAsker[];
  /** The stored `seam forget` receipts (no values: keyed hashes and what was deleted or redacted). */
  receipts: StoredReceipt[];
}

/**
 * Read every version of every document once, as the operator (generation needs to see everything),
 * and, for every principal and an unknown one, which served documents the store lets them read: the
 * access rule is the store's, asked through its reads, never re-implemented here.
 */
export async function readStoreView(
  store: KnowledgeStore,
  options: { at: string; unknownPrincipal: string },
): Promise<StoreView> {
  const documents = viewOf(await store.timelines({ reader: operator }), options.at);
  const ids = [...(await store.listPrincipals()).map((principal) => principal.id), options.unknownPrincipal];
  const askers: ViewAsker[] = [];
  for (const id of ids) {
    const reader = await readerFor(store, id);
    const readable = viewOf(await store.timelines({ reader }), options.at).filter((document) => document.served);
    askers.push({
      id,
      roles: reader.kind === 'principal' ? reader.roles : [],
      readable: new Set(readable.map((document) => document.id)),
    });
  }
  const receipts = await store.listReceipts({ reader: operator });
  return { at: options.at, documents, askers, receipts };
}

function viewOf(timelines: readonly DocumentTimeline[], at: string): ViewDocument[] {
  const key = instantKey(at);
  return timelines.map((timeline) => {
    const servedVersion = servedAt(timeline.served, at);
    const scheduled = new Set(
      timeline.served.filter((interval) => interval.from !== null && interval.from > key).map((i) => i.version),
    );
    return {
      id: timeline.id,
      versions: timeline.versions,
      served: timeline.versions.find((version) => version.version === servedVersion),
      past: timeline.versions.filter((version) => version.version !== servedVersion && !scheduled.has(version.version)),
    };
  });
}

/**
 * Whether a phrase (or a value's text) appears, ignoring case, in what any of the given documents
 * serve (title and body). Words index the documents once; a phrase is looked for only in the documents
 * holding its rarest word, so a question costs a few documents, not a scan of the store.
 */
export function servedText(documents: readonly ViewDocument[]): (text: string) => boolean {
  const texts: string[] = [];
  const postings = new Map<string, number[]>();
  for (const document of documents) {
    if (!document.served) continue;
    const index = texts.push(`${document.served.title}\n${document.served.body}`.toLowerCase()) - 1;
    for (const word of new Set(wordsOf(texts[index] ?? ''))) {
      const list = postings.get(word);
      if (list) list.push(index);
      else postings.set(word, [index]);
    }
  }
  return (text) => {
    const phrase = text.toLowerCase();
    const words = wordsOf(phrase);
    if (words.length === 0) return texts.some((candidate) => candidate.includes(phrase));
    let rarest: number[] | undefined;
    for (const word of words) {
      const list = postings.get(word) ?? [];
      if (!rarest || list.length < rarest.length) rarest = list;
    }
    return (rarest ?? []).some((index) => texts[index]?.includes(phrase));
  };
}

function wordsOf(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+/gu) ?? [];
}
