import { readFileSync } from 'node:fs';
import pg from 'pg';
import { normalizeAcl } from '../src/access.js';
import { instantKey } from '../src/documents/parse-document.js';
import { rankChunks, type SearchMode } from '../src/store/postgres/search.js';
import type { ShareReader } from './backend-measure.js';
import type { BenchQuery } from './corpus.js';
import { round, type Summary, summarize } from './stats.js';

/**
 * PostgreSQL's two rankings on one store, query by query back to back on one connection: over the posting
 * blocks (the store's search) and the exhaustive SQL ranking it replaced. Each search is timed in wall time
 * and in CPU time, this process's (`process.cpuUsage`) plus the server backend's (`/proc/<pid>/schedstat`,
 * nanoseconds on CPU), so the figure is what the search cost the machine whatever else runs on it.
 */

export interface ModeFigures {
  cpu_ms: Summary;
  wall_ms: Summary;
}

export async function compareSearchModes(options: {
  url: string;
  readers: readonly ShareReader[];
  queries: readonly BenchQuery[];
  at: string;
  warmup: number;
  k?: number;
}) {
  const client = new pg.Client({ connectionString: options.url });
  await client.connect();
  try {
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
    const schedstat = `/proc/${pid}/schedstat`;
    const serverNs = () => Number(readFileSync(schedstat, 'utf8').split(' ')[0]);
    serverNs(); // the server must be on this machine: fail before measuring, not after
    const modes: SearchMode[] = ['blocks', 'sql'];
    const cpu = new Map<string, number[]>();
    const wall = new Map<string, number[]>();
    let compared = 0;
    let sameTop = 0;
    for (const [position, query] of options.queries.entries()) {
      for (const reader of options.readers) {
        const request = {
          text: query.text,
          roles: reader.reader.kind === 'operator' ? null : (normalizeAcl(reader.reader.roles) ?? []),
          k: options.k ?? 10,
          at: instantKey(options.at),
        };
        const tops: string[] = [];
        for (const mode of modes) {
          const node = process.cpuUsage();
          const server = serverNs();
          const start = performance.now();
          const rows = await rankChunks(client, request, mode);
          const ms = performance.now() - start;
          const used = process.cpuUsage(node);
          const cpuMs = (used.user + used.system) / 1000 + (serverNs() - server) / 1e6;
          tops.push(rows.map((row) => `${row.chunk_id}:${row.score.toPrecision(9)}`).join(' '));
          if (position < options.warmup) continue;
          push(cpu, `${mode} ${reader.label}`, cpuMs);
          push(wall, `${mode} ${reader.label}`, ms);
        }
        if (position >= options.warmup) {
          compared++;
          if (tops[0] === tops[1]) sameTop++;
        }
      }
    }
    const figures: Record<string, Record<SearchMode, ModeFigures>> = {};
    for (const reader of options.readers) {
      const of = (mode: SearchMode): ModeFigures => ({
        cpu_ms: summarize(cpu.get(`${mode} ${reader.label}`) ?? []),
        wall_ms: summarize(wall.get(`${mode} ${reader.label}`) ?? []),
      });
      figures[reader.label] = { blocks: of('blocks'), sql: of('sql') };
    }
    return { by_reader: figures, searches_compared: compared, same_top10: round(sameTop / Math.max(1, compared), 4) };
  } finally {
    await client.end();
  }
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The comparison as printed: per reader share, CPU and wall p50/p99 of each ranking and SQL's ratio to the blocks'. */
export function printSearchModes(figures: Awaited<ReturnType<typeof compareSearchModes>>): void {
  const log = (line = '') => console.log(line);
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(1)}×` : 'n/a');
  log('  PostgreSQL search, k=10 (ms)     blocks CPU p50    p99   SQL CPU p50    p99   ratio p50   p99');
  for (const [share, entry] of Object.entries(figures.by_reader)) {
    const { blocks, sql } = entry;
    log(
      `  reader allowed ${share.padEnd(5)}  ${blocks.cpu_ms.p50.toFixed(2).padStart(20)} ${blocks.cpu_ms.p99.toFixed(2).padStart(6)} ${sql.cpu_ms.p50.toFixed(2).padStart(13)} ${sql.cpu_ms.p99.toFixed(2).padStart(6)} ${ratio(sql.cpu_ms.p50, blocks.cpu_ms.p50).padStart(11)} ${ratio(sql.cpu_ms.p99, blocks.cpu_ms.p99).padStart(5)}`,
    );
  }
  log('                                   blocks wall p50   p99   SQL wall p50   p99   ratio p50   p99');
  for (const [share, entry] of Object.entries(figures.by_reader)) {
    const { blocks, sql } = entry;
    log(
      `  reader allowed ${share.padEnd(5)}  ${blocks.wall_ms.p50.toFixed(2).padStart(20)} ${blocks.wall_ms.p99.toFixed(2).padStart(6)} ${sql.wall_ms.p50.toFixed(2).padStart(13)} ${sql.wall_ms.p99.toFixed(2).padStart(6)} ${ratio(sql.wall_ms.p50, blocks.wall_ms.p50).padStart(11)} ${ratio(sql.wall_ms.p99, blocks.wall_ms.p99).padStart(5)}`,
    );
  }
  log(
    `  same top 10 (chunks and scores to 9 digits), blocks vs SQL: ${round(100 * figures.same_top10, 1)}% of ${figures.searches_compared} searches`,
  );
}
