import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import pg from 'pg';
import { operator } from '../src/access.js';
import type { DocumentInput, KnowledgeStore } from '../src/store/knowledge-store.js';
import { openPostgresStore } from '../src/store/postgres/postgres-store.js';
import { createSchema, postgresBin, startPostgres } from '../test/helpers/postgres.js';
import { generateCorpus, planEdits } from './corpus.js';
import { round, saveResults, summarize } from './stats.js';

/**
 * `npm run bench:pg-writes`: what keeping the posting blocks (migration 8) costs PostgreSQL's writes, against
 * the same store without them, in the same run: two schemas on one server, every write done on one then the
 * other, back to back, so both see the same load.
 *
 * - import: the generated corpus (`SEAM_BENCH_CHUNKS`, default 10,000) in `putMany` batches of
 *   `SEAM_BENCH_BATCH` documents (default 100);
 * - edit: 50 one-document edits (a new version; the old one's chunks and postings deleted);
 * - delete: 30 documents removed.
 *
 * CPU time is this process's plus the store's server backend's (`/proc/<pid>/schedstat`; the store runs one
 * connection), so the figure is the write's cost to the machine whatever else runs on it; wall time is also
 * printed. "Without" is the store opened with `postingBlocks: false` and the removal trigger dropped.
 */

const targetChunks = Number(process.env.SEAM_BENCH_CHUNKS ?? 10_000);
const batchSize = Number(process.env.SEAM_BENCH_BATCH ?? 100);
const log = (line = '') => console.log(line);

const bin = postgresBin();
if (!bin) {
  log('postgres writes bench skipped: no PostgreSQL server binaries under /usr/lib/postgresql');
  process.exit(0);
}

interface Side {
  name: 'blocks' | 'without';
  store: KnowledgeStore;
  url: string;
  /** The server backend serving the store's one connection. */
  backend: () => Promise<number>;
}

async function measure(side: Side, work: () => Promise<unknown>): Promise<{ cpu: number; wall: number }> {
  // The pool closes an idle connection: touch it first, so the backend found is the one the write uses.
  await side.store.getPrincipal('nobody');
  const pid = await side.backend();
  const serverNs = () => Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
  const node = process.cpuUsage();
  const server = serverNs();
  const start = performance.now();
  await work();
  const wall = performance.now() - start;
  const used = process.cpuUsage(node);
  return { cpu: (used.user + used.system) / 1000 + (serverNs() - server) / 1e6, wall };
}

