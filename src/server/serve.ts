import { createServer, type RequestListener, type Server, type ServerOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type AppLimits, createApp } from './app.js';
import type { HttpPolicy } from './http-policy.js';
import { answerProbe } from './routes/health.js';
import type { ServerServices } from './services.js';

export interface RunningServer {
  /** `http://host:port`, with the port actually bound (port 0 picks a free one). */
  url: string;
  /**
   * Drain: stop accepting connections, let the requests in flight finish (their responses say
   * `Connection: close`), and resolve once every connection has ended. Connections still open after
   * `drainMs` (default: the value given to `startServer`) are cut. The store is the caller's to close after.
   */
  close(options?: { drainMs?: number }): Promise<void>;
}

/** Serve the app on a host and port; resolves once it is listening. */
export async function startServer(options: {
  services: ServerServices;
  host: string;
  port: number;
  limits?: AppLimits;
  policy?: Partial<HttpPolicy>;
  /** How long `close()` waits for requests in flight (default 10 s). */
  drainMs?: number;
}): Promise<RunningServer> {
  const app = createApp({
    services: options.services,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.policy ? { policy: options.policy } : {}),
  });
  let draining = false;
  const fetch = async (request: Request, env: unknown) => {
    const response = await app.fetch(request, env);
    // While draining, each answer ends its connection, so no keep-alive socket outlives the drain.
    if (!draining) return response;
    try {
      response.headers.set('Connection', 'close');
      return response;
    } catch {
      // A response with immutable headers (one made by `Response.redirect`): copy it.
      const copy = new Response(response.body, response);
      copy.headers.set('Connection', 'close');
      return copy;
    }
  };
  return new Promise((resolve, reject) => {
    // `/healthz` and `/readyz` are answered in the plain listener, ahead of the app (`answerProbe`).
    const withProbes = ((serverOptions: ServerOptions, listener: RequestListener) =>
      createServer(serverOptions, (request, response) => {
        if (!answerProbe(request, response, options.services, { closing: draining })) listener(request, response);
      })) as typeof createServer;
    const server = serve(
      { fetch, hostname: options.host, port: options.port, createServer: withProbes },
      (info: AddressInfo) => {
        const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
        let closing: Promise<void> | undefined;
        resolve({
          url: `http://${host}:${info.port}`,
          close: ({ drainMs = options.drainMs ?? 10_000 } = {}) => {
            closing ??= new Promise((done) => {
              draining = true;
              server.close(() => done());
              const http = server as Server;
              http.closeIdleConnections();
              setTimeout(() => http.closeAllConnections(), drainMs).unref();
            });
            if (drainMs === 0) (server as Server).closeAllConnections();
            return closing;
          },
        });
      },
    );
    server.once('error', reject);
    // Keep idle connections longer than clients do (undici keeps them 4 s, many proxies 60 s): a server that
    // closes first races the client's next request on that socket, which then fails ("fetch failed").
    if ('keepAliveTimeout' in server) {
      server.keepAliveTimeout = 65_000;
      server.headersTimeout = 66_000;
    }
  });
}
