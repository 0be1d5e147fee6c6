import { getPriority, setPriority } from 'node:os';
import { workerData } from 'node:worker_threads';
import type { KnowledgeStore } from '../knowledge-store.js';
import { openSqliteStore } from './sqlite-store.js';
import { type ThreadResult, toThreadError } from './thread-errors.js';

/**
 * A worker thread of the pooled store (`pooled-store.ts`): one SQLite connection, opened on the first task
 * and kept, read-only in a reader thread and read-write in the one writer thread. Each task names a
 * `KnowledgeStore` method and its arguments; the answer is its value or the error it threw.
 */

export interface StoreWorkerData {
  path: string;
  mode: 'read' | 'write';
  waitMs: number;
  /** How much lower than the process this thread runs (Linux: its nice value is raised by this much). */
  nice: number;
}

export interface StoreTask {
  /** A `KnowledgeStore` method, or `open` (open the connection, report any error) or `close`. */
  method: string;
  args: unknown[];
  /** The caller's clock at the call, for the `created_at` of what a write makes (tests fix the clock). */
  now?: string | undefined;
}

const data = workerData as StoreWorkerData;

// On Linux a nice value is a thread's own (`readerNice` in `pooled-store.ts`); elsewhere the call would
// lower the whole process, so it is not made.
if (data.nice > 0 && process.platform === 'linux') {
  try {
    setPriority(0, Math.min(19, getPriority(0) + data.nice));
  } catch {
    // Not permitted (a sandbox): the thread keeps the process's priority.
  }
}
let clock = new Date();
let store: KnowledgeStore | undefined;

export default async function runStoreTask(task: StoreTask): Promise<ThreadResult> {
  try {
    if (task.now) clock = new Date(task.now);
    if (task.method === 'close') {
      await store?.close();
      store = undefined;
      return { value: undefined };
    }
    store ??= openSqliteStore({ path: data.path, mode: data.mode, waitMs: data.waitMs, now: () => clock });
    if (task.method === 'open') return { value: undefined };
    const method = (store as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[task.method];
    if (typeof method !== 'function') throw new Error(`no store method ${task.method}`);
    return { value: await method.apply(store, task.args) };
  } catch (error) {
    return { error: toThreadError(error) };
  }
}
