import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { round, type Summary, summarize } from './stats.js';

/** The load generator's parts for `bench/serve-bench.ts`: a server process, closed-loop clients, probes. */

const root = fileURLToPath(new URL('..', import.meta.url));

export interface ServerProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** `bench/serve-process.ts` in a process of its own (the event loop under test is not the client's). */
export async function spawnServer(db: string, mode: 'pooled' | 'in-process'): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/serve-process.ts', db, mode], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { url, pid } = await new Promise<{ url: string; pid: number }>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((candidate) => candidate.startsWith('{'));
      if (line) resolve(JSON.parse(line) as { url: string; pid: number });
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}: ${output}`)));
  });
  return { url, pid, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** A process's resident memory in MB (Linux `/proc`). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return round(kb / 1024, 1);
}

export interface LoadFigures {
  requests: number;
  errors: number;
  /** Failed calls by what failed (`HTTP 504`, a network error's message). */
  error_kinds: Record<string, number>;
  requests_per_s: number;
  latency_ms: Summary;
}

/** `concurrency` closed-loop clients calling `call` for `seconds`; every call's latency is kept. */
export async function load(
  concurrency: number,
  seconds: number,
  call: (index: number) => Promise<unknown>,
): Promise<LoadFigures> {
  const latencies: number[] = [];
  const errorKinds: Record<string, number> = {};
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const client = async () => {
    while (performance.now() < deadline) {
      const index = next++;
      const begin = performance.now();
      try {
        await call(index);
        latencies.push(performance.now() - begin);
      } catch (error) {
        errors += 1;
        const kind = error instanceof Error ? error.message : String(error);
        errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const elapsed = (performance.now() - started) / 1000;
  return {
    requests: latencies.length,
    errors,
    error_kinds: errorKinds,
    requests_per_s: round(latencies.length / elapsed, 1),
    latency_ms: summarize(latencies),
  };
}

/**
 * `GET /healthz` every 25 ms for `seconds`, from a third process (neither the server nor the loaded
 * client, whose own event loop is busy): its latencies, and how many probes failed.
 */
export function probeHealth(url: string, seconds: number): Promise<{ latency_ms: Summary; failed: number }> {
  const script = `
    const [url, seconds] = process.argv.slice(1);
    const end = performance.now() + Number(seconds) * 1000;
    const times = []; let failed = 0;
    (async () => {
      while (performance.now() < end) {
        const start = performance.now();
        try { const response = await fetch(url); await response.arrayBuffer(); times.push(performance.now() - start); }
        catch { failed += 1; }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      process.stdout.write(JSON.stringify({ times, failed }));
    })();`;
  const child = spawn(process.execPath, ['-e', script, `${url}/healthz`, String(seconds)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`the /healthz probe exited with ${code}`));
      const { times, failed } = JSON.parse(output) as { times: number[]; failed: number };
      resolve({ latency_ms: summarize(times), failed });
    });
  });
}
