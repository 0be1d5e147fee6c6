import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { queryTerms } from '../src/store/content.js';
import type { DocumentInput, KnowledgeStore } from '../src/store/knowledge-store.js';
import { searchChunks } from '../src/store/sqlite/search.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { generateCorpus, generateQueries } from './corpus.js';
import { round, saveResults, summarize, timed } from './stats.js';

/**
 * `npm run bench:access`: search latency with the access rule applied inside the query, for readers
 * allowed 100%, 10% and 1% of the documents and for the operator, on the 100,000-chunk corpus
 * (`SEAM_BENCH_CHUNKS` scales it). Beside each reader, in the same run, the floor: the bare FTS5 top 10
 * for the same words with no access or date condition at all. The ratio says what access costs.
 *
 * Beside each reader too, the same searches ranked by FTS5's own `bm25()` (`searchChunks(..., { prune: false })`,
 * the exhaustive ranking of every match) against the store's posting lists, in one run; each also in CPU
 * time per search, which a loaded machine does not inflate as it does wall time.
 *
 * Every document is restricted: all carry role `r100`, every tenth also `r10`, every hundredth also `r1`.
 * The script only uses calls whose shape did not change across the access rework (it passes the reader in
 * both the old `access` and the new `reader` field), so it also runs on older commits for a before/after.
 */

const seed = 42;
const warmup = 25;
const k = 10;
const at = '2026-11-25T12:00:00.000Z';
const log = (line: string) => console.log(line);

