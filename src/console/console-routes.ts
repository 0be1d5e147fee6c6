import type { Hono } from 'hono';
import type { ServerEnv } from '../server/auth.js';
import type { ServerServices } from '../server/services.js';

/** The web console (placeholder until the pages land). */
export function registerConsole(app: Hono<ServerEnv>, _services: ServerServices): void {
  app.get('/', (c) => c.html('<!doctype html><title>Seam</title><p>Seam console</p>'));
}
