import type { Hono } from 'hono';
import type { ServerEnv } from '../auth.js';
import { errorBody } from '../http-errors.js';
import type { ServerServices } from '../services.js';

/** How long `/readyz` waits for the database before calling it unreachable. */
const readyWithinMs = 2000;
/** What `/readyz` asks a client (a load balancer) to wait before trying again, in seconds. */
const retryAfterSeconds = 5;

/**
 * The two probes, open (no token) and cheap:
 * - `GET /healthz`: the process is alive and its event loop answers (no database call at all).
 * - `GET /readyz`: the database answers too (`store.ping`, which never queues behind other work): 200, or
 *   503 with `Retry-After` while it does not. The body never says why (no path, no URL): the server's log does.
 */
export function registerHealthRoutes(app: Hono<ServerEnv>, services: ServerServices): void {
  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/readyz', async (c) => {
    c.header('Cache-Control', 'no-store');
    const { store } = services;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no answer in time')), readyWithinMs);
    });
    try {
      await Promise.race([store.ping ? store.ping() : store.getPrincipal('readyz'), late]);
      return c.json({ ready: true });
    } catch (error) {
      if (process.env.SEAM_DEBUG) console.error(error);
      c.header('Retry-After', String(retryAfterSeconds));
      return c.json(errorBody('unavailable', 'the database is not reachable; try again later'), 503);
    } finally {
      clearTimeout(timer);
    }
  });
}
