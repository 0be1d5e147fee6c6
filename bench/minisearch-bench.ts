import MiniSearch, { type SearchResult } from 'minisearch';
import { type Chunk, chunkMarkdown } from '../src/documents/chunk-markdown.js';
import type { BenchQuery, Corpus, Edit } from './corpus.js';
import { round, type Summary, summarize, timed } from './stats.js';
import type { QueryTiming } from './store-bench.js';

/** The peer: the same chunks in an in-memory MiniSearch index, with the ACL applied by a `filter` callback. */

interface ChunkRecord {
  id: string;
  docId: string;
  version: number;
  title: string;
  headings: string;
  body: string;
  acl: string[] | null;
}

const roles: Record<BenchQuery['as'], string[]> = { nobody: [], bea: ['billing'] };
// The same column weights as the store's BM25 (title 4, headings 2, body 1).
const boost = { title: 4, headings: 2 };

export interface PeerIndex {
  index: MiniSearch<ChunkRecord>;
  /** Chunk ids per document, so an edit can discard the old version's chunks. */
  chunkIds: Map<string, string[]>;
  seconds: number;
  chunks_per_second: number;
}

function records(options: { docId: string; version: number; title: string; acl: string[] | null; chunks: Chunk[] }) {
  return options.chunks.map(
    (chunk, ordinal): ChunkRecord => ({
      id: `${options.docId}@${options.version}#${ordinal}`,
      docId: options.docId,
      version: options.version,
      title: options.title,
      headings: chunk.headingPath.join(' / '),
      body: chunk.text,
      acl: options.acl,
    }),
  );
}

export async function buildPeerIndex(corpus: Corpus): Promise<PeerIndex> {
  const index = new MiniSearch<ChunkRecord>({
    fields: ['title', 'headings', 'body'],
    storeFields: ['docId', 'version', 'acl'],
  });
  const chunkIds = new Map<string, string[]>();
  const { ms } = await timed(() => {
    for (const { input, chunks } of corpus.documents) {
      const batch = records({ docId: input.id, version: 1, title: input.title, acl: input.acl, chunks });
      index.addAll(batch);
      chunkIds.set(
        input.id,
        batch.map((record) => record.id),
      );
    }
  });
  return {
    index,
    chunkIds,
    seconds: round(ms / 1000, 2),
    chunks_per_second: round((corpus.chunkCount * 1000) / ms, 0),
  };
}

function search(index: MiniSearch<ChunkRecord>, text: string, as: BenchQuery['as']): SearchResult[] {
  const allowed = roles[as];
  const filter = (result: SearchResult) => {
    const acl = result.acl as string[] | null;
    return acl === null || acl.some((role) => allowed.includes(role));
  };
  return index.search(text, { boost, filter }).slice(0, 10);
}

export function peerSearchLatency(options: {
  peer: PeerIndex;
  queries: readonly BenchQuery[];
  warmup: number;
}): QueryTiming[] {
  for (const query of options.queries.slice(0, options.warmup)) search(options.peer.index, query.text, query.as);
  return options.queries.map((query) => {
    const start = performance.now();
    const hits = search(options.peer.index, query.text, query.as).length;
    return { query, ms: performance.now() - start, hits };
  });
}

export interface PeerEditFigures {
  /** Re-chunk the document, discard its old chunks and add the new ones. */
  update_ms: Summary;
  search_ms: Summary;
  visible_ms: Summary;
  not_visible: number;
  stale_hits: number;
}

export function peerEditToVisible(options: {
  peer: PeerIndex;
  corpus: Corpus;
  edits: readonly Edit[];
}): PeerEditFigures {
  const { index, chunkIds } = options.peer;
  const documents = new Map(options.corpus.documents.map((document) => [document.input.id, document.input]));
  const updates: number[] = [];
  const searches: number[] = [];
  let notVisible = 0;
  let staleHits = 0;
  for (const edit of options.edits) {
    const input = documents.get(edit.id);
    if (!input) throw new Error(`edit benchmark: ${edit.id} is missing`);
    const start = performance.now();
    for (const id of chunkIds.get(edit.id) ?? []) index.discard(id);
    const batch = records({
      docId: edit.id,
      version: 2,
      title: input.title,
      acl: input.acl,
      chunks: chunkMarkdown(edit.body),
    });
    index.addAll(batch);
    chunkIds.set(
      edit.id,
      batch.map((record) => record.id),
    );
    const updated = performance.now();
    const top = search(index, edit.token, 'bea')[0];
    updates.push(updated - start);
    searches.push(performance.now() - updated);
    if (!(top?.docId === edit.id && top.version === 2)) notVisible++;
    staleHits += search(index, edit.oldCode, 'bea').filter((hit) => hit.docId === edit.id).length;
  }
  return {
    update_ms: summarize(updates),
    search_ms: summarize(searches),
    visible_ms: summarize(updates.map((update, position) => update + (searches[position] ?? 0))),
    not_visible: notVisible,
    stale_hits: staleHits,
  };
}
