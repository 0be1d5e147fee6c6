import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import { openPooledSqliteStore, readerNice } from '../../src/store/sqlite/pooled-store.js';
import { tempDir } from '../helpers/temp.js';
import { runKnowledgeStoreSuite } from './knowledge-store.suite.js';

const dir = tempDir('seam-pooled-');
let counter = 0;
runKnowledgeStoreSuite(
  'sqlite pooled (reader threads, one writer thread)',
  () => openPooledSqliteStore({ path: join(dir, `suite-${++counter}.db`), readThreads: 1 }),
  () => openPooledSqliteStore({ path: join(dir, `suite-${counter}.db`), readThreads: 1 }),
);

/** A thread's nice value, from `/proc/self/task/<tid>/stat` (the 19th field; the name may hold spaces). */
function niceOf(tid: string): number {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

describe.skipIf(process.platform !== 'linux')('reader threads', () => {
  it('run at a lower priority than the event loop, which keeps its own', async () => {
    const base = niceOf(String(process.pid));
    const store = await openPooledSqliteStore({ path: join(dir, 'nice.db'), readThreads: 2 });
    try {
      // Both readers busy at once, so both have started and loaded the worker.
      await Promise.all(Array.from({ length: 8 }, () => store.list({ reader: operator })));
      const nices = readdirSync('/proc/self/task').map(niceOf);
      expect(nices.filter((nice) => nice === Math.min(19, base + readerNice)).length).toBeGreaterThanOrEqual(2);
      expect(niceOf(String(process.pid))).toBe(base);
    } finally {
      await store.close();
    }
  });
});
