import { z } from '@hono/zod-openapi';
import { askResultSchema, asOfSchema, documentSchema, searchResultSchema } from '../server/schemas.js';

/**
 * The MCP tools' declarations: names, texts and schemas, built once when this module loads. A server is
 * made per HTTP request (stateless Streamable HTTP), so nothing here may be built per server: deriving a
 * schema from one that carries OpenAPI metadata (`asOfSchema.optional()`) adds an entry to a registry
 * that is never emptied, which is how `/mcp` once grew its heap by about 3 KB a call.
 *
 * Output schemas are the HTTP API's response schemas, so the two doors describe one shape. Every object
 * in them admits further fields (`looseObject`): the JSON contract lets fields be added, and a client
 * that validates `structuredContent` (the official SDK does, after `tools/list`) must not fail when one is.
 */

const searchInput = z.object({
  query: z.string().min(1).max(1000).describe('words to look for'),
  k: z.number().int().min(1).max(50).optional().describe('how many hits (default 5)'),
  collection: z.string().max(200).optional().describe('only documents of this collection'),
  as_of: asOfSchema.optional(),
});

const documentInput = z.object({
  id: z.string().min(1).max(300).describe('the document id, as a search hit gives it'),
  version: z.number().int().min(1).optional().describe('this version (default: the newest you may read)'),
  as_of: asOfSchema.optional(),
});

const askInput = z.object({
  question: z.string().trim().min(1).max(4000).describe('the question, in the asker’s words'),
  as_of: asOfSchema.optional(),
});

export const mcpTools = {
  search: {
    title: 'Search the knowledge base',
    description:
      'Full-text search over the documents in effect that you may read. Each hit carries the document id and version to cite.',
    inputSchema: searchInput,
    outputSchema: searchResultSchema,
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  get_document: {
    title: 'Read a document',
    description: 'A document by id: its newest version you may read, a given version, or the one in effect on a date.',
    inputSchema: documentInput,
    outputSchema: documentSchema,
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  ask: {
    title: 'Answer a question',
    description:
      'Answer from the documents you may read and your own account state, with citations (document id and version) and a trace. A refusal is an answer.',
    inputSchema: askInput,
    outputSchema: askResultSchema,
  },
} as const;

export type McpToolName = keyof typeof mcpTools;
export type SearchInput = z.infer<typeof searchInput>;
export type DocumentInput = z.infer<typeof documentInput>;
export type AskInput = z.infer<typeof askInput>;
