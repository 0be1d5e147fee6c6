import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import { instantKey } from '../../documents/parse-document.js';
import { searchDocuments } from '../../operations/read-documents.js';
import type { ServerEnv } from '../auth.js';
import {
  askBodySchema,
  askResultSchema,
  diagnoseBodySchema,
  diagnosisSchema,
  searchQuerySchema,
  searchResultSchema,
} from '../schemas.js';
import type { ServerServices } from '../services.js';
import { bodyErrors, commonErrors, json, security } from './openapi-common.js';

/** Search, ask and diagnose: each parses its request, calls one operation and returns its JSON. */
export function registerAnswerRoutes(app: OpenAPIHono<ServerEnv>, services: ServerServices): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/search',
      operationId: 'searchDocuments',
      summary: 'Full-text search over the documents in effect that the caller may read',
      security,
      request: { query: searchQuerySchema },
      responses: { 200: json(searchResultSchema, 'the hits, best first'), ...commonErrors },
    }),
    async (c) => {
      const { q, k, collection, as_of } = c.req.valid('query');
      const at = as_of === undefined ? services.now().toISOString() : instantKey(as_of);
      return c.json(
        await searchDocuments({ store: services.store, reader: c.var.reader, query: q, k, collection, at }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/ask',
      operationId: 'ask',
      summary: 'Answer a question as the caller: cited, grounded, with a trace',
      security,
      request: { body: { content: { 'application/json': { schema: askBodySchema } }, required: true } },
      responses: { 200: json(askResultSchema, 'the answer (a refusal is an answer)'), ...bodyErrors },
    }),
    async (c) => {
      const { question, as_of } = c.req.valid('json');
      const result = await services.ask({
        reader: c.var.reader,
        principal: c.var.principal,
        question,
        asOf: as_of === undefined ? undefined : instantKey(as_of),
      });
      // The result is the `seam ask --json` object; the schema describes its main fields and allows the rest.
      return c.json(result as unknown as z.infer<typeof askResultSchema>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/diagnose',
      operationId: 'diagnose',
      summary: 'Split a complaint into strands and name the cheapest reversible fix for each',
      security,
      request: { body: { content: { 'application/json': { schema: diagnoseBodySchema } }, required: true } },
      responses: { 200: json(diagnosisSchema, 'the diagnosis'), ...bodyErrors },
    }),
    async (c) => {
      const diagnosis = await services.diagnose(c.req.valid('json').text);
      return c.json(diagnosis as unknown as z.infer<typeof diagnosisSchema>, 200);
    },
  );
}
