import { OpenAPIHono } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { timeout } from 'hono/timeout';
import { registerConsole, wantsConsolePage } from '../console/console-routes.js';
import { registerMcpRoute } from '../mcp/mcp-http.js';
import { requireToken, type ServerEnv } from './auth.js';
import { errorBody, errorResponse, retryAfterSeconds } from './http-errors.js';
import { defaultPolicy, type HttpPolicy } from './http-policy.js';
import { accessLog } from './middleware/access-log.js';
import { limitAuthFailures } from './middleware/auth-failures.js';
import { type ClientInfo, clientInfo } from './middleware/client-info.js';
import { mcpCors, requireKnownOrigin } from './middleware/origin.js';
import { registerAnswerRoutes } from './routes/answers.js';
import { registerDocumentRoutes } from './routes/documents.js';
import { registerForgetRoutes } from './routes/forget.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerSyncRoutes } from './routes/sync.js';
import type { ServerServices } from './services.js';

export interface AppLimits {
  /** Largest request body accepted (bytes); larger is 413. */
  bodyBytes: number;
  /** Longest a request may run (ms); longer is 504. */
  timeoutMs: number;
}

export const defaultLimits: AppLimits = { bodyBytes: 2 * 1024 * 1024, timeoutMs: 30_000 };

/**
 * The whole server as one Hono app: `/healthz` and `/readyz` (open), the JSON API under `/v1` and its OpenAPI 3.1
 * description, MCP at `/mcp` (bearer token on all of these), and the web console at `/`.
 */
export function createApp(options: {
  services: ServerServices;
  limits?: AppLimits;
  policy?: Partial<HttpPolicy>;
}): Hono<ServerEnv> {
  const { services } = options;
  const limits = options.limits ?? defaultLimits;
  const policy: HttpPolicy = { ...defaultPolicy, ...options.policy };
  const app = new OpenAPIHono<ServerEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const issue = result.error.issues[0];
      const field = issue?.path.join('.') || result.target;
      return c.json(errorBody('input', `${field}: ${issue?.message ?? 'invalid'}`), 400);
    },
  });

  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      const code = { 400: 'input', 413: 'too_large', 504: 'timeout' }[error.status as number] ?? 'http';
      return c.json(errorBody(code, error.message || 'request failed'), error.status);
    }
    const { status, body } = errorResponse(error);
    if (status === 503) c.header('Retry-After', String(retryAfterSeconds));
    return c.json(body, status);
  });

  app.use('*', clientInfo(policy));
  if (policy.accessLog) app.use('*', accessLog(policy.accessLog));
  app.use('*', limitAuthFailures(policy.authFailures));
  // Every answer but the health checks may carry private data: no cache, shared or not, keeps it.
  app.use('*', async (c, next) => {
    await next();
    if (!c.res.headers.has('cache-control')) c.header('Cache-Control', 'no-store');
  });

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'same-origin',
    }),
  );
  app.use(
    '*',
    bodyLimit({
      maxSize: limits.bodyBytes,
      // The unread rest of the body is still coming: close the connection after answering, and say so, so
      // that a keep-alive client (Node's fetch) opens a new one for its next request instead of failing.
      onError: (c) => {
        c.header('Connection', 'close');
        return c.json(errorBody('too_large', `the request body is over ${limits.bodyBytes} bytes`), 413);
      },
    }),
  );
  app.use(
    '*',
    timeout(limits.timeoutMs, () => new HTTPException(504, { message: 'the request took too long' })),
  );

  registerHealthRoutes(app, services);

  if (policy.allowedOrigins.length > 0) app.use('/mcp', mcpCors(policy.allowedOrigins));
  app.use('/mcp', requireKnownOrigin(policy.allowedOrigins));
  const auth = requireToken(services.store);
  app.use('/v1/*', auth);
  app.use('/openapi.json', auth);
  app.use('/mcp', auth);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'a token from `seam token create <principal>`',
  });
  registerAnswerRoutes(app, services);
  registerDocumentRoutes(app, services);
  registerForgetRoutes(app, services);
  registerSyncRoutes(app, services);
  app.doc31('/openapi.json', (c) => ({
    openapi: '3.1.0',
    info: {
      title: 'Seam',
      version: '0.1.0',
      description:
        "Seam's knowledge store, answers and diagnosis over HTTP. Every route but /healthz needs a bearer token; the token's principal is the reader.",
      license: { name: 'MIT', identifier: 'MIT' },
    },
    // The server as this caller reached it (through a proxy trusted with --trust-proxy: as the proxy was addressed).
    servers: [{ url: serverOrigin(c.var.client), description: 'this server' }],
  }));
  registerMcpRoute(app, services);
  const consoleDoor = registerConsole(app, services);
  // A browser asking for a page that is not there gets the console's 404; programs (and /v1/*) get JSON.
  app.notFound((c) =>
    wantsConsolePage(c)
      ? consoleDoor.notFound(c)
      : c.json(errorBody('not_found', `no route ${c.req.method} ${c.req.path}`), 404),
  );
  return app;
}

function serverOrigin(client: ClientInfo): string {
  return `${client.https ? 'https' : 'http'}://${client.host ?? 'localhost'}`;
}
