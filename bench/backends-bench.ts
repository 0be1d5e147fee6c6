import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { operator } from '../src/access.js';
import { openPostgresStore } from '../src/store/postgres/postgres-store.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { postgresBin, startPostgres } from '../test/helpers/postgres.js';
import {
  type BackendUnderTest,
  editToVisible,
  importInto,
  searchBoth,
  shareReaders,
  topOverlap,
  withTeamAcls,
} from './backend-measure.js';
import { generateCorpus, generateQueries, planEdits } from './corpus.js';
import { round, type Summary, saveResults } from './stats.js';

/**
 * `npm run bench:backends`: the SQLite and PostgreSQL stores side by side in one run, on the same corpus
 * (`SEAM_BENCH_CHUNKS`, default 100,000 chunks), each document restricted to one of 100 teams. Both are
 * durable (PostgreSQL with fsync on, SQLite in WAL mode). Prints ratios PostgreSQL / SQLite.
 */

const seed = 42;
const log = (line = '') => console.log(line);
const targetChunks = Number(process.env.SEAM_BENCH_CHUNKS ?? 100_000);
const queryCount = Number(process.env.SEAM_BENCH_QUERIES ?? 300);
const bin = postgresBin();
if (!bin) {
  log('backends bench skipped: no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)');
  process.exit(0);
}

const directory = mkdtempSync(join(tmpdir(), 'seam-backends-'));
const server = await startPostgres(bin, { durable: true });
const backends: BackendUnderTest[] = [];
// An interrupted run must not leave its PostgreSQL server behind.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.stop();
    rmSync(directory, { recursive: true, force: true });
    process.exit(130);
  });
}
try {
  log(`Generating a corpus of about ${targetChunks} chunks (seed ${seed})...`);
  const corpus = withTeamAcls(generateCorpus({ targetChunks, seed }));
  const queries = generateQueries({ count: queryCount, seed: seed + 1 });
  const edits = planEdits(corpus, { count: 30, seed: seed + 2 });
  const readers = shareReaders();
  backends.push(
    { name: 'sqlite', store: openSqliteStore({ path: join(directory, 'seam.db') }) },
    { name: 'postgres', store: await openPostgresStore({ url: server.url }) },
  );

  const imports: Record<string, Awaited<ReturnType<typeof importInto>>> = {};
  for (const backend of backends) {
    log(`${backend.name}: importing ${corpus.documents.length} documents...`);
    imports[backend.name] = await importInto(backend, corpus, 500);
  }
  log('Searching (each query on both backends, back to back)...');
  const at = new Date().toISOString();
  const searched = await searchBoth({ backends, readers, queries, at, warmup: 20 });
  const overlap = Object.fromEntries(
    readers.map((reader) => [
      reader.label,
      topOverlap(
        searched.tops.get(`sqlite ${reader.label}`) ?? [],
        searched.tops.get(`postgres ${reader.label}`) ?? [],
      ),
    ]),
  );
  const editFigures: Record<string, Awaited<ReturnType<typeof editToVisible>>> = {};
  for (const backend of backends) {
    log(`${backend.name}: edit to visible...`);
    const reader = readers[0]?.reader ?? operator;
    editFigures[backend.name] = await editToVisible({ backend, edits, reader });
  }

  const results = {
    generated_at: new Date().toISOString(),
    machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown' },
    corpus: {
      documents: corpus.documents.length,
      chunks: corpus.chunkCount,
      markdown_mb: round(corpus.bytes / 2 ** 20, 1),
    },
    config: {
      queries: queries.length,
      warmup: 20,
      edits: edits.length,
      batch_size: 500,
      postgres: 'fsync on, local socket over TCP 127.0.0.1',
    },
    import: imports,
    search: searched.latency,
    top10_overlap_sqlite_vs_postgres: overlap,
    edit_to_visible: editFigures,
  };
  printReport(results);
  saveResults('backends-bench', results);
} finally {
  for (const backend of backends) await backend.store.close();
  server.stop();
  rmSync(directory, { recursive: true, force: true });
}

function printReport(results: {
  corpus: { documents: number; chunks: number; markdown_mb: number };
  import: Record<string, { seconds: number; docs_per_second: number; chunks_per_second: number }>;
  search: Record<string, Record<string, Summary & { empty: number }>>;
  top10_overlap_sqlite_vs_postgres: Record<
    string,
    { queries: number; mean_top10_overlap: number; same_first_hit: number }
  >;
  edit_to_visible: Record<string, { total_ms: Summary; not_visible: number; stale_hits: number }>;
}): void {
  const { sqlite, postgres } = { sqlite: 'sqlite', postgres: 'postgres' };
  const ratio = (a: number | undefined, b: number | undefined) => (a && b ? round(a / b, 2) : 'n/a');
  log();
  log(
    `Corpus: ${results.corpus.documents} documents, ${results.corpus.chunks} chunks, ${results.corpus.markdown_mb} MB`,
  );
  log();
  log('Import (putMany, batches of 500)          sqlite      postgres   postgres/sqlite');
  const importOf = (name: string) => results.import[name];
  log(
    `  chunks/s                             ${String(importOf(sqlite)?.chunks_per_second).padStart(10)}  ${String(importOf(postgres)?.chunks_per_second).padStart(12)}   ${ratio(importOf(postgres)?.chunks_per_second, importOf(sqlite)?.chunks_per_second)}`,
  );
  log(
    `  seconds                              ${String(importOf(sqlite)?.seconds).padStart(10)}  ${String(importOf(postgres)?.seconds).padStart(12)}`,
  );
  log();
  log('Search, k=10 (ms)        sqlite p50   p99    postgres p50   p99    ratio p50  p99   empty (s/p)');
  for (const share of Object.keys(results.search[sqlite] ?? {})) {
    const a = results.search[sqlite]?.[share];
    const b = results.search[postgres]?.[share];
    log(
      `  reader allowed ${share.padEnd(5)}  ${a?.p50.toFixed(2).padStart(8)} ${a?.p99.toFixed(2).padStart(6)}   ${b?.p50.toFixed(2).padStart(10)} ${b?.p99.toFixed(2).padStart(6)}    ${String(ratio(b?.p50, a?.p50)).padStart(5)} ${String(ratio(b?.p99, a?.p99)).padStart(5)}   ${a?.empty}/${b?.empty}`,
    );
  }
  log();
  log('Top-10 overlap, SQLite vs PostgreSQL (same passages / 10; same first hit)');
  for (const [share, figures] of Object.entries(results.top10_overlap_sqlite_vs_postgres)) {
    log(
      `  reader allowed ${share.padEnd(5)}  overlap ${figures.mean_top10_overlap}  same first hit ${figures.same_first_hit}  (${figures.queries} queries)`,
    );
  }
  log();
  log('Edit to visible (put + searches until the new text is the top hit), ms');
  for (const name of [sqlite, postgres]) {
    const figures = results.edit_to_visible[name];
    log(
      `  ${name.padEnd(9)} p50 ${figures?.total_ms.p50.toFixed(2)}  p99 ${figures?.total_ms.p99.toFixed(2)}  not visible ${figures?.not_visible}  stale hits ${figures?.stale_hits}`,
    );
  }
  log(
    `  ratio p50 postgres/sqlite: ${ratio(results.edit_to_visible[postgres]?.total_ms.p50, results.edit_to_visible[sqlite]?.total_ms.p50)}`,
  );
}
