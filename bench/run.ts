import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { generateCorpus, generateQueries, planEdits } from './corpus.js';
import { buildPeerIndex, peerEditToVisible, peerSearchLatency } from './minisearch-bench.js';
import { printReport } from './report.js';
import { memory, round, saveResults, summarize, timed } from './stats.js';
import { diagnoseQueries, editToVisible, importCorpus, type QueryTiming, searchLatency } from './store-bench.js';

/**
 * `npm run bench`: import, search and edit-to-visible figures for the SQLite store, next to MiniSearch
 * over the same chunks. `SEAM_BENCH_CHUNKS` scales the corpus (default 100,000 chunks).
 */

const seed = 42;
const batchSize = 500;
const warmup = 25;
const log = (line: string) => console.log(line);

export type BenchResults = Awaited<ReturnType<typeof runBench>>;

async function runBench(options: { targetChunks: number; path: string }) {
  const { targetChunks, path } = options;
  log(`Generating a corpus of about ${targetChunks} chunks (seed ${seed})...`);
  const { ms: generateMs, value: corpus } = await timed(() => generateCorpus({ targetChunks, seed }));
  const queries = generateQueries({ count: 500, seed: seed + 1 });
  const edits = planEdits(corpus, { count: 50, seed: seed + 2 });
  const corpusFigures = {
    documents: corpus.documents.length,
    chunks: corpus.chunkCount,
    markdown_mb: round(corpus.bytes / 2 ** 20, 1),
    billing_documents: corpus.documents.filter((document) => document.input.acl !== null).length,
    generate_and_chunk_seconds: round(generateMs / 1000, 2),
  };
  const baseline = memory();

  log('Seam: importing...');
  const store = openSqliteStore({ path });
  await store.putPrincipal({ id: 'bea', roles: ['billing'] });
  const imported = await importCorpus({ store, path, corpus, batchSize });
  log('Seam: searching...');
  const seamQueries = await searchLatency({ store, queries, warmup });
  log('Seam: editing...');
  const seamEdits = await editToVisible({ store, edits });
  await store.close();
  const seamMemory = memory();
  const diagnosis = diagnoseQueries({ path, timings: seamQueries, chunkCount: corpus.chunkCount });

  log('MiniSearch: indexing, searching, editing...');
  const peer = await buildPeerIndex(corpus);
  const peerQueries = peerSearchLatency({ peer, queries, warmup });
  const peerEdits = peerEditToVisible({ peer, corpus, edits });
  const peerMemory = memory();

  const seamSearch = searchFigures(seamQueries);
  const peerSearch = searchFigures(peerQueries);
  return {
    generated_at: new Date().toISOString(),
    machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown' },
    config: { target_chunks: targetChunks, seed, batch_size: batchSize, queries: queries.length, edits: edits.length },
    corpus: corpusFigures,
    memory_baseline: baseline,
    seam: { import: imported, search: seamSearch, query_diagnosis: diagnosis, edits: seamEdits, memory: seamMemory },
    minisearch: {
      build: { seconds: peer.seconds, chunks_per_second: peer.chunks_per_second },
      search: peerSearch,
      edits: peerEdits,
      memory: peerMemory,
    },
    ratios_seam_over_minisearch: {
      build_chunks_per_second: round(imported.chunks_per_second / peer.chunks_per_second, 3),
      search_p50: round(seamSearch.all.p50 / peerSearch.all.p50, 2),
      search_p99: round(seamSearch.all.p99 / peerSearch.all.p99, 2),
      edit_to_visible_p50: round(seamEdits.total_ms.p50 / peerEdits.visible_ms.p50, 2),
    },
  };
}

function searchFigures(timings: readonly QueryTiming[]) {
  const latency = (keep: (timing: QueryTiming) => boolean) =>
    summarize(timings.filter(keep).map((timing) => timing.ms));
  return {
    all: latency(() => true),
    nobody: latency((timing) => timing.query.as === 'nobody'),
    bea: latency((timing) => timing.query.as === 'bea'),
    keywords: latency((timing) => timing.query.kind === 'keywords'),
    with_stopword: latency((timing) => timing.query.kind === 'with-stopword'),
    empty_results: timings.filter((timing) => timing.hits === 0).length,
  };
}

const targetChunks = Number(process.env.SEAM_BENCH_CHUNKS ?? 100_000);
if (!Number.isInteger(targetChunks) || targetChunks < 100) {
  throw new Error(`SEAM_BENCH_CHUNKS must be an integer of at least 100, got '${process.env.SEAM_BENCH_CHUNKS}'`);
}
const directory = mkdtempSync(join(tmpdir(), 'seam-bench-'));
try {
  const results = await runBench({ targetChunks, path: join(directory, 'seam.db') });
  printReport(results);
  saveResults('store-bench', results);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
