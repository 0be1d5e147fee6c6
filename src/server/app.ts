import { OpenAPIHono } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { timeout } from 'hono/timeout';
import { registerConsole } from '../console/console-routes.js';
import { registerMcpRoute } from '../mcp/mcp-http.js';
import { requireToken, type ServerEnv } from './auth.js';
import { errorBody, errorResponse } from './http-errors.js';
import { registerAnswerRoutes } from './routes/answers.js';
import { registerDocumentRoutes } from './routes/documents.js';
import { registerForgetRoutes } from './routes/forget.js';
import { registerHealthRoutes } from './routes/health.js';
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
export function createApp(options: { services: ServerServices; limits?: AppLimits }): Hono<ServerEnv> {
  const { services } = options;
  const limits = options.limits ?? defaultLimits;
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
    return c.json(body, status);
  });
  app.notFound((c) => c.json(errorBody('not_found', `no route ${c.req.method} ${c.req.path}`), 404));

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
      onError: (c) => c.json(errorBody('too_large', `the request body is over ${limits.bodyBytes} bytes`), 413),
    }),
  );
  app.use(
    '*',
    timeout(limits.timeoutMs, () => new HTTPException(504, { message: 'the request took too long' })),
  );

  registerHealthRoutes(app, services);

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
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Seam',
      version: '0.1.0',
      description:
        "Seam's knowledge store, answers and diagnosis over HTTP. Every route but /healthz needs a bearer token; the token's principal is the reader.",
    },
  });
  registerMcpRoute(app, services);
  registerConsole(app, services);
  return app;
}
