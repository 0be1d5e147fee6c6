import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type AppLimits, createApp } from './app.js';
import type { ServerServices } from './services.js';

export interface RunningServer {
  /** `http://host:port`, with the port actually bound (port 0 picks a free one). */
  url: string;
  close(): Promise<void>;
}

/** Serve the app on a host and port; resolves once it is listening. */
export async function startServer(options: {
  services: ServerServices;
  host: string;
  port: number;
  limits?: AppLimits;
}): Promise<RunningServer> {
  const app = createApp({ services: options.services, ...(options.limits ? { limits: options.limits } : {}) });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, (info: AddressInfo) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${host}:${info.port}`,
        close: () =>
          new Promise((done) => {
            if ('closeAllConnections' in server) server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
    server.once('error', reject);
  });
}
