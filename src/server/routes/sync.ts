import type { Hono } from 'hono';
import { PermissionError } from '../../errors.js';
import { requireRole } from '../../operations/reader.js';
import type { ServerEnv } from '../auth.js';
import { errorBody, errorResponse } from '../http-errors.js';
import type { ServerServices } from '../services.js';

/**
 * Sync doors. `POST /sync/{source}/webhook` takes an upstream's webhook delivery, signed as that product
 * documents (no bearer token: the signature is the credential), and pulls the item it names before
 * answering, so the change is served when the upstream hears 200. `GET /v1/sync/status` (bearer, admin) is
 * `seam sync status --json`.
 */
export function registerSyncRoutes(app: Hono<ServerEnv>, services: ServerServices): void {
  app.post('/sync/:source/webhook', async (c) => {
    const runner = services.sync;
    if (!runner) return c.json(errorBody('not_found', 'sync is not running (seam serve --config with sources)'), 404);
    const body = await c.req.text();
    try {
      const { ids, report } = await runner.webhook(c.req.param('source'), { headers: c.req.raw.headers, body });
      return c.json({ source: c.req.param('source'), ids, ok: report?.ok ?? true, counts: report?.counts ?? {} });
    } catch (error) {
      // A bad signature is an unauthenticated request: 401, whatever the source.
      if (PermissionError.isInstance(error)) return c.json(errorBody('unauthorized', error.message), 401);
      const { status, body: problem } = errorResponse(error);
      return c.json(problem, status);
    }
  });

  app.get('/v1/sync/status', async (c) => {
    requireRole(c.var.reader, 'admin', 'reading sync status');
    const { syncStatus } = await import('../../sync/status.js');
    return c.json(
      await syncStatus({ store: services.store, sources: services.sync?.configs() ?? [], now: services.now() }),
    );
  });
}
