import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Hono } from 'hono';
import type { ServerEnv } from '../auth.js';
import { errorBody } from '../http-errors.js';
import type { ServerServices } from '../services.js';

/** How long `/readyz` waits for the database before calling it unreachable. */
const readyWithinMs = 2000;
/** What `/readyz` asks a client (a load balancer) to wait before trying again, in seconds. */
const retryAfterSeconds = 5;

/** A probe's answer, the same whether the plain listener (`answerProbe`) or the app gives it. */
interface ProbeAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const live: ProbeAnswer = { status: 200, headers: {}, body: { ok: true } };

/** `/readyz`: the database answers (`store.ping`, which never queues behind other work) within 2 s. */
async function readiness(services: ServerServices): Promise<ProbeAnswer> {
  const { store } = services;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no answer in time')), readyWithinMs);
  });
  try {
    await Promise.race([store.ping ? store.ping() : store.getPrincipal('readyz'), late]);
    return { status: 200, headers: {}, body: { ready: true } };
  } catch (error) {
    if (process.env.SEAM_DEBUG) console.error(error);
    return {
      status: 503,
      headers: { 'Retry-After': String(retryAfterSeconds) },
      body: errorBody('unavailable', 'the database is not reachable; try again later'),
    };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The two probes, open (no token) and cheap:
 * - `GET /healthz`: the process is alive and its event loop answers (no database call at all).
 * - `GET /readyz`: the database answers too: 200, or 503 with `Retry-After` while it does not. The body
 *   never says why (no path, no URL): the server's log does.
 *
 * `seam serve` answers them in its plain `node:http` listener, ahead of the app and its middleware
 * (`answerProbe`); these routes answer the same for callers of the app itself (`app.fetch`, tests).
 */
export function registerHealthRoutes(app: Hono<ServerEnv>, services: ServerServices): void {
  app.get('/healthz', (c) => c.json(live.body as object));
  app.get('/readyz', async (c) => {
    c.header('Cache-Control', 'no-store');
    const answer = await readiness(services);
    for (const [name, value] of Object.entries(answer.headers)) c.header(name, value);
    return c.json(answer.body as object, answer.status as 200 | 503);
  });
}

/**
 * Answer `GET` (or `HEAD`) `/healthz` and `/readyz` in the server's own `node:http` listener, before the
 * request reaches the app: no `Request` object, no middleware (access log, limiter, secure headers, body
 * limit, timeout), so a load balancer's probe costs the event loop about a third of a routed request.
 * Probes are therefore not in the access log. Returns whether it answered.
 */
export function answerProbe(
  request: IncomingMessage,
  response: ServerResponse,
  services: ServerServices,
  options: { closing: boolean },
): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const url = request.url ?? '';
  const end = url.indexOf('?');
  const path = end < 0 ? url : url.slice(0, end);
  if (path !== '/healthz' && path !== '/readyz') return false;
  const send = (answer: ProbeAnswer) => {
    const body = JSON.stringify(answer.body);
    response.writeHead(answer.status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...(options.closing ? { Connection: 'close' } : {}),
      ...answer.headers,
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  };
  if (path === '/healthz') send(live);
  else void readiness(services).then(send);
  return true;
}
