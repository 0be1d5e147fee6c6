import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { Reader } from '../access.js';
import { instantKey } from '../documents/parse-document.js';
import { SeamError } from '../errors.js';
import { searchDocuments, showDocument } from '../operations/read-documents.js';
import { asOfSchema, documentSchema, hitSchema } from '../server/schemas.js';
import type { ServerServices } from '../server/services.js';

/**
 * Seam's MCP tools: `search`, `get_document` and `ask`, over the same operations as the CLI and the
 * HTTP API. The reader is fixed when the server is created (from the bearer token, or `seam mcp --as`):
 * no tool takes a principal, so a tool call cannot choose whom it reads as.
 */
export function createMcpServer(options: { services: ServerServices; reader: Reader; principal: string }): McpServer {
  const { services, reader, principal } = options;
  const { store } = services;
  const server = new McpServer({ name: 'seam', version: '0.1.0' });

  server.registerTool(
    'search',
    {
      title: 'Search the knowledge base',
      description:
        'Full-text search over the documents in effect that you may read. Each hit carries the document id and version to cite.',
      inputSchema: {
        query: z.string().min(1).max(1000).describe('words to look for'),
        k: z.number().int().min(1).max(50).optional().describe('how many hits (default 5)'),
        collection: z.string().max(200).optional(),
        as_of: asOfSchema.optional(),
      },
      outputSchema: { hits: z.array(hitSchema) },
      annotations: { readOnlyHint: true },
    },
    async ({ query, k, collection, as_of }) =>
      toolResult(async () => {
        const at = as_of === undefined ? services.now().toISOString() : instantKey(as_of);
        return searchDocuments({ store, reader, query, k: k ?? 5, collection, at });
      }),
  );

  server.registerTool(
    'get_document',
    {
      title: 'Read a document',
      description:
        'A document by id: its newest version you may read, a given version, or the one in effect on a date.',
      inputSchema: {
        id: z.string().min(1).max(300),
        version: z.number().int().min(1).optional(),
        as_of: asOfSchema.optional(),
      },
      outputSchema: documentSchema.shape,
      annotations: { readOnlyHint: true },
    },
    async ({ id, version, as_of }) =>
      toolResult(() =>
        showDocument({ store, reader, id, version, at: as_of === undefined ? undefined : instantKey(as_of) }),
      ),
  );

  server.registerTool(
    'ask',
    {
      title: 'Answer a question',
      description:
        'Answer from the documents you may read and your own account state, with citations (document id and version) and a trace. A refusal is an answer.',
      inputSchema: { question: z.string().min(1).max(4000), as_of: asOfSchema.optional() },
      outputSchema: {
        answer: z.string(),
        citations: z.array(
          z.object({
            id: z.string(),
            version: z.number().int(),
            title: z.string(),
            effective_from: z.string().nullable(),
          }),
        ),
        refused: z.boolean(),
        grounded: z.boolean(),
        trace: z.looseObject({}),
      },
    },
    async ({ question, as_of }) =>
      toolResult(async () =>
        services.ask({ reader, principal, question, asOf: as_of === undefined ? undefined : instantKey(as_of) }),
      ),
  );

  return server;
}

/** A tool's structured result (and the same JSON as text), or a tool error carrying a Seam error's message. */
async function toolResult(run: () => Promise<object>) {
  try {
    const result = (await run()) as Record<string, unknown>;
    return { content: [{ type: 'text' as const, text: JSON.stringify(result) }], structuredContent: result };
  } catch (error) {
    if (!SeamError.isInstance(error)) throw error;
    return { content: [{ type: 'text' as const, text: JSON.stringify({ error: error.toJSON() }) }], isError: true };
  }
}
