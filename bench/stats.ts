import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface Summary {
  count: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
}

/** Nearest-rank percentiles and the mean, rounded to 0.001 (milliseconds in, milliseconds out). */
export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (fraction: number) => sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)] ?? 0;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
  return { count: sorted.length, p50: round(at(0.5)), p99: round(at(0.99)), mean: round(mean), max: round(at(1)) };
}

export function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Milliseconds taken by `work`, with its result. */
export async function timed<T>(work: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

// `npm run bench` runs tsx without flags, so expose the collector at run time to measure settled memory.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

export interface Memory {
  rss_mb: number;
  heap_used_mb: number;
  /** The process's highest RSS so far. */
  peak_rss_mb: number;
}

/** Process memory after a full collection, in MB. */
export function memory(): Memory {
  collectGarbage();
  const usage = process.memoryUsage();
  return {
    rss_mb: round(usage.rss / 2 ** 20, 1),
    heap_used_mb: round(usage.heapUsed / 2 ** 20, 1),
    peak_rss_mb: round(process.resourceUsage().maxRSS / 2 ** 10, 1),
  };
}

/** Write a benchmark's figures to bench/.out/<name>.json and say where. */
export function saveResults(name: string, figures: unknown): string {
  const folder = fileURLToPath(new URL('./.out/', import.meta.url));
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `${name}.json`);
  writeFileSync(path, `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`\nWrote ${path}`);
  return path;
}