const server = await startPostgres(bin, { durable: true });
const watcher = new pg.Client({ connectionString: server.url });
try {
  await watcher.connect();
  const sides: Side[] = [];
  for (const name of ['blocks', 'without'] as const) {
    const application = `seam-bench-${name}`;
    // The URL's application_name names the store's connection, to find its server backend.
    const url = `${await createSchema(server.url, `writes_${name}`)}&application_name=${application}`;
    const store = await openPostgresStore({ url, poolSize: 1, postingBlocks: name === 'blocks' });
    if (name === 'without') {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query('DROP TRIGGER seam_postings_blocks_removed ON seam_postings');
      await client.end();
    }
    sides.push({
      name,
      store,
      url,
      backend: async () => {
        const { rows } = await watcher.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND backend_type = 'client backend'",
          [application],
        );
        if (rows.length !== 1) throw new Error(`expected one connection named ${application}, found ${rows.length}`);
        return (rows[0] as { pid: number }).pid;
      },
    });
  }

  const corpus = generateCorpus({ targetChunks, seed: 42 });
  const documents = corpus.documents.map((document) => document.input);
  const edits = planEdits(corpus, { count: 50, seed: 44 });
  log(`${corpus.chunkCount} chunks in ${documents.length} documents; batches of ${batchSize}`);
  const load = { before: loadavg().map((value) => round(value, 1)) };
  const options = { reader: operator, author: 'bench', message: 'bench' };
  const totals = new Map<string, { cpu: number; wall: number }>();
  const series = new Map<string, { cpu: number[]; wall: number[] }>();
  const add = (key: string, figures: { cpu: number; wall: number }) => {
    const total = totals.get(key) ?? { cpu: 0, wall: 0 };
    totals.set(key, { cpu: total.cpu + figures.cpu, wall: total.wall + figures.wall });
    const list = series.get(key) ?? { cpu: [], wall: [] };
    list.cpu.push(figures.cpu);
    list.wall.push(figures.wall);
    series.set(key, list);
  };

  for (let start = 0; start < documents.length; start += batchSize) {
    const batch = documents.slice(start, start + batchSize);
    for (const side of sides) add(`${side.name} import`, await measure(side, () => side.store.putMany(batch, options)));
  }
  for (const edit of edits) {
    const document = documents.find((candidate) => candidate.id === edit.id) as DocumentInput;
    for (const side of sides)
      add(`${side.name} edit`, await measure(side, () => side.store.put({ ...document, body: edit.body }, options)));
  }
  const removed = documents.filter((document) => !edits.some((edit) => edit.id === document.id)).slice(0, 30);
  for (const document of removed) {
    for (const side of sides)
      add(`${side.name} delete`, await measure(side, () => side.store.remove(document.id, { reader: operator })));
  }

  const sizes: Record<string, number> = {};
  for (const table of ['seam_postings', 'seam_posting_blocks']) {
    const { rows } = await watcher.query<{ bytes: string }>('SELECT pg_total_relation_size($1::regclass) AS bytes', [
      `writes_blocks.${table}`,
    ]);
    sizes[table] = round(Number(rows[0]?.bytes ?? 0) / 2 ** 20, 1);
  }
  const figure = (key: string) => ({
    total_cpu_ms: round(totals.get(key)?.cpu ?? 0, 0),
    total_wall_ms: round(totals.get(key)?.wall ?? 0, 0),
    cpu_ms: summarize(series.get(key)?.cpu ?? []),
    wall_ms: summarize(series.get(key)?.wall ?? []),
  });
  const results = {
    chunks: corpus.chunkCount,
    documents: documents.length,
    batch_documents: batchSize,
    load_average: { ...load, after: loadavg().map((value) => round(value, 1)) },
    import: { blocks: figure('blocks import'), without: figure('without import') },
    edit: { blocks: figure('blocks edit'), without: figure('without edit') },
    delete: { blocks: figure('blocks delete'), without: figure('without delete') },
    table_mb: sizes,
  };
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  log(`load average before ${results.load_average.before.join(' ')}, after ${results.load_average.after.join(' ')}`);
  const { import: imported, edit, delete: deleted } = results;
  log(
    `import, batches of ${batchSize}: with blocks ${imported.blocks.total_cpu_ms} ms CPU (${imported.blocks.total_wall_ms} ms wall), without ${imported.without.total_cpu_ms} ms CPU (${imported.without.total_wall_ms} ms wall): ${ratio(imported.blocks.total_cpu_ms, imported.without.total_cpu_ms)} CPU`,
  );
  for (const [label, entry] of [
    ['one-document edit', edit],
    ['delete', deleted],
  ] as const) {
    log(
      `${label}: with blocks CPU p50 ${entry.blocks.cpu_ms.p50} / p99 ${entry.blocks.cpu_ms.p99} ms (wall ${entry.blocks.wall_ms.p50} / ${entry.blocks.wall_ms.p99}), without ${entry.without.cpu_ms.p50} / ${entry.without.cpu_ms.p99} ms (wall ${entry.without.wall_ms.p50} / ${entry.without.wall_ms.p99}): ${ratio(entry.blocks.cpu_ms.p50, entry.without.cpu_ms.p50)} CPU p50`,
    );
  }
  log(`tables: seam_postings ${sizes.seam_postings} MB, seam_posting_blocks ${sizes.seam_posting_blocks} MB`);
  saveResults('postgres-writes', results);
  for (const side of sides) await side.store.close();
} finally {
  await watcher.end().catch(() => undefined);
  server.stop();
}
