import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { operator } from '../src/access.js';
import type { KnowledgeStore } from '../src/store/knowledge-store.js';
import { openPostgresStore } from '../src/store/postgres/postgres-store.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { createSchema, postgresBin, startPostgres } from '../test/helpers/postgres.js';
import {
  type BackendUnderTest,
  editToVisible,
  importInto,
  searchBoth,
  shareReaders,
  topOverlap,
  withTeamAcls,
} from './backend-measure.js';
import { printBackendsReport } from './backends-report.js';
import { generateCorpus, generateQueries, planEdits } from './corpus.js';
import { compareSearchModes } from './postgres-search-measure.js';
import {
  documentOverlap,
  evaluateSciFact,
  importSciFact,
  loadSciFact,
  sciFactFolder,
  sciFactPresent,
} from './scifact.js';
import { round, saveResults } from './stats.js';

/**
 * `npm run bench:backends`: the SQLite and PostgreSQL stores side by side in one run. First retrieval quality
 * on BEIR SciFact's dev split (nDCG@10, recall@100, top-10 overlap; skipped when the data is absent), then,
 * on generated corpora of each size in `SEAM_BENCH_SIZES` (default 5,000 and 100,000 chunks, each document
 * restricted to one of 100 teams): import, search p50/p99 for readers allowed 100%, 10% and 1% of the
 * chunks, top-10 overlap and edit-to-visible. Both stores are durable (PostgreSQL with fsync on, SQLite in
 * WAL mode).
 */

const seed = 42;
const log = (line = '') => console.log(line);
const sizes = (process.env.SEAM_BENCH_SIZES ?? process.env.SEAM_BENCH_CHUNKS ?? '5000,100000')
  .split(',')
  .map((size) => Number(size.trim()));
if (sizes.some((size) => !Number.isInteger(size) || size < 100)) {
  throw new Error(`SEAM_BENCH_SIZES must list integers of at least 100, got '${sizes.join(',')}'`);
}
const queryCount = Number(process.env.SEAM_BENCH_QUERIES ?? 300);
const bin = postgresBin();
if (!bin) {
  log('backends bench skipped: no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)');
  process.exit(0);
}

const directory = mkdtempSync(join(tmpdir(), 'seam-backends-'));
const server = await startPostgres(bin, { durable: true });
const opened: KnowledgeStore[] = [];
// An interrupted run must not leave its PostgreSQL server behind.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.stop();
    rmSync(directory, { recursive: true, force: true });
    process.exit(130);
  });
}
let schemas = 0;
/** The newest PostgreSQL store's URL. */
let postgresUrl = '';
/** A fresh pair of stores: a SQLite file and a PostgreSQL schema of their own. */
async function freshBackends(label: string): Promise<BackendUnderTest[]> {
  const sqlite = openSqliteStore({ path: join(directory, `${label}.db`) });
  postgresUrl = await createSchema(server.url, `bench_${schemas++}`);
  const postgres = await openPostgresStore({ url: postgresUrl });
  opened.push(sqlite, postgres);
  return [
    { name: 'sqlite', store: sqlite },
    { name: 'postgres', store: postgres },
  ];
}

try {
  const load = { before: loadavg().map((value) => round(value, 1)) };
  let quality: Record<string, unknown> | string;
  if (sciFactPresent()) {
    const data = loadSciFact(directory);
    log(`SciFact: ${data.documents} abstracts, ${data.queries.length} dev queries with judgements`);
    const figures: Record<string, Awaited<ReturnType<typeof evaluateSciFact>> & { import_seconds: number }> = {};
    for (const backend of await freshBackends('scifact')) {
      log(`${backend.name}: importing SciFact and running its queries...`);
      const seconds = await importSciFact(backend.store, data);
      figures[backend.name] = { ...(await evaluateSciFact(backend.store, data)), import_seconds: seconds };
    }
    const overlap = documentOverlap(figures.sqlite?.rankings ?? [], figures.postgres?.rankings ?? []);
    quality = Object.fromEntries([
      ...Object.entries(figures).map(([name, entry]) => {
        const { rankings: _rankings, ...rest } = entry;
        return [name, rest];
      }),
      ['top10_document_overlap', overlap],
    ]);
  } else {
    quality = `skipped: no SciFact data at ${sciFactFolder} (set SEAM_SCIFACT to its folder)`;
    log(`SciFact ${quality}`);
  }

  const scales: Record<string, unknown>[] = [];
  for (const targetChunks of sizes) {
    log(`Generating a corpus of about ${targetChunks} chunks (seed ${seed})...`);
    const corpus = withTeamAcls(generateCorpus({ targetChunks, seed }));
    const queries = generateQueries({ count: queryCount, seed: seed + 1 });
    const edits = planEdits(corpus, { count: 30, seed: seed + 2 });
    const readers = shareReaders();
    const backends = await freshBackends(`corpus-${targetChunks}`);
    const imports: Record<string, Awaited<ReturnType<typeof importInto>>> = {};
    for (const backend of backends) {
      log(`${backend.name}: importing ${corpus.documents.length} documents...`);
      imports[backend.name] = await importInto(backend, corpus, 500);
    }
    log('Searching (each query on both backends, back to back)...');
    const at = new Date().toISOString();
    const searched = await searchBoth({ backends, readers, queries, at, warmup: 20 });
    log('PostgreSQL: its search over the posting blocks against the exhaustive SQL ranking, back to back...');
    const postgresModes = await compareSearchModes({
      url: postgresUrl,
      readers: [{ label: 'operator', share: 1, reader: operator }, ...readers],
      queries,
      at,
      warmup: 20,
    });
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
      editFigures[backend.name] = await editToVisible({ backend, edits, reader: readers[0]?.reader ?? operator });
    }
    scales.push({
      corpus: {
        documents: corpus.documents.length,
        chunks: corpus.chunkCount,
        markdown_mb: round(corpus.bytes / 2 ** 20, 1),
      },
      import: imports,
      search: searched.latency,
      postgres_blocks_vs_sql: postgresModes,
      top10_overlap_sqlite_vs_postgres: overlap,
      edit_to_visible: editFigures,
    });
    for (const backend of backends) await backend.store.close();
    opened.length = 0;
  }

  const results = {
    generated_at: new Date().toISOString(),
    machine: {
      node: process.version,
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      load_average: { ...load, after: loadavg().map((value) => round(value, 1)) },
    },
    config: { queries: queryCount, warmup: 20, edits: 30, batch_size: 500, postgres: 'fsync on, TCP 127.0.0.1' },
    scifact: quality,
    scales,
  };
  printBackendsReport(results);
  saveResults('backends-bench', results);
} finally {
  for (const store of opened) await store.close();
  server.stop();
  rmSync(directory, { recursive: true, force: true });
}
