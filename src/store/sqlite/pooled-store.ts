import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { InputError } from '../../errors.js';
import type { KnowledgeStore } from '../knowledge-store.js';
import { probeSqliteFile } from './probe.js';
import { openSqliteStore } from './sqlite-store.js';
import type { StoreTask, StoreWorkerData } from './store-worker.js';
import { fromThreadError, type ThreadResult } from './thread-errors.js';

/**
 * The SQLite store for a server: the same `KnowledgeStore`, with no SQLite call on the event loop.
 *
 * - Reads run on a pool of worker threads (piscina), each holding one read-only connection. SQLite in WAL
 *   mode lets them read while a write is under way, so a search never waits for a writer.
 * - Writes run one at a time, in call order, on one writer thread with the one read-write connection. A
 *   write that waits for another process's lock (up to `waitMs`) waits there, not on the event loop.
 * - `forgetSubject` is the exception: its redactor is a function, which cannot be sent to a thread, so it
 *   runs here on a connection of its own, still in the writers' queue (an operator's rare call).
 * - `ping` (readiness) opens a fresh read-only connection here, which never waits for a lock: it answers
 *   even when every reader thread is busy.
 *
 * The command line keeps the in-process store (`sqlite-store.ts`): one command is one caller, and
 * starting threads would only add to every command's start-up.
 */

export interface PooledSqliteStoreOptions {
  /** Path of the database file (created, or upgraded, by the writer thread when it opens). */
  path: string;
  /** The clock used for `created_at`; injectable for tests. */
  now?: (() => Date) | undefined;
  /** How long a write waits for another writer (default 5 s). */
  waitMs?: number | undefined;
  /** Reader threads (default: the cores available, at least 2 and at most 4). */
  readThreads?: number | undefined;
}

/** Which thread answers each method: a reader, or the writer. A method added to the store must be placed here. */
export const storeRoutes = {
  get: 'read',
  getServed: 'read',
  history: 'read',
  timelines: 'read',
  list: 'read',
  searchText: 'read',
  termFrequencies: 'read',
  getPrincipal: 'read',
  findSession: 'read',
  syncRecords: 'read',
  syncSources: 'read',
  listPrincipals: 'read',
  findToken: 'read',
  listTokens: 'read',
  recentAnswers: 'read',
  findLineage: 'read',
  listDatasets: 'read',
  listReceipts: 'read',
  storageFiles: 'read',
  put: 'write',
  putMany: 'write',
  revert: 'write',
  remove: 'write',
  putPrincipal: 'write',
  removePrincipal: 'write',
  putToken: 'write',
  removeToken: 'write',
  logAnswer: 'write',
  removeAnswers: 'write',
  // Creates the secret on first use.
  lineageSecret: 'write',
  recordDataset: 'write',
  tagModel: 'write',
  putReceipt: 'write',
  putSession: 'write',
  removeSession: 'write',
  putSyncRecords: 'write',
  removeSyncRecords: 'write',
  putSyncSource: 'write',
  writeSynced: 'write',
} as const satisfies Record<
  Exclude<keyof KnowledgeStore, 'specificationVersion' | 'forgetSubject' | 'ping' | 'close'>,
  'read' | 'write'
>;

type ForwardedMethod = keyof typeof storeRoutes;

/**
 * How much lower the reader threads run than the rest of the process (nice +10, Linux only: there a nice
 * value is a thread's own). The event loop keeps its place on the cores while searches fill them, so
 * `/healthz`, the probes and the answers already computed go out ahead of the next search.
 */
export const readerNice = 10;

export function defaultReadThreads(): number {
  return Math.min(4, Math.max(2, availableParallelism()));
}

/** Open the store: resolves once the writer thread has opened (created or upgraded) the file. */
export async function openPooledSqliteStore(options: PooledSqliteStoreOptions): Promise<KnowledgeStore> {
  const { path } = options;
  if (path === ':memory:')
    throw new InputError('a pooled store needs a database file, not :memory:', { field: 'path' });
  const now = options.now ?? (() => new Date());
  const waitMs = options.waitMs ?? 5000;
  const pool = (mode: 'read' | 'write', threads: number) =>
    new Piscina<StoreTask, ThreadResult>({
      ...workerFile(),
      workerData: { path, mode, waitMs, nice: mode === 'read' ? readerNice : 0 } satisfies StoreWorkerData,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: Number.POSITIVE_INFINITY,
    });
  const call = async (target: Piscina<StoreTask, ThreadResult>, task: StoreTask): Promise<unknown> => {
    const result = await target.run(task);
    if ('error' in result) throw fromThreadError(result.error);
    // A structured clone turns a Buffer (the lineage secret) into a plain Uint8Array.
    const { value } = result;
    return value instanceof Uint8Array && !Buffer.isBuffer(value)
      ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
      : value;
  };

  const writer = pool('write', 1);
  try {
    await call(writer, { method: 'open', args: [] });
  } catch (error) {
    await writer.destroy();
    throw error;
  }
  const readers = pool('read', options.readThreads ?? defaultReadThreads());

  // Writes one at a time, in call order (the writer thread's and forget's on this thread alike).
  let writes: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = writes.then(work);
    writes = next.catch(() => undefined);
    return next;
  };

  const forwarded = Object.fromEntries(
    Object.entries(storeRoutes).map(([method, route]) => [
      method,
      (...args: unknown[]) =>
        route === 'read'
          ? call(readers, { method, args })
          : serial(() => call(writer, { method, args, now: now().toISOString() })),
    ]),
  ) as unknown as Pick<KnowledgeStore, ForwardedMethod>;

  let closed: Promise<void> | undefined;
  return {
    specificationVersion: 'seam-store-v1',
    ...forwarded,
    forgetSubject: (request) =>
      serial(async () => {
        const local = openSqliteStore({ path, waitMs, now });
        try {
          return await local.forgetSubject(request);
        } finally {
          await local.close();
        }
      }),
    async ping() {
      probeSqliteFile(path);
    },
    close() {
      closed ??= (async () => {
        await writes;
        await call(writer, { method: 'close', args: [] }).catch(() => undefined);
        await Promise.all([writer.destroy(), readers.destroy()]);
      })();
      return closed;
    },
  };
}

/**
 * The worker module beside this one: compiled JavaScript when running from `dist/`, the TypeScript source
 * (loaded through tsx, a development dependency) when running from source under the tests or a bench.
 */
function workerFile(): { filename: string; execArgv?: string[] } {
  if (!import.meta.url.endsWith('.ts')) return { filename: new URL('./store-worker.js', import.meta.url).href };
  return { filename: new URL('./store-worker.ts', import.meta.url).href, execArgv: ['--import', 'tsx'] };
}
