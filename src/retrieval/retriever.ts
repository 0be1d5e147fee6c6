import { type Access, resolveAccess } from '../access.js';
import type { AccessFilter, Hit, KnowledgeStore } from '../store/knowledge-store.js';
import { reciprocalRankFusion } from './fusion.js';

/**
 * One way of ranking passages. Every leg receives the access filter and the instant, and must apply
 * them inside its own query (a pre-filter), so that each leg's top k are all passages the asker may read.
 */
export interface RetrievalLeg {
  readonly name: string;
  search(query: LegQuery): Promise<Hit[]>;
}

export interface LegQuery {
  text: string;
  access: AccessFilter;
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
  /** `--as`: the principal id; omitted for the local operator. */
  as?: string | undefined;
  k?: number | undefined;
  collection?: string | undefined;
  /** ISO date or date-time; defaults to now. */
  asOf?: string | undefined;
}

export interface RetrieveResult {
  hits: Hit[];
  access: Access;
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
      const access = await resolveAccess(options.store, request.as);
      const k = request.k ?? 5;
      const legQuery: LegQuery = {
        text: request.query,
        access: access.filter,
        k: legs.length > 1 ? Math.max(k * 4, 20) : k,
        at: request.asOf ?? now().toISOString(),
        collection: request.collection,
      };
      const lists = await Promise.all(legs.map((leg) => leg.search(legQuery)));
      const hits = lists.length === 1 ? (lists[0] ?? []) : reciprocalRankFusion(lists, k);
      return { hits, access, legs: legs.map((leg, index) => ({ name: leg.name, hits: lists[index]?.length ?? 0 })) };
    },
  };
}
