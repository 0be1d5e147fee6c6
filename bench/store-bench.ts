import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { operator, type Reader, readerFor } from '../src/access.js';
import { createRetriever } from '../src/retrieval/retriever.js';
import { queryTerms } from '../src/store/content.js';
import type { KnowledgeStore } from '../src/store/knowledge-store.js';
import type { BenchQuery, Corpus, Edit } from './corpus.js';
import { round, type Summary, summarize, timed } from './stats.js';

/** Seam's side of the benchmark: import, search and edit-to-visible against a SQLite store. */

export interface ImportFigures {
  seconds: number;
  docs_per_second: number;
  chunks_per_second: number;
  mb_per_second: number;
  indexed_chunks: number;
  db_mb: number;
  wal_mb: number;
  /** Docs/s over the first and the last tenth of the batches: does the import slow down as the file grows? */
  first_tenth_docs_per_second: number;
  last_tenth_docs_per_second: number;
  slowest_batch_ms: number;
}

export async function importCorpus(options: {
  store: KnowledgeStore;
  path: string;
  corpus: Corpus;
  batchSize: number;
}): Promise<ImportFigures> {
  const { store, corpus, batchSize } = options;
  const batches: { ms: number; docs: number }[] = [];
  let indexed = 0;
  for (let start = 0; start < corpus.documents.length; start += batchSize) {
    const batch = corpus.documents.slice(start, start + batchSize).map((document) => document.input);
    const { ms, value } = await timed(() =>
      store.putMany(batch, { reader: operator, author: 'bench', message: 'bench import' }),
    );
    batches.push({ ms, docs: batch.length });
    indexed += value.reduce((sum, result) => sum + result.chunks, 0);
  }
  const seconds = batches.reduce((sum, batch) => sum + batch.ms, 0) / 1000;
  const rate = (part: typeof batches) =>
    round(
      (part.reduce((sum, batch) => sum + batch.docs, 0) * 1000) / part.reduce((sum, batch) => sum + batch.ms, 0),
      0,
    );
  const tenth = Math.max(1, Math.floor(batches.length / 10));
  const size = (path: string) => (existsSync(path) ? round(statSync(path).size / 2 ** 20, 1) : 0);
  return {
    seconds: round(seconds, 2),
    docs_per_second: round(corpus.documents.length / seconds, 0),
    chunks_per_second: round(corpus.chunkCount / seconds, 0),
    mb_per_second: round(corpus.bytes / 2 ** 20 / seconds, 2),
    indexed_chunks: indexed,
    db_mb: size(options.path),
    wal_mb: size(`${options.path}-wal`),
    first_tenth_docs_per_second: rate(batches.slice(0, tenth)),
    last_tenth_docs_per_second: rate(batches.slice(-tenth)),
    slowest_batch_ms: round(Math.max(...batches.map((batch) => batch.ms)), 1),
  };
}

export interface QueryTiming {
  query: BenchQuery;
  ms: number;
  hits: number;
}

export async function searchLatency(options: {
  store: KnowledgeStore;
  queries: readonly BenchQuery[];
  warmup: number;
}): Promise<QueryTiming[]> {
  const retriever = createRetriever({ store: options.store });
  const readers = new Map<string, Reader>();
  for (const id of new Set(options.queries.map((query) => query.as)))
    readers.set(id, await readerFor(options.store, id));
  const readerOf = (query: BenchQuery) => readers.get(query.as) ?? operator;
  for (const query of options.queries.slice(0, options.warmup)) {
    await retriever.retrieve({ query: query.text, reader: readerOf(query), k: 10 });
  }
  const timings: QueryTiming[] = [];
  for (const query of options.queries) {
    const { ms, value } = await timed(() => retriever.retrieve({ query: query.text, reader: readerOf(query), k: 10 }));
    timings.push({ query, ms, hits: value.hits.length });
  }
  return timings;
}

export interface EditFigures {
  put_ms: Summary;
  /** From the end of the put to the end of the first search that returned the new text. */
  visible_ms: Summary;
  /** Put plus visible: from the start of the write until a search returned it. */
  total_ms: Summary;
  searches_needed: Summary;
  not_visible: number;
  stale_hits: number;
}

