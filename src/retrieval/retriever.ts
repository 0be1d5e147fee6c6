import type { Reader } from '../access.js';
import type { Hit, KnowledgeStore } from '../store/knowledge-store.js';
import { reciprocalRankFusion } from './fusion.js';

/**
 * One way of ranking passages. Every leg receives the reader and the instant, and must apply the access
 * rule (`src/access.ts`) and effective dates inside its own query (a pre-filter), so that each leg's top k
 * are all passages the reader may read.
 */
export interface RetrievalLeg {
  readonly name: string;
  search(query: LegQuery): Promise<Hit[]>;
}

export interface LegQuery {
  text: string;
  reader: Reader;
  k: number;
  at: string;
  collection?: string | undefined;
}

/** The full-text leg, served by the store itself. */
export function bm25Leg(store: KnowledgeStore): RetrievalLeg {
  return { name: 'bm25', search: (query) => store.searchText(query) };
}

export interface RetrieveRequest {
  query: string;
  /** Who is asking (`operator`, or `readerFor(store, id)`): required, never implied. */
  reader: Reader;
  k?: number | undefined;
  collection?: string | undefined;
  /** ISO date or date-time; defaults to now. */
  asOf?: string | undefined;
}

export interface RetrieveResult {
  hits: Hit[];
  /** Which legs ran and how many hits each returned, for traces. */
  legs: { name: string; hits: number }[];
}

export interface Retriever {
  retrieve(request: RetrieveRequest): Promise<RetrieveResult>;
}

/**
 * Retrieval over any number of legs. With one leg its scores pass through (BM25 by default); with more,
 * each leg is asked for a deeper list and the lists are fused by reciprocal rank. Callers do not change
 * when a leg (an embedding leg, say) is added.
 */
export function createRetriever(options: {
  store: KnowledgeStore;
  legs?: RetrievalLeg[];
  now?: () => Date;
}): Retriever {
  const legs = options.legs ?? [bm25Leg(options.store)];
  const now = options.now ?? (() => new Date());
  return {
    async retrieve(request) {
      const k = request.k ?? 5;
      const legQuery: LegQuery = {
        text: request.query,
        reader: request.reader,
        k: legs.length > 1 ? Math.max(k * 4, 20) : k,
        at: request.asOf ?? now().toISOString(),
        collection: request.collection,
      };
      const lists = await Promise.all(legs.map((leg) => leg.search(legQuery)));
      const hits = lists.length === 1 ? (lists[0] ?? []) : reciprocalRankFusion(lists, k);
      return { hits, legs: legs.map((leg, index) => ({ name: leg.name, hits: lists[index]?.length ?? 0 })) };
    },
  };
}
