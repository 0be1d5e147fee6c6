import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import pino, { type Logger } from 'pino';
import type { ClientVariables } from './client-info.js';

/**
 * The access log: one JSON line per request, written by pino. It names the route pattern
 * (`/v1/documents/:id`), never the URL (a query string carries the asker's words), and never a header
 * (the token, the session cookie). A 5xx line carries the server-side error message for the operator.
 */
export function accessLog(logger: Logger): MiddlewareHandler<{ Variables: ClientVariables & { principal?: string } }> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    logger.info({
      method: c.req.method,
      route: routePath(c, -1),
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      principal: c.get('principal') ?? null,
      ip: c.var.client?.ip,
      ...(status >= 500 && c.error ? { error: c.error.message } : {}),
    });
  };
}

/** A logger for `seam serve --access-log`: `stderr` (the default), an open file, or a stream. */
export function createAccessLogger(destination: 'stderr' | { fd: number } | pino.DestinationStream): Logger {
  const stream =
    destination === 'stderr'
      ? pino.destination({ dest: 2, sync: false })
      : 'fd' in destination
        ? pino.destination({ dest: destination.fd, sync: false })
        : destination;
  return pino(
    {
      base: null,
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  );
}
