import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { errorBody } from '../http-errors.js';
import type { ClientVariables } from './client-info.js';

/**
 * The `Origin` check the MCP specification requires of Streamable HTTP servers (against DNS rebinding):
 * a request without `Origin` (curl, an SDK, an agent) passes; a browser's passes only from this server's
 * own origin or one listed in `allowed`; any other is refused with 403 before its token is looked at.
 */
export function requireKnownOrigin(allowed: readonly string[]): MiddlewareHandler<{ Variables: ClientVariables }> {
  const listed = new Set(allowed.map(originOf));
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin === undefined) return next();
    const { host, https } = c.var.client;
    const own = host === undefined ? undefined : originOf(`${https ? 'https' : 'http'}://${host}`);
    const asked = originOf(origin);
    if (asked !== undefined && (asked === own || listed.has(asked))) return next();
    return c.json(errorBody('origin', 'requests from this Origin are refused (see seam serve --allow-origin)'), 403);
  };
}

/** `scheme://host[:port]` with the default port dropped, or `undefined` for `null` and other non-URLs. */
function originOf(value: string): string | undefined {
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/** CORS for the listed origins on `/mcp`, so a browser client there can send its preflight and its token. */
export function mcpCors(allowed: readonly string[]): MiddlewareHandler {
  return cors({
    origin: [...allowed],
    allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    allowHeaders: ['authorization', 'content-type', 'mcp-protocol-version', 'mcp-session-id', 'last-event-id'],
    exposeHeaders: ['mcp-session-id'],
  });
}