/** Milliseconds of CPU this process used since `before` (user and system). */
function cpuMs(before: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

interface BenchReader {
  name: string;
  share: string;
  role: string | undefined;
}

const readers: BenchReader[] = [
  { name: 'operator', share: 'all', role: undefined },
  { name: 'reader-100', share: '100%', role: 'r100' },
  { name: 'reader-10', share: '10%', role: 'r10' },
  { name: 'reader-1', share: '1%', role: 'r1' },
];

function aclFor(index: number): string[] {
  return ['r100', ...(index % 10 === 0 ? ['r10'] : []), ...(index % 100 === 0 ? ['r1'] : [])];
}

/** The query object for both store APIs: `access` (before the rework) and `reader` (after). */
function searchRequest(reader: BenchReader, text: string): Parameters<KnowledgeStore['searchText']>[0] {
  const both = {
    text,
    k,
    at,
    access: reader.role === undefined ? { roles: [], all: true } : { roles: [reader.role] },
    reader:
      reader.role === undefined
        ? { kind: 'operator' }
        : { kind: 'principal', id: reader.name, known: true, roles: [reader.role] },
  };
  return both as unknown as Parameters<KnowledgeStore['searchText']>[0];
}

async function runAccessBench(options: { targetChunks: number; path: string }) {
  log(`Generating a corpus of about ${options.targetChunks} chunks (seed ${seed})...`);
  const corpus = generateCorpus({ targetChunks: options.targetChunks, seed });
  const documents: DocumentInput[] = corpus.documents.map((document, index) => ({
    ...document.input,
    acl: aclFor(index),
  }));
  const queries = generateQueries({ count: 500, seed: seed + 1 }).map((query) => query.text);

  log('Importing...');
  const store = openSqliteStore({ path: options.path });
  const write = { reader: { kind: 'operator' }, author: 'bench', message: 'bench import' } as unknown as Parameters<
    KnowledgeStore['putMany']
  >[1];
  const { ms: importMs } = await timed(async () => {
    for (let start = 0; start < documents.length; start += 500) {
      await store.putMany(documents.slice(start, start + 500), write);
    }
  });

  // The floor: FTS5's own top k for the same MATCH expression, no join, no access or date condition.
  const raw = new Database(options.path, { readonly: true });
  const floorQuery = raw.prepare(
    'SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY bm25(chunks_fts, 4.0, 2.0, 1.0) LIMIT 10',
  );
  const countQuery = raw.prepare('SELECT count(*) AS n FROM chunks_fts WHERE chunks_fts MATCH ?');
  const expression = (text: string) =>
    queryTerms(text)
      .map((term) => `"${term}"`)
      .join(' OR ');
  const floor = async (text: string) => (expression(text) ? floorQuery.all(expression(text)) : []);
  for (const text of queries.slice(0, warmup)) await floor(text);
  const floorMs: number[] = [];
  const matches: number[] = [];
  for (const text of queries) {
    floorMs.push((await timed(() => floor(text))).ms);
    matches.push(expression(text) ? (countQuery.get(expression(text)) as { n: number }).n : 0);
  }
  raw.close();
  const floorSummary = summarize(floorMs);

  const results = [];
  for (const reader of readers) {
    log(`Searching as ${reader.name} (${reader.share} of documents)...`);
    for (const text of queries.slice(0, warmup)) await store.searchText(searchRequest(reader, text));
    const times: number[] = [];
    let hits = 0;
    let unreadable = 0;
    const cpu: number[] = [];
    for (const text of queries) {
      const before = process.cpuUsage();
      const { ms, value } = await timed(() => store.searchText(searchRequest(reader, text)));
      cpu.push(cpuMs(before));
      times.push(ms);
      hits += value.length;
      const index = (id: string) => Number(id.slice(id.lastIndexOf('-') + 1));
      if (reader.role) unreadable += value.filter((hit) => !aclFor(index(hit.id)).includes(reader.role ?? '')).length;
    }
    // The same reader ranked by FTS5's own bm25() over every match (the exhaustive query), in the same run.
    const exhaustiveDb = new Database(options.path, { readonly: true });
    const exhaustiveTimes: number[] = [];
    const exhaustiveCpu: number[] = [];
    for (const text of queries.slice(0, warmup))
      searchChunks(exhaustiveDb, searchRequest(reader, text), { prune: false });
    for (const text of queries) {
      const before = process.cpuUsage();
      exhaustiveTimes.push(
        (await timed(() => searchChunks(exhaustiveDb, searchRequest(reader, text), { prune: false }))).ms,
      );
      exhaustiveCpu.push(cpuMs(before));
    }
    exhaustiveDb.close();
    const latency = summarize(times);
    const exhaustive = summarize(exhaustiveTimes);
    results.push({
      exhaustive_latency_ms: exhaustive,
      // CPU time of this process per search: what a quiet machine's latency would be, whatever the load.
      cpu_ms: summarize(cpu),
      exhaustive_cpu_ms: summarize(exhaustiveCpu),
      reader: reader.name,
      documents_readable: reader.share,
      latency_ms: latency,
      mean_hits: round(hits / queries.length, 2),
      unreadable_hits: unreadable,
      p50_over_floor: round(latency.p50 / floorSummary.p50, 2),
      p99_over_floor: round(latency.p99 / floorSummary.p99, 2),
    });
  }
  await store.close();
  return {
    label: process.env.SEAM_BENCH_LABEL ?? 'current',
    generated_at: new Date().toISOString(),
    machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown' },
    corpus: { documents: documents.length, chunks: corpus.chunkCount, import_seconds: round(importMs / 1000, 1) },
    queries: { count: queries.length, matching_chunks: summarize(matches) },
    floor_fts5_top10_ms: floorSummary,
    readers: results,
  };
}

const targetChunks = Number(process.env.SEAM_BENCH_CHUNKS ?? 100_000);
if (!Number.isInteger(targetChunks) || targetChunks < 100) {
  throw new Error(`SEAM_BENCH_CHUNKS must be an integer of at least 100, got '${process.env.SEAM_BENCH_CHUNKS}'`);
}
const directory = mkdtempSync(join(tmpdir(), 'seam-access-bench-'));
try {
  const results = await runAccessBench({ targetChunks, path: join(directory, 'seam.db') });
  log(`\n${results.label}: ${results.corpus.chunks} chunks, ${results.corpus.documents} documents`);
  log(
    `matching chunks per query: p50 ${results.queries.matching_chunks.p50}, p99 ${results.queries.matching_chunks.p99}`,
  );
  log(`floor (bare FTS5 top 10): p50 ${results.floor_fts5_top10_ms.p50} ms, p99 ${results.floor_fts5_top10_ms.p99} ms`);
  log(
    `load average ${loadavg()
      .map((value) => value.toFixed(1))
      .join(' ')} at the end`,
  );
  log(
    'reader        readable   p50 ms   p99 ms   p50/floor  p99/floor  hits  unreadable  exhaustive p50/p99 ms  CPU p50/p99 ms  exhaustive CPU p50/p99 ms',
  );
  for (const row of results.readers) {
    log(
      [
        row.reader.padEnd(13),
        row.documents_readable.padEnd(10),
        String(row.latency_ms.p50).padStart(6),
        String(row.latency_ms.p99).padStart(8),
        String(row.p50_over_floor).padStart(10),
        String(row.p99_over_floor).padStart(10),
        String(row.mean_hits).padStart(5),
        String(row.unreadable_hits).padStart(11),
        `  ${row.exhaustive_latency_ms.p50} / ${row.exhaustive_latency_ms.p99}`.padEnd(24),
        `${row.cpu_ms.p50} / ${row.cpu_ms.p99}`.padEnd(15),
        `${row.exhaustive_cpu_ms.p50} / ${row.exhaustive_cpu_ms.p99}`,
      ].join(' '),
    );
  }
  saveResults(`access-bench-${results.label}`, results);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
