import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createToken } from '../src/server/tokens.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { generateCorpus, generateQueries } from './corpus.js';
import {
  cpuMsOf,
  load,
  ownCpuMs,
  probeHealth,
  rssMb,
  type ServerProcess,
  spawnControl,
  spawnServer,
} from './serve-load.js';
import { round, saveResults } from './stats.js';
import { importCorpus } from './store-bench.js';

/**
 * `npm run bench:serve`: `seam serve` under closed-loop clients, on a generated store of 20,000 articles
 * (`SEAM_BENCH_ARTICLES`). The server runs in a process of its own; the clients in this one; `/healthz` is
 * probed every 25 ms from a third. In the same run, two servers on the same file:
 * - `pooled`: what `seam serve` runs (SQLite reads on worker threads, writes on one writer thread);
 * - `in-process`: the store on the event loop, as before.
 * (`SEAM_BENCH_MODES` picks some, e.g. `pooled`.)
 * For each: `GET /v1/search` at concurrency 1, 8, 32 and 128 for `SEAM_BENCH_SECONDS` each (default 10):
 * req/s, p50/p99, and `/healthz` p50/p99 meanwhile; the server's event-loop delay p99
 * (`monitorEventLoopDelay`) and CPU time (every thread), the clients' CPU time, and the load average.
 * A control runs beside it all: a bare `node:http` server in a process of its own (`control-server.ts`),
 * its `/healthz` probed by the same prober in the same ticks, so the server's probe latency can be read
 * against what the machine gives any process at that moment.
 * Before the load, on the idle servers: server CPU per request (the median of three rounds of 1,000 in
 * a row, the kinds taking turns) for `/healthz`, `/readyz`, for a
 * request through the app's middleware (`/v1/documents` without a token: 401), and for the control.
 * Then, on the pooled server, MCP `search` calls from 8 clients for `SEAM_BENCH_MCP_SECONDS` (default 60)
 * with the server's RSS sampled every second.
 */

const log = (line = '') => console.log(line);
const articles = Number(process.env.SEAM_BENCH_ARTICLES ?? 20_000);
const seconds = Number(process.env.SEAM_BENCH_SECONDS ?? 10);
const mcpSeconds = Number(process.env.SEAM_BENCH_MCP_SECONDS ?? 60);
// `SEAM_BENCH_CONCURRENCY=0`: the idle servers' CPU per request only.
const concurrencies = (process.env.SEAM_BENCH_CONCURRENCY ?? '1,8,32,128')
  .split(',')
  .map(Number)
  .filter((concurrency) => concurrency > 0);
const modes = (process.env.SEAM_BENCH_MODES ?? 'pooled,in-process')
  .split(',')
  .filter((mode): mode is 'pooled' | 'in-process' => mode === 'pooled' || mode === 'in-process');
const costRequests = 3000;

const queries = generateQueries({ count: 2000, seed: 43 });
const query = (index: number) => queries[index % queries.length] ?? { text: 'refund', as: 'nobody' as const };

async function prepare(path: string) {
  log(`Generating and importing ${articles} articles...`);
  const corpus = generateCorpus({ targetChunks: articles * 12, seed: 42 });
  const documents = corpus.documents.slice(0, articles);
  const chunkCount = documents.reduce((sum, document) => sum + document.chunks.length, 0);
  const store = openSqliteStore({ path });
  const imported = await importCorpus({
    store,
    path,
    corpus: { documents, chunkCount, bytes: 0 },
    batchSize: 500,
  });
  await store.putPrincipal({ id: 'bea', roles: ['billing'] });
  await store.putPrincipal({ id: 'nobody', roles: [] });
  const tokens = {
    bea: (await createToken({ store, principal: 'bea', now: new Date() })).token,
    nobody: (await createToken({ store, principal: 'nobody', now: new Date() })).token,
  };
  await store.close();
  return { tokens, chunks: imported.indexed_chunks };
}

type Tokens = Awaited<ReturnType<typeof prepare>>['tokens'];

