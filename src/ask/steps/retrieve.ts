import { queryWords } from '../evidence/terms.js';
import type { AskStep } from '../request-context.js';

/**
 * Retrieve passages in effect at the request's instant, through the shared retriever: the access filter
 * is applied inside each leg's query, so every hit is one the asker may read.
 */
export const retrieve: AskStep = async (context) => {
  const result = await context.retriever.retrieve({
    query: queryWords(context.question),
    reader: context.reader,
    k: context.config.retrieval.k,
    collection: context.config.retrieval.collection,
    asOf: context.at,
  });
  context.hits = result.hits;
  context.trace.hits = result.hits.map((hit) => ({
    id: hit.id,
    version: hit.version,
    chunk: hit.chunk,
    score: hit.score,
    used: false,
  }));
};
