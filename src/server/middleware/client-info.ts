import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';

/** Who is on the other end of a request, as far as the server can tell. */
export interface ClientInfo {
  /** The client's address (the proxy's client with `trustProxy`); `unknown` when there is no socket (in-process tests). */
  ip: string;
  /** The scheme the client used: `https` behind a TLS-terminating proxy that says so. */
  https: boolean;
  /** The host the client addressed (`Host`, or `X-Forwarded-Host` with `trustProxy`). */
  host: string | undefined;
}

export interface ClientVariables {
  client: ClientInfo;
}

/** Decide `c.var.client` once per request, so every later step reads the same answer. */
export function clientInfo(options: { trustProxy: boolean }): MiddlewareHandler<{ Variables: ClientVariables }> {
  return async (c, next) => {
    c.set('client', describeClient(c, options.trustProxy));
    await next();
  };
}

function describeClient(c: Context, trustProxy: boolean): ClientInfo {
  const forwarded = (name: string) => (trustProxy ? lastListed(c.req.header(name)) : undefined);
  return {
    ip: forwarded('x-forwarded-for') ?? socketAddress(c) ?? 'unknown',
    https: (forwarded('x-forwarded-proto') ?? new URL(c.req.url).protocol.replace(':', '')).toLowerCase() === 'https',
    host: forwarded('x-forwarded-host') ?? c.req.header('host'),
  };
}

/** The last entry of a comma-separated forwarded header: the one our own proxy added. */
function lastListed(header: string | undefined): string | undefined {
  const last = header?.split(',').at(-1)?.trim();
  return last ? last : undefined;
}

function socketAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

/** Whether the request reached the server over HTTPS (for the session cookie's `Secure`). */
export function isHttps(c: Context): boolean {
  return (c.get('client') as ClientInfo | undefined)?.https ?? false;
}