function searchOver(server: ServerProcess, tokens: Tokens) {
  return async (index: number) => {
    const { text, as } = query(index);
    const response = await fetch(`${server.url}/v1/search?q=${encodeURIComponent(text)}&k=5`, {
      headers: { authorization: `Bearer ${tokens[as]}` },
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  };
}

/** Server CPU per request, in µs: `count` requests in a row from this process, on an idle server. */
async function cpuPerRequest(server: ServerProcess, path: string, count: number): Promise<number> {
  const started = cpuMsOf(server.pid);
  for (let index = 0; index < count; index++) {
    const response = await fetch(`${server.url}${path}`);
    await response.arrayBuffer();
  }
  return round(((cpuMsOf(server.pid) - started) * 1000) / count, 0);
}

/** The idle servers' CPU per request: three rounds, each kind in turn, the median round of each. */
async function probeCosts(server: ServerProcess, control: ServerProcess, mode: string) {
  const kinds = {
    healthz_us: [server, '/healthz'],
    readyz_us: [server, '/readyz'],
    through_middleware_401_us: [server, '/v1/documents'],
    control_healthz_us: [control, '/healthz'],
  } as const;
  // Warm each (JIT, connections) before counting.
  for (const [target, path] of Object.values(kinds)) await cpuPerRequest(target, path, 300);
  const rounds: Record<string, number[]> = {};
  for (let pass = 0; pass < 3; pass++) {
    for (const [name, [target, path]] of Object.entries(kinds)) {
      const cost = await cpuPerRequest(target, path, costRequests / 3);
      rounds[name] = [...(rounds[name] ?? []), cost];
    }
  }
  const median = (values: number[] = []) => [...values].sort((a, b) => a - b)[1] ?? 0;
  const costs = {
    healthz_us: median(rounds.healthz_us),
    readyz_us: median(rounds.readyz_us),
    through_middleware_401_us: median(rounds.through_middleware_401_us),
    control_healthz_us: median(rounds.control_healthz_us),
    rounds,
    load_average: round(loadavg()[0] ?? 0, 1),
  };
  log(
    `${mode}: server CPU per request (median of 3 rounds of ${costRequests / 3} in a row, idle): /healthz ${costs.healthz_us} µs, /readyz ${costs.readyz_us} µs, ` +
      `401 through the middleware ${costs.through_middleware_401_us} µs; bare node:http control /healthz ${costs.control_healthz_us} µs (load ${costs.load_average})`,
  );
  return costs;
}

async function searchRuns(server: ServerProcess, control: ServerProcess, tokens: Tokens, mode: string) {
  const search = searchOver(server, tokens);
  for (let index = 0; index < 50; index++) await search(index);
  const runs = [];
  for (const concurrency of concurrencies) {
    const loadBefore = loadavg()[0] ?? 0;
    await Promise.all([server.mark(), control.mark()]);
    const cpu = { server: cpuMsOf(server.pid), control: cpuMsOf(control.pid), client: ownCpuMs() };
    const [figures, [health, controlHealth]] = await Promise.all([
      load(concurrency, seconds, search),
      probeHealth([server.url, control.url], seconds),
    ]);
    const used = {
      server_ms: cpuMsOf(server.pid) - cpu.server,
      control_ms: cpuMsOf(control.pid) - cpu.control,
      client_ms: round(ownCpuMs() - cpu.client, 0),
    };
    const [serverLoop, controlLoop] = await Promise.all([server.sample(), control.sample()]);
    const loadAverage = { before: round(loadBefore, 1), after: round(loadavg()[0] ?? 0, 1) };
    const { latency_ms: latency } = figures;
    const cells = [
      mode.padEnd(11),
      String(concurrency).padStart(4),
      String(figures.requests_per_s).padStart(7),
      String(latency.p50).padStart(8),
      String(latency.p99).padStart(8),
      String(round(latency.p99 / Math.max(latency.p50, 0.001), 1)).padStart(6),
      `${health?.latency_ms.p50}/${health?.latency_ms.p99}`.padStart(14),
      `${controlHealth?.latency_ms.p50}/${controlHealth?.latency_ms.p99}`.padStart(14),
      `${serverLoop.event_loop_delay_ms.p99}/${controlLoop.event_loop_delay_ms.p99}`.padStart(12),
      String(round(used.server_ms / 1000, 1)).padStart(7),
      String(round(used.client_ms / 1000, 1)).padStart(7),
      `${loadAverage.before}-${loadAverage.after}`.padStart(10),
      String(figures.errors).padStart(6),
    ];
    log(cells.join(' '));
    runs.push({
      concurrency,
      search: figures,
      healthz: health,
      control_healthz: controlHealth,
      event_loop_delay_ms: { server: serverLoop.event_loop_delay_ms, control: controlLoop.event_loop_delay_ms },
      cpu_ms: used,
      load_average: loadAverage,
      p99_over_p50: round(latency.p99 / latency.p50, 2),
    });
  }
  return runs;
}

/** MCP `search` from 8 clients for `mcpSeconds`, sampling the server's RSS each second. */
async function mcpRun(server: ServerProcess, tokens: Tokens) {
  const clients = await Promise.all(
    Array.from({ length: 8 }, async (_, index) => {
      const client = new Client({ name: 'seam-serve-bench', version: '1.0.0' });
      const token = index % 2 === 0 ? tokens.nobody : tokens.bea;
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
          requestInit: { headers: { authorization: `Bearer ${token}` } },
        }),
      );
      return client;
    }),
  );
  const rss: number[] = [rssMb(server.pid)];
  const sampler = setInterval(() => rss.push(rssMb(server.pid)), 1000);
  let turn = 0;
  const figures = await load(clients.length, mcpSeconds, async (index) => {
    const client = clients[turn++ % clients.length] as Client;
    const result = await client.callTool({ name: 'search', arguments: { query: query(index).text, k: 5 } });
    if (result.isError) throw new Error('tool error');
  });
  clearInterval(sampler);
  rss.push(rssMb(server.pid));
  await Promise.all(clients.map((client) => client.close()));
  const first = rss[0] ?? 0;
  const last = rss[rss.length - 1] ?? 0;
  // Growth after warm-up: the last sample against the one a tenth of the way in.
  const settled = rss[Math.floor(rss.length / 10)] ?? first;
  return {
    seconds: mcpSeconds,
    calls: figures.requests,
    errors: figures.errors,
    calls_per_s: figures.requests_per_s,
    latency_ms: figures.latency_ms,
    rss_mb: { start: first, after_warmup: settled, end: last, peak: Math.max(...rss), samples: rss },
    rss_growth_after_warmup: round(last / settled - 1, 3),
  };
}

