import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { Hono } from 'hono';
import type { ServerEnv } from '../server/auth.js';
import type { ServerServices } from '../server/services.js';
import { createMcpServer } from './mcp-server.js';

/**
 * MCP over Streamable HTTP at `/mcp`, stateless: each request gets its own server, built for the reader
 * the bearer token stands for (the auth step has already run), so nothing carries over between callers.
 */
export function registerMcpRoute(app: Hono<ServerEnv>, services: ServerServices): void {
  app.all('/mcp', async (c) => {
    const server = createMcpServer({ services, reader: c.var.reader, principal: c.var.principal });
    const transport = new WebStandardStreamableHTTPServerTransport({
      enableJsonResponse: true,
    });
    await server.connect(transport);
    try {
      return await transport.handleRequest(c.req.raw);
    } finally {
      void server.close();
    }
  });
}