/** A search the edit loop polls: the hits, best first. */
export type EditSearch = (query: string) => Promise<readonly { id: string; version: number; text: string }[]>;

/**
 * Each edit is put, then searched for until its new text is the top hit. By default the search is Seam's
 * retriever reading as `bea`; the backends bench passes the store's own search.
 */
export async function editToVisible(options: {
  store: KnowledgeStore;
  edits: readonly Edit[];
  search?: EditSearch;
}): Promise<EditFigures> {
  const { store } = options;
  const search = options.search ?? (await retrieverSearch(store));
  const puts: number[] = [];
  const visible: number[] = [];
  const searches: number[] = [];
  let notVisible = 0;
  let staleHits = 0;
  for (const edit of options.edits) {
    const before = await store.get(edit.id, { reader: operator });
    if (!before) throw new Error(`edit benchmark: ${edit.id} is missing`);
    const start = performance.now();
    const put = await store.put(
      { ...before, body: edit.body, source: undefined },
      { reader: operator, author: 'bench' },
    );
    const putEnd = performance.now();
    puts.push(putEnd - start);
    let attempts = 0;
    let found = false;
    while (!found && attempts < 100) {
      attempts++;
      const top = (await search(edit.token))[0];
      found = top?.id === edit.id && top.version === put.version && top.text.includes(edit.token);
    }
    visible.push(performance.now() - putEnd);
    searches.push(attempts);
    if (!found) notVisible++;
    staleHits += (await search(edit.oldCode)).filter((hit) => hit.id === edit.id).length;
  }
  return {
    put_ms: summarize(puts),
    visible_ms: summarize(visible),
    total_ms: summarize(puts.map((put, position) => put + (visible[position] ?? 0))),
    searches_needed: summarize(searches),
    not_visible: notVisible,
    stale_hits: staleHits,
  };
}

async function retrieverSearch(store: KnowledgeStore): Promise<EditSearch> {
  const retriever = createRetriever({ store });
  const bea = await readerFor(store, 'bea');
  return async (query) => (await retriever.retrieve({ query, reader: bea, k: 10 })).hits;
}

export interface QueryDiagnosis {
  /** Search latency by the share of all chunks that match any query term (the store ORs the terms). */
  by_matching_share: { share: string; latency: Summary }[];
  slowest: {
    query: string;
    as: string;
    ms: number;
    matching_chunks: number;
    /** The bare FTS5 ranking (`ORDER BY bm25 LIMIT 10`), without the store's joins and filters. */
    fts_only_ms: number;
  }[];
}

/** Why queries are slow, read straight from the closed store's file (so it relies on internal table names). */
export function diagnoseQueries(options: {
  path: string;
  timings: readonly QueryTiming[];
  chunkCount: number;
}): QueryDiagnosis {
  const db = new Database(options.path, { readonly: true });
  const count = db.prepare('SELECT count(*) AS n FROM chunks_fts WHERE chunks_fts MATCH ?').pluck();
  const ranked = db.prepare(
    'SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY bm25(chunks_fts, 4.0, 2.0, 1.0) LIMIT 10',
  );
  const expression = (text: string) =>
    queryTerms(text)
      .map((term) => `"${term}"`)
      .join(' OR ');
  const measured = options.timings.map((timing) => ({
    ...timing,
    matching: expression(timing.query.text) ? (count.get(expression(timing.query.text)) as number) : 0,
  }));
  const buckets: [string, number, number][] = [
    ['< 10%', 0, 0.1],
    ['10-50%', 0.1, 0.5],
    ['>= 50%', 0.5, Number.POSITIVE_INFINITY],
  ];
  const slowest = [...measured]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5)
    .map(({ query, ms, matching }) => {
      const start = performance.now();
      ranked.all(expression(query.text));
      const ftsOnly = performance.now() - start;
      return {
        query: query.text,
        as: query.as,
        ms: round(ms, 1),
        matching_chunks: matching,
        fts_only_ms: round(ftsOnly, 1),
      };
    });
  db.close();
  return {
    by_matching_share: buckets.map(([share, low, high]) => ({
      share,
      latency: summarize(
        measured
          .filter(
            (timing) => timing.matching / options.chunkCount >= low && timing.matching / options.chunkCount < high,
          )
          .map((timing) => timing.ms),
      ),
    })),
    slowest,
  };
}
