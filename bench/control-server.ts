import { createServer } from 'node:http';
import { answerStats } from './process-stats.js';

/**
 * The control for `bench/serve-bench.ts`: a bare `node:http` server answering `/healthz` with `{"ok":true}`
 * and nothing else, in a process of its own on the same machine, probed in the same runs as `seam serve`.
 * Its latency is what the machine's load gives any process; `seam serve`'s above it is the server's own.
 */

const body = JSON.stringify({ ok: true });
const server = createServer((_request, response) => {
  response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
  response.end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(JSON.stringify({ url: `http://127.0.0.1:${port}`, pid: process.pid }));
  answerStats();
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
