import type { MiddlewareHandler } from 'hono';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { errorBody } from '../http-errors.js';
import type { ClientVariables } from './client-info.js';

/**
 * Slow down guessing: every 401 to a request that presented a credential (an `Authorization` header, or a
 * posted sign-in form) counts against the client's address; past `limit` in `windowSeconds`, that address
 * gets 429 with `Retry-After` on everything but the health checks until the window ends, before any
 * token is looked up. A request with no credential at all is not a guess and does not count.
 */
export function limitAuthFailures(options: {
  limit: number;
  windowSeconds: number;
}): MiddlewareHandler<{ Variables: ClientVariables }> {
  const failures = new RateLimiterMemory({ points: options.limit, duration: options.windowSeconds });
  return async (c, next) => {
    if (c.req.path === '/healthz' || c.req.path === '/readyz') return next();
    const address = c.var.client.ip;
    const counted = await failures.get(address);
    if (counted && counted.consumedPoints >= options.limit) {
      const seconds = Math.max(1, Math.ceil(counted.msBeforeNext / 1000));
      c.header('Retry-After', String(seconds));
      return c.json(
        errorBody('rate_limited', `too many failed credentials from this address; try again in ${seconds} s`),
        429,
      );
    }
    await next();
    const presented =
      c.req.header('authorization') !== undefined || (c.req.method === 'POST' && c.req.path === '/sign-in');
    if (c.res.status === 401 && presented) await failures.consume(address).catch(() => undefined);
  };
}
