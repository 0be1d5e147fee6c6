import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { chunkGrants, operator } from '../src/access.js';
import { chunkMarkdown } from '../src/documents/chunk-markdown.js';
import { chunkTerms } from '../src/store/bm25-terms.js';
import { scopeText } from '../src/store/sqlite/fts-scope.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { generateCorpus, planEdits } from './corpus.js';
import { round, saveResults, summarize } from './stats.js';

/**
 * `npm run bench:writes`: what a write costs the SQLite store, in CPU time of this process (the machine's
 * load inflates wall time, not this), against the floor measured in the same run: the same chunks
 * inserted into a bare `chunks` table and FTS5 table with the store's tokenizer and options, in the same
 * transactions. The store writes far more than that (versions, access rows, served intervals, the
 * search's posting lists), so `store / FTS5` is the whole write path's cost over the full-text index's.
 *
 * - import: the generated corpus (`SEAM_BENCH_CHUNKS`, default 10,000) in `putMany` batches of
 *   `SEAM_BENCH_BATCH` documents (default 100), then one document per transaction for a tenth of it;
 * - edit: 50 one-document edits (a section's text changed: a new version, the old one's chunks deleted);
 * - tokenize: `chunkTerms` over every chunk once (what computing postings from text costs).
 */

const targetChunks = Number(process.env.SEAM_BENCH_CHUNKS ?? 10_000);
const batchSize = Number(process.env.SEAM_BENCH_BATCH ?? 100);
const log = (line: string) => console.log(line);

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
function cpu(work: () => void): number {
  const start = cpuMs();
  work();
  return cpuMs() - start;
}
async function cpuAsync(work: () => Promise<unknown>): Promise<number> {
  const start = cpuMs();
  await work();
  return cpuMs() - start;
}

const bareSchema = `
CREATE TABLE chunks (id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, ordinal INTEGER NOT NULL, heading_path TEXT NOT NULL, text TEXT NOT NULL);
CREATE INDEX chunks_doc ON chunks(doc_id);
CREATE VIRTUAL TABLE chunks_fts USING fts5(title, headings, body, scope, content = '', contentless_delete = 1,
  tokenize = 'porter unicode61 remove_diacritics 2');
INSERT INTO chunks_fts(chunks_fts, rank) VALUES ('secure-delete', 1);`;

/** The floor: chunk rows and FTS5 rows only, as `indexing.ts` writes them. */
function bareStore(path: string) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(bareSchema);
  const insertChunk = db.prepare('INSERT INTO chunks (doc_id, ordinal, heading_path, text) VALUES (?, ?, ?, ?)');
  const insertFts = db.prepare('INSERT INTO chunks_fts (rowid, title, headings, body, scope) VALUES (?, ?, ?, ?, ?)');
  const deleteFts = db.prepare('DELETE FROM chunks_fts WHERE rowid IN (SELECT id FROM chunks WHERE doc_id = ?)');
  const deleteChunks = db.prepare('DELETE FROM chunks WHERE doc_id = ?');
  const put = (document: {
    id: string;
    title: string;
    body: string;
    collection: string;
    acl: readonly string[] | null;
  }) => {
    const grants = chunkGrants(document.acl ? [...document.acl] : null, false);
    const scope = scopeText({ grants, collection: document.collection });
    chunkMarkdown(document.body).forEach((chunk, ordinal) => {
      const { lastInsertRowid } = insertChunk.run(document.id, ordinal, JSON.stringify(chunk.headingPath), chunk.text);
      insertFts.run(lastInsertRowid, document.title, chunk.headingPath.join(' / '), chunk.text, scope);
    });
  };
  return {
    db,
    putMany: db.transaction((documents: Parameters<typeof put>[0][]) => documents.forEach(put)),
    replace: db.transaction((document: Parameters<typeof put>[0]) => {
      deleteFts.run(document.id);
      deleteChunks.run(document.id);
      put(document);
    }),
  };
}

