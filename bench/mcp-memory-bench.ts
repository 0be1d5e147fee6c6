import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { operator } from '../src/access.js';
import { plainDocument } from '../src/documents/convert/convert.js';
import { startServer } from '../src/server/serve.js';
import { createServices } from '../src/server/services.js';
import { createToken } from '../src/server/tokens.js';
import type { DocumentInput } from '../src/store/knowledge-store.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { generateCorpus, generateQueries } from './corpus.js';
import { memory, round, saveResults } from './stats.js';

/**
 * `npm run bench:mcp`: does `/mcp` keep memory it should let go? The server runs in this process; a client
 * in another process sends stateless Streamable HTTP calls (tools/list, search, get_document, ask in turn),
 * and after every round this process's heap and RSS are read after a full collection. The same rounds of
 * `GET /v1/search` (which the issue found flat) run first as the reference. Documents and queries are
 * BEIR SciFact's (read in place from ../shared/data, or SEAM_SHARED_DATA); without them, the generated corpus.
 * SEAM_BENCH_MCP_ROUNDS (default 6) rounds of SEAM_BENCH_MCP_CALLS (default 2000) calls each.
 */

const log = (line = '') => console.log(line);
const rounds = Number(process.env.SEAM_BENCH_MCP_ROUNDS ?? 6);
const callsPerRound = Number(process.env.SEAM_BENCH_MCP_CALLS ?? 2000);
const concurrency = 4;
const shared = process.env.SEAM_SHARED_DATA ?? fileURLToPath(new URL('../../shared/data/', import.meta.url));
const scifact = join(shared, 'beir-scifact');

function scifactMaterial(limit: number): { documents: DocumentInput[]; queries: string[] } | undefined {
  if (!existsSync(join(scifact, 'corpus.jsonl'))) return undefined;
  const lines = readFileSync(join(scifact, 'corpus.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, limit);
  const documents = lines.map((line) => {
    const { _id, title, text } = JSON.parse(line) as { _id: string; title: string; text: string };
    return document(`scifact-${_id}`, title, text);
  });
  const queries = readFileSync(join(scifact, 'queries.dev.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { text: string }).text);
  return { documents, queries };
}

function document(id: string, title: string, body: string): DocumentInput {
  return plainDocument({ id, title, body: `# ${title}\n\n${body}\n` });
}

const directory = mkdtempSync(join(tmpdir(), 'seam-mcp-bench-'));
const client = fork(fileURLToPath(new URL('./mcp-memory-client.ts', import.meta.url)), [], {
  execArgv: ['--import', 'tsx'],
});
try {
  const real = scifactMaterial(2000);
  const material = real ?? {
    documents: generateCorpus({ targetChunks: 4000, seed: 42 }).documents.map((entry) => entry.input),
    queries: generateQueries({ count: 300, seed: 43 }).map((query) => query.text),
  };
  log(
    real
      ? `BEIR SciFact: ${material.documents.length} abstracts, ${material.queries.length} dev queries`
      : `${scifact} is absent (see ../shared/data/README.md): generated corpus instead`,
  );
  const store = openSqliteStore({ path: join(directory, 'seam.db') });
  await store.putMany(material.documents, { reader: operator, author: 'bench' });
  await store.putPrincipal({ id: 'reader', roles: ['support'] });
  const { token } = await createToken({ store, principal: 'reader', now: new Date() });
  const server = await startServer({ services: createServices({ store, env: {} }), host: '127.0.0.1', port: 0 });

  const run = (kind: 'mcp' | 'rest', calls: number) =>
    new Promise<number>((resolve) => {
      client.once('message', (message) => resolve((message as { failures: number }).failures));
      client.send({
        url: server.url,
        token,
        kind,
        calls,
        concurrency,
        queries: material.queries,
        documentIds: material.documents.slice(0, 200).map((entry) => entry.id),
      });
    });

  const results: Record<string, unknown> = {};
  for (const kind of ['rest', 'mcp'] as const) {
    await run(kind, callsPerRound); // warm up (one round, not counted): prepared statements, lazy imports, the JIT
    const samples = [{ calls: 0, failures: 0, ...memory() }];
    for (let round = 1; round <= rounds; round++) {
      const failures = await run(kind, callsPerRound);
      samples.push({ calls: round * callsPerRound, failures, ...memory() });
    }
    const first = samples[0] as (typeof samples)[number];
    const last = samples.at(-1) as (typeof samples)[number];
    const growth = {
      heap_mb: round(last.heap_used_mb - first.heap_used_mb, 1),
      rss_mb: round(last.rss_mb - first.rss_mb, 1),
      heap_kb_per_1000_calls: round(((last.heap_used_mb - first.heap_used_mb) * 1024 * 1000) / last.calls, 1),
    };
    log(`\n${kind === 'mcp' ? 'POST /mcp (list, search, get_document, ask)' : 'GET /v1/search (reference)'}`);
    log('   calls  failures  heap MB   RSS MB');
    for (const sample of samples) {
      log(
        `${String(sample.calls).padStart(8)} ${String(sample.failures).padStart(9)} ${sample.heap_used_mb.toFixed(1).padStart(8)} ${sample.rss_mb.toFixed(1).padStart(8)}`,
      );
    }
    log(
      `heap ${growth.heap_mb >= 0 ? '+' : ''}${growth.heap_mb} MB (${growth.heap_kb_per_1000_calls} KB per 1,000 calls), RSS ${growth.rss_mb >= 0 ? '+' : ''}${growth.rss_mb} MB`,
    );
    results[kind] = { samples, growth };
  }
  await server.close();
  await store.close();
  saveResults('mcp-memory-bench', {
    generated_at: new Date().toISOString(),
    machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown' },
    material: real ? 'beir-scifact' : 'generated',
    documents: material.documents.length,
    rounds,
    calls_per_round: callsPerRound,
    concurrency,
    results,
  });
} finally {
  client.kill();
  rmSync(directory, { recursive: true, force: true });
}