const directory = mkdtempSync(join(tmpdir(), 'seam-serve-bench-'));
try {
  const path = join(directory, 'seam.db');
  const { tokens, chunks } = await prepare(path);
  log(`\n${articles} articles, ${chunks} chunks; ${seconds} s per run; clients and server in separate processes`);
  const results: Record<string, unknown> = {};
  const costs: Record<string, unknown> = {};
  let mcp: Awaited<ReturnType<typeof mcpRun>> | undefined;
  const control = await spawnControl();
  for (const mode of modes) {
    const server = await spawnServer(path, mode);
    try {
      costs[mode] = await probeCosts(server, control, mode);
      log(
        'server      conc   req/s  p50 ms  p99 ms p99/50  healthz p50/99  control p50/99  loop p99 ms  srv CPU s  cli CPU s  load  errors',
      );
      log('                                                     (ms)            (ms)   server/ctl');
      results[mode] = await searchRuns(server, control, tokens, mode);
      if (mode === 'pooled' && mcpSeconds > 0) {
        log(`\nMCP search from 8 clients for ${mcpSeconds} s (pooled server)...`);
        mcp = await mcpRun(server, tokens);
        log(
          `${mcp.calls_per_s} calls/s, p50 ${mcp.latency_ms.p50} ms, p99 ${mcp.latency_ms.p99} ms, ${mcp.errors} errors; ` +
            `RSS ${mcp.rss_mb.start} → ${mcp.rss_mb.after_warmup} (after warm-up) → ${mcp.rss_mb.end} MB, peak ${mcp.rss_mb.peak} MB (${round(mcp.rss_growth_after_warmup * 100, 1)}% after warm-up)\n`,
        );
      }
    } finally {
      await server.stop();
    }
  }
  await control.stop();
  saveResults('serve-bench', {
    generated_at: new Date().toISOString(),
    machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown' },
    articles,
    chunks,
    seconds_per_run: seconds,
    note: 'server, clients, the /healthz prober and a bare node:http control server in four processes; search k=5, queries alternate a public and a billing reader; CPU from /proc (every thread)',
    probe_cost: costs,
    search: results,
    mcp,
  });
} finally {
  rmSync(directory, { recursive: true, force: true });
}