async function main() {
  const corpus = generateCorpus({ targetChunks, seed: 42 });
  const documents = corpus.documents.map((document) => document.input);
  const edits = planEdits(corpus, { count: 50, seed: 44 });
  const singles = Math.max(1, Math.floor(documents.length / 10));
  const batched = documents.slice(0, documents.length - singles);
  log(`${corpus.chunkCount} chunks in ${documents.length} documents; batches of ${batchSize}; ${singles} alone`);
  const dir = mkdtempSync(join(tmpdir(), 'seam-write-bench-'));
  try {
    const batches = <T>(items: readonly T[]) =>
      Array.from({ length: Math.ceil(items.length / batchSize) }, (_, index) =>
        items.slice(index * batchSize, (index + 1) * batchSize),
      );

    const bare = bareStore(join(dir, 'bare.db'));
    const bareImport = cpu(() => {
      for (const batch of batches(batched)) bare.putMany(batch);
    });
    const bareSingles = cpu(() => {
      for (const document of documents.slice(-singles)) bare.putMany([document]);
    });
    const bareEdits = edits.map((edit) => {
      const document = documents.find((candidate) => candidate.id === edit.id);
      return cpu(() => bare.replace({ ...(document as (typeof documents)[number]), body: edit.body }));
    });
    bare.db.close();

    const storePath = join(dir, 'seam.db');
    const store = openSqliteStore({ path: storePath });
    const options = { reader: operator, author: 'bench', message: 'bench' };
    let storeImport = 0;
    for (const batch of batches(batched)) storeImport += await cpuAsync(() => store.putMany(batch, options));
    let storeSingles = 0;
    for (const document of documents.slice(-singles))
      storeSingles += await cpuAsync(() => store.put(document, options));
    const storeEdits: number[] = [];
    for (const edit of edits) {
      const document = documents.find((candidate) => candidate.id === edit.id);
      storeEdits.push(
        await cpuAsync(() => store.put({ ...(document as (typeof documents)[number]), body: edit.body }, options)),
      );
    }
    await store.close();

    const chunks = corpus.documents.flatMap((document) =>
      document.chunks.map((chunk) => ({ ...chunk, title: document.input.title })),
    );
    const tokenize = cpu(() => chunkTerms(chunks));

    const size = (name: string) => round(statSync(join(dir, name)).size / 2 ** 20, 1);
    const figures = {
      chunks: corpus.chunkCount,
      documents: documents.length,
      batch_documents: batchSize,
      import_batched_cpu_ms: { store: round(storeImport, 0), fts5_floor: round(bareImport, 0) },
      import_one_per_transaction_cpu_ms: { store: round(storeSingles, 0), fts5_floor: round(bareSingles, 0) },
      edit_cpu_ms: { store: summarize(storeEdits), fts5_floor: summarize(bareEdits) },
      tokenize_every_chunk_cpu_ms: round(tokenize, 0),
      file_mb: { store: size('seam.db'), fts5_floor: size('bare.db') },
    };
    const ratio = (store: number, floor: number) => `${round(store / floor, 1)}×`;
    log(
      `import, batches of ${batchSize}: store ${figures.import_batched_cpu_ms.store} ms CPU, FTS5 floor ${figures.import_batched_cpu_ms.fts5_floor} ms (${ratio(storeImport, bareImport)})`,
    );
    log(
      `import, ${singles} documents one per transaction: store ${figures.import_one_per_transaction_cpu_ms.store} ms, floor ${figures.import_one_per_transaction_cpu_ms.fts5_floor} ms (${ratio(storeSingles, bareSingles)})`,
    );
    log(
      `one-document edit: store p50 ${figures.edit_cpu_ms.store.p50} / p99 ${figures.edit_cpu_ms.store.p99} ms CPU, floor p50 ${figures.edit_cpu_ms.fts5_floor.p50} / p99 ${figures.edit_cpu_ms.fts5_floor.p99} ms`,
    );
    log(`tokenizing every chunk once: ${figures.tokenize_every_chunk_cpu_ms} ms CPU`);
    log(`file: store ${figures.file_mb.store} MB, floor ${figures.file_mb.fts5_floor} MB`);
    saveResults('write-cost', figures);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
