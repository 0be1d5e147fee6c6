import { startServer } from '../src/server/serve.js';
import { createServices } from '../src/server/services.js';
import { openPooledSqliteStore } from '../src/store/sqlite/pooled-store.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { answerStats } from './process-stats.js';

/**
 * The server side of `bench/serve-bench.ts`, in a process of its own so that the load generator does not
 * share its event loop: `tsx bench/serve-process.ts <db> pooled|in-process`. `pooled` is what `seam serve`
 * runs; `in-process` is the store on the event loop, as before (the comparison in the same run). Prints
 * its URL as one JSON line, then serves until stopped, answering `sample` on stdin with its event loop's
 * delay (`process-stats.ts`).
 */

const [path, mode = 'pooled'] = process.argv.slice(2);
if (!path || (mode !== 'pooled' && mode !== 'in-process')) {
  throw new Error('usage: tsx bench/serve-process.ts <db> pooled|in-process');
}
const store = mode === 'pooled' ? await openPooledSqliteStore({ path }) : openSqliteStore({ path });
const server = await startServer({ services: createServices({ store, env: {} }), host: '127.0.0.1', port: 0 });
console.log(JSON.stringify({ url: server.url, pid: process.pid }));
answerStats();
const stop = async () => {
  await server.close();
  await store.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
