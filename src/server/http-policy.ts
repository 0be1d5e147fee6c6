import type { Logger } from 'pino';

/**
 * How the HTTP server treats its callers, beyond tokens and roles: which browser origins may call `/mcp`,
 * whether a reverse proxy's `X-Forwarded-*` headers are believed, how many failed credentials an address
 * may send, and where the access log goes. `seam serve` sets it from its flags (docs/serve.md).
 */
export interface HttpPolicy {
  /**
   * Origins (`https://app.example.com`) allowed to call `/mcp` from a browser besides the server's own.
   * A request without `Origin` (a non-browser client) is allowed; any other origin is refused with 403.
   */
  allowedOrigins: readonly string[];
  /**
   * Believe `X-Forwarded-For` (its last address is the client), `X-Forwarded-Proto` and
   * `X-Forwarded-Host`. Only behind a proxy that sets them: otherwise any client could claim any address.
   */
  trustProxy: boolean;
  /** Failed credentials (a 401 to a request that presented one) an address may send in `windowSeconds`; then 429. */
  authFailures: { limit: number; windowSeconds: number };
  /** One JSON line per request; `undefined`: no access log. */
  accessLog?: Logger | undefined;
}

export const defaultPolicy: HttpPolicy = {
  allowedOrigins: [],
  trustProxy: false,
  authFailures: { limit: 20, windowSeconds: 60 },
};
