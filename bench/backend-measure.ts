import { operator, type Reader } from '../src/access.js';
import type { Hit, KnowledgeStore } from '../src/store/knowledge-store.js';
import type { BenchQuery, Corpus, Edit } from './corpus.js';
import { round, type Summary, summarize, timed } from './stats.js';
import { editToVisible as measureEdits } from './store-bench.js';

/** Measurements that run the same way against any `KnowledgeStore`, for the SQLite/PostgreSQL comparison. */

export interface BackendUnderTest {
  name: string;
  store: KnowledgeStore;
}

/** A reader allowed a share of the corpus, where document i carries the access list [`team{i % 100}`]. */
export interface ShareReader {
  label: string;
  share: number;
  reader: Reader;
}

export const teams = 100;

export function shareReaders(): ShareReader[] {
  const reader = (count: number): Reader => ({
    kind: 'principal',
    id: `member-of-${count}-teams`,
    known: true,
    roles: Array.from({ length: count }, (_, index) => `team${index}`),
  });
  return [
    { label: '100%', share: 1, reader: reader(teams) },
    { label: '10%', share: 0.1, reader: reader(teams / 10) },
    { label: '1%', share: 0.01, reader: reader(1) },
  ];
}

/** The corpus with every document restricted to one of 100 teams, so readers can be allowed 1%, 10% or 100%. */
export function withTeamAcls(corpus: Corpus): Corpus {
  return {
    ...corpus,
    documents: corpus.documents.map((document, index) => ({
      ...document,
      input: { ...document.input, acl: [`team${index % teams}`] },
    })),
  };
}

export async function importInto(backend: BackendUnderTest, corpus: Corpus, batchSize: number) {
  let seconds = 0;
  let indexed = 0;
  for (let start = 0; start < corpus.documents.length; start += batchSize) {
    const batch = corpus.documents.slice(start, start + batchSize).map((document) => document.input);
    const { ms, value } = await timed(() =>
      backend.store.putMany(batch, { reader: operator, author: 'bench', message: 'bench import' }),
    );
    seconds += ms / 1000;
    indexed += value.reduce((sum, result) => sum + result.chunks, 0);
  }
  return {
    seconds: round(seconds, 2),
    docs_per_second: round(corpus.documents.length / seconds, 0),
    chunks_per_second: round(corpus.chunkCount / seconds, 0),
    mb_per_second: round(corpus.bytes / 2 ** 20 / seconds, 2),
    indexed_chunks: indexed,
  };
}

/**
 * Search latency per backend and reader share. Each query runs on every backend back to back, so the
 * two see the same machine load; the top 10 of each are kept for the overlap figure.
 */
export async function searchBoth(options: {
  backends: readonly BackendUnderTest[];
  readers: readonly ShareReader[];
  queries: readonly BenchQuery[];
  at: string;
  warmup: number;
}) {
  const latency = new Map<string, number[]>();
  const tops = new Map<string, Hit[][]>();
  const empty = new Map<string, number>();
  for (const [position, query] of options.queries.entries()) {
    for (const reader of options.readers) {
      for (const backend of options.backends) {
        const key = `${backend.name} ${reader.label}`;
        const { ms, value } = await timed(() =>
          backend.store.searchText({ text: query.text, reader: reader.reader, k: 10, at: options.at }),
        );
        if (position < options.warmup) continue;
        listFor(latency, key).push(ms);
        listFor(tops, key).push(value);
        if (value.length === 0) empty.set(key, (empty.get(key) ?? 0) + 1);
      }
    }
  }
  const figures: Record<string, Record<string, Summary & { empty: number }>> = {};
  for (const backend of options.backends) {
    figures[backend.name] = Object.fromEntries(
      options.readers.map((reader) => {
        const key = `${backend.name} ${reader.label}`;
        return [reader.label, { ...summarize(latency.get(key) ?? []), empty: empty.get(key) ?? 0 }];
      }),
    );
  }
  return { latency: figures, tops };
}

/**
 * How alike two backends' rankings are: per query, the share of one top 10 found in the other's
 * (passages compared by document, version and chunk), and how often the first hit is the same.
 */
export function topOverlap(first: readonly Hit[][], second: readonly Hit[][]) {
  const key = (hit: Hit) => `${hit.id}@${hit.version}#${hit.chunk}`;
  const shares: number[] = [];
  let sameFirst = 0;
  let compared = 0;
  first.forEach((hits, index) => {
    const other = second[index] ?? [];
    const size = Math.max(hits.length, other.length);
    if (size === 0) return;
    compared++;
    const theirs = new Set(other.map(key));
    shares.push(hits.filter((hit) => theirs.has(key(hit))).length / size);
    if (hits[0] && other[0] && key(hits[0]) === key(other[0])) sameFirst++;
  });
  const mean = shares.reduce((sum, share) => sum + share, 0) / Math.max(1, shares.length);
  return {
    queries: compared,
    mean_top10_overlap: round(mean, 3),
    same_first_hit: round(sameFirst / Math.max(1, compared), 3),
  };
}

/**
 * From the start of a put until a search by the reader returns the new text at the top: store-bench's loop,
 * polling the store's own search rather than the retriever.
 */
export async function editToVisible(options: { backend: BackendUnderTest; edits: readonly Edit[]; reader: Reader }) {
  const { store } = options.backend;
  const figures = await measureEdits({
    store,
    edits: options.edits,
    search: (text) => store.searchText({ text, reader: options.reader, k: 10, at: new Date().toISOString() }),
  });
  return { total_ms: figures.total_ms, not_visible: figures.not_visible, stale_hits: figures.stale_hits };
}

function listFor<T>(map: Map<string, T[]>, key: string): T[] {
  const existing = map.get(key);
  if (existing) return existing;
  const created: T[] = [];
  map.set(key, created);
  return created;
}
