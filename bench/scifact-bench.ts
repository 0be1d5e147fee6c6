import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { operator } from '../src/access.js';
import { plainDocument } from '../src/documents/convert/convert.js';
import type { DocumentInput, Hit, KnowledgeStore, TextQuery } from '../src/store/knowledge-store.js';
import { isStoreUrl, openStore } from '../src/store/open-store.js';
import { searchChunks } from '../src/store/sqlite/search.js';
import { round, saveResults, summarize } from './stats.js';

/**
 * `npm run bench:scifact`: retrieval quality and latency on BEIR SciFact (dev queries), read in place from
 * `../shared/data/beir-scifact/` (or `SEAM_SCIFACT_DIR`; skipped with a message when absent). nDCG@10 per document: the chunks of
 * an abstract count once, at the best rank. Published BM25 on the (held-out) test split: 0.665 (BEIR),
 * 0.665-0.679 (Anserini).
 *
 * Any backend: `SEAM_DB=postgres://...` runs it against PostgreSQL through the same `KnowledgeStore` calls
 * (the database is filled with the abstracts first); by default a temporary SQLite file. On SQLite the
 * search over the posting lists is compared with FTS5's own `bm25()` ranking in the same run: nDCG@10 and latency.
 */

const data = process.env.SEAM_SCIFACT_DIR ?? fileURLToPath(new URL('../../shared/data/beir-scifact/', import.meta.url));
const log = (line = '') => console.log(line);
const chunksPerQuery = 50;

export interface Scifact {
  documents: DocumentInput[];
  queries: { id: string; text: string }[];
  /** query id → document id → graded relevance. */
  qrels: Map<string, Map<string, number>>;
}

export function loadScifact(folder = data): Scifact | undefined {
  if (!existsSync(join(folder, 'corpus.jsonl'))) return undefined;
  const lines = (file: string) =>
    readFileSync(join(folder, file), 'utf8')
      .split('\n')
      .filter((line) => line.trim());
  const documents = lines('corpus.jsonl').map((line) => {
    const row = JSON.parse(line) as { _id: string; title: string; text: string };
    return plainDocument({
      id: `scifact-${row._id}`,
      title: row.title || row._id,
      collection: 'scifact',
      body: row.text,
    });
  });
  const queries = lines('queries.dev.jsonl').map((line) => {
    const row = JSON.parse(line) as { _id: string; text: string };
    return { id: row._id, text: row.text };
  });
  const qrels = new Map<string, Map<string, number>>();
  for (const line of lines('qrels.dev.tsv').slice(1)) {
    const [query = '', document = '', score = '0'] = line.split('\t');
    const judged = qrels.get(query) ?? new Map<string, number>();
    judged.set(`scifact-${document}`, Number(score));
    qrels.set(query, judged);
  }
  return { documents, queries: queries.filter((query) => qrels.has(query.id)), qrels };
}

/** nDCG@10 of a ranked list of document ids against graded judgements (linear gain, log2 discount). */
export function ndcgAt10(ranked: readonly string[], judged: ReadonlyMap<string, number>): number {
  const dcg = (gains: number[]) => gains.slice(0, 10).reduce((sum, gain, rank) => sum + gain / Math.log2(rank + 2), 0);
  const ideal = dcg([...judged.values()].sort((a, b) => b - a));
  return ideal === 0 ? 0 : dcg(ranked.map((id) => judged.get(id) ?? 0)) / ideal;
}

/** The documents of ranked chunks, each once, in the order of its best chunk. */
export function documentsOf(hits: readonly Hit[]): string[] {
  return [...new Set(hits.map((hit) => hit.id))];
}

async function measure(name: string, set: Scifact, search: (query: TextQuery) => Promise<Hit[]> | Hit[]) {
  const at = new Date().toISOString();
  const request = (text: string): TextQuery => ({ text, reader: operator, k: chunksPerQuery, at });
  for (const query of set.queries.slice(0, 20)) await search(request(query.text));
  const times: number[] = [];
  let total = 0;
  for (const query of set.queries) {
    const start = performance.now();
    const hits = await search(request(query.text));
    times.push(performance.now() - start);
    total += ndcgAt10(documentsOf(hits), set.qrels.get(query.id) ?? new Map());
  }
  const figures = { name, ndcg_at_10: round(total / set.queries.length, 4), latency_ms: summarize(times) };
  log(
    `${name.padEnd(24)} nDCG@10 ${figures.ndcg_at_10.toFixed(4)}   p50 ${figures.latency_ms.p50} ms   p99 ${figures.latency_ms.p99} ms`,
  );
  return figures;
}

async function main() {
  const set = loadScifact();
  if (!set) {
    log(`SciFact is not at ${data}: skipped (see ../shared/data/README.md).`);
    return;
  }
  const location = process.env.SEAM_DB;
  const directory = mkdtempSync(join(tmpdir(), 'seam-scifact-'));
  const path = location ?? join(directory, 'seam.db');
  try {
    log(
      `SciFact dev: ${set.documents.length} abstracts, ${set.queries.length} judged queries; store ${location ? 'SEAM_DB' : 'temporary SQLite'}`,
    );
    const store: KnowledgeStore = await openStore({ location: path });
    for (let start = 0; start < set.documents.length; start += 500) {
      await store.putMany(set.documents.slice(start, start + 500), { reader: operator, author: 'bench' });
    }
    const results = [await measure('store.searchText', set, (query) => store.searchText(query))];
    await store.close();
    if (!isStoreUrl(path)) {
      const db = new Database(path, { readonly: true });
      results.push(await measure('sqlite fts5 bm25()', set, (query) => searchChunks(db, query, { prune: false })));
      results.push(await measure('sqlite posting lists', set, (query) => searchChunks(db, query)));
      db.close();
    }
    saveResults('scifact-bench', {
      generated_at: new Date().toISOString(),
      machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown' },
      backend: isStoreUrl(path) ? 'postgres' : 'sqlite',
      documents: set.documents.length,
      queries: set.queries.length,
      chunks_per_query: chunksPerQuery,
      results,
    });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
