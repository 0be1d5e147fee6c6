import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { round, type Summary, summarize } from './stats.js';

/** The load generator's parts for `bench/serve-bench.ts`: a server process, closed-loop clients, probes. */

const root = fileURLToPath(new URL('..', import.meta.url));

export interface ServerProcess {
  url: string;
  pid: number;
  /** Start a measured interval: the event loop's delay histogram is reset. */
  mark(): Promise<void>;
  /** The event loop's delay since the last `mark` (ms). */
  sample(): Promise<{ event_loop_delay_ms: Summary }>;
  stop(): Promise<void>;
}

/** `bench/serve-process.ts` in a process of its own (the event loop under test is not the client's). */
export function spawnServer(db: string, mode: 'pooled' | 'in-process'): Promise<ServerProcess> {
  return spawnMeasured(['bench/serve-process.ts', db, mode]);
}

/** `bench/control-server.ts`: a bare `node:http` server answering `/healthz`, the same run's control. */
export function spawnControl(): Promise<ServerProcess> {
  return spawnMeasured(['bench/control-server.ts']);
}

async function spawnMeasured(args: string[]): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  // Each JSON line the process prints answers the oldest request waiting (the first one: its URL).
  const waiting: ((line: string) => void)[] = [];
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      if (line.startsWith('{')) waiting.shift()?.(line);
    }
  });
  const ask = (command: string | undefined) =>
    new Promise<string>((resolve) => {
      waiting.push(resolve);
      if (command) child.stdin?.write(`${command}\n`);
    });
  const { url, pid } = await new Promise<{ url: string; pid: number }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)));
    void ask(undefined).then((line) => resolve(JSON.parse(line) as { url: string; pid: number }));
  });
  return {
    url,
    pid,
    mark: async () => {
      await ask('mark');
    },
    sample: async () => JSON.parse(await ask('sample')) as { event_loop_delay_ms: Summary },
    stop: () => stopChild(child),
  };
}

/** CPU time (user + system, every thread) a process has used so far, in ms (Linux `/proc`, 10 ms ticks). */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** This process's CPU time so far, in ms. */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
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

export interface ProbeFigures {
  latency_ms: Summary;
  failed: number;
}

/**
 * `GET /healthz` of each server in turn every 25 ms for `seconds`, from a third process (neither the
 * servers nor the loaded client, whose own event loop is busy): each one's latencies, and how many
 * probes failed. Probing the control in the same process and ticks puts both under the same scheduling.
 */
export function probeHealth(urls: readonly string[], seconds: number): Promise<ProbeFigures[]> {
  const script = `
    const [seconds, ...urls] = process.argv.slice(1);
    const end = performance.now() + Number(seconds) * 1000;
    const results = urls.map(() => ({ times: [], failed: 0 }));
    (async () => {
      while (performance.now() < end) {
        for (const [index, url] of urls.entries()) {
          const start = performance.now();
          try { const response = await fetch(url); await response.arrayBuffer(); results[index].times.push(performance.now() - start); }
          catch { results[index].failed += 1; }
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      process.stdout.write(JSON.stringify(results));
    })();`;
  const child = spawn(process.execPath, ['-e', script, String(seconds), ...urls.map((url) => `${url}/healthz`)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`the /healthz probe exited with ${code}`));
      const results = JSON.parse(output) as { times: number[]; failed: number }[];
      resolve(results.map(({ times, failed }) => ({ latency_ms: summarize(times), failed })));
    });
  });
}
