import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Reader } from '../access.js';
import { instantKey } from '../documents/parse-document.js';
import { searchDocuments, showDocument } from '../operations/read-documents.js';
import { errorResponse } from '../server/http-errors.js';
import type { ServerServices } from '../server/services.js';
import { mcpTools } from './mcp-tools.js';

/**
 * Seam's MCP tools: `search`, `get_document` and `ask`, over the same operations as the CLI and the
 * HTTP API. The reader is fixed when the server is created (from the bearer token, or `seam mcp --as`):
 * no tool takes a principal, so a tool call cannot choose whom it reads as. The tools' schemas are built
 * once (`mcp-tools.ts`); a server only binds handlers to them.
 */
export function createMcpServer(options: { services: ServerServices; reader: Reader; principal: string }): McpServer {
  const { services, reader, principal } = options;
  const { store } = services;
  const server = new McpServer({ name: 'seam', version: '0.1.0' });
  const at = (asOf: string | undefined) => (asOf === undefined ? undefined : instantKey(asOf));

  server.registerTool('search', mcpTools.search, async ({ query, k, collection, as_of }) =>
    toolResult(() =>
      searchDocuments({ store, reader, query, k: k ?? 5, collection, at: at(as_of) ?? services.now().toISOString() }),
    ),
  );

  server.registerTool('get_document', mcpTools.get_document, async ({ id, version, as_of }) =>
    toolResult(() => showDocument({ store, reader, id, version, at: at(as_of) })),
  );

  server.registerTool('ask', mcpTools.ask, async ({ question, as_of }) =>
    toolResult(() => services.ask({ reader, principal, question, asOf: at(as_of) })),
  );

  return server;
}

/**
 * A tool's structured result (and the same JSON as text), or a tool error with the body the HTTP API
 * would answer: a Seam error's code and message, and nothing of an unexpected or a store error (no
 * path, no database URL), as `errorResponse` decides for every door.
 */
async function toolResult(run: () => Promise<object>) {
  try {
    const result = (await run()) as Record<string, unknown>;
    return { content: [{ type: 'text' as const, text: JSON.stringify(result) }], structuredContent: result };
  } catch (error) {
    const { body } = errorResponse(error);
    return { content: [{ type: 'text' as const, text: JSON.stringify(body) }], isError: true };
  }
}
