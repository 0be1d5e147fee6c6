import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { instantKey } from '../../documents/parse-document.js';
import { InputError } from '../../errors.js';
import { diffDocument, documentHistory, listDocuments, showDocument } from '../../operations/read-documents.js';
import { putDocumentText, removeDocument, revertDocument } from '../../operations/write-documents.js';
import type { ServerEnv } from '../auth.js';
import { errorBody } from '../http-errors.js';
import {
  deleteResultSchema,
  diffQuerySchema,
  diffSchema,
  documentIdSchema,
  documentListSchema,
  documentSchema,
  errorSchema,
  historySchema,
  listQuerySchema,
  putResultSchema,
  revertBodySchema,
  revertResultSchema,
  showQuerySchema,
} from '../schemas.js';
import type { ServerServices } from '../services.js';
import { bodyErrors, commonErrors, etagHeader, json, security } from './openapi-common.js';

const errors = {
  ...commonErrors,
  404: json(errorSchema, 'no such document, or one the caller may not read'),
};
const writeErrors = {
  ...errors,
  403: json(errorSchema, 'the role editor is needed'),
  412: json(errorSchema, 'conflict'),
};
const path = '/v1/documents/{id}';

/** `If-Match: "3"` as a version; absent: no check. */
function ifMatchVersion(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = header.trim().match(/^(?:W\/)?"?(\d+)"?$/);
  if (!match?.[1])
    throw new InputError(`must be a version in quotes such as "3", got '${header}'`, { field: 'If-Match' });
  return Number(match[1]);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as text, refused (400) when it is not UTF-8: replacement characters would be stored as content. */
function utf8(body: ArrayBuffer): string {
  try {
    return strictUtf8.decode(body);
  } catch {
    throw new InputError('the body is not valid UTF-8; send the markdown file as UTF-8', { field: 'body' });
  }
}

/** The document routes: each parses its request, calls one operation and returns its JSON. */
export function registerDocumentRoutes(app: OpenAPIHono<ServerEnv>, services: ServerServices): void {
  const { store } = services;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/documents',
      operationId: 'listDocuments',
      summary: 'Every document the caller may read, with its newest version',
      security,
      request: { query: listQuerySchema },
      responses: { 200: json(documentListSchema, 'the documents'), ...errors },
    }),
    async (c) => {
      const { collection } = c.req.valid('query');
      return c.json(await listDocuments({ store, reader: c.var.reader, collection }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path,
      operationId: 'getDocument',
      summary: 'A document: its newest readable version, a given version, or the one in effect on a date',
      security,
      request: { params: documentIdSchema, query: showQuerySchema },
      responses: {
        200: { ...json(documentSchema, 'the version (ETag: its number in quotes)'), headers: etagHeader },
        ...errors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { version, as_of } = c.req.valid('query');
      const at = as_of === undefined ? undefined : instantKey(as_of);
      const document = await showDocument({ store, reader: c.var.reader, id, version, at });
      c.header('ETag', `"${document.version}"`);
      return c.json(document, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${path}/history`,
      operationId: 'getDocumentHistory',
      summary: 'Every version of a document the caller may read',
      security,
      request: { params: documentIdSchema },
      responses: { 200: json(historySchema, 'the history'), ...errors },
    }),
    async (c) => {
      const { id, versions } = await documentHistory({ store, reader: c.var.reader, id: c.req.valid('param').id });
      return c.json(
        { id, versions: versions.map((entry) => ({ ...entry, redacted_by: entry.redacted_by ?? null })) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${path}/diff`,
      operationId: 'diffDocument',
      summary: 'A unified diff between two versions',
      security,
      request: { params: documentIdSchema, query: diffQuerySchema },
      responses: { 200: json(diffSchema, 'the diff'), ...errors },
    }),
    async (c) => {
      const { from, to } = c.req.valid('query');
      return c.json(await diffDocument({ store, reader: c.var.reader, id: c.req.valid('param').id, from, to }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path,
      operationId: 'putDocument',
      summary: 'Create or update a document from its markdown file (front matter and body)',
      description:
        'Needs the role editor and read access to the current version. `If-Match: "<version>"` makes the write conditional.',
      security,
      request: {
        params: documentIdSchema,
        headers: z.object({ 'if-match': z.string().optional().openapi({ example: '"3"' }) }),
        body: { content: { 'text/markdown': { schema: z.string() } }, required: true },
      },
      responses: {
        200: { ...json(putResultSchema, 'the new version (or the unchanged one)'), headers: etagHeader },
        ...writeErrors,
        413: bodyErrors[413],
        415: json(errorSchema, 'the body must be text/markdown'),
      },
    }),
    async (c) => {
      const type = c.req.header('content-type') ?? '';
      if (!/^text\/(markdown|plain)\b/i.test(type)) {
        return c.json(
          errorBody('unsupported_media_type', 'send the markdown file as Content-Type: text/markdown'),
          415,
        );
      }
      const result = await putDocumentText({
        store,
        reader: c.var.reader,
        author: c.var.principal,
        id: c.req.valid('param').id,
        markdown: utf8(await c.req.arrayBuffer()),
        ifVersion: ifMatchVersion(c.req.header('if-match')),
        message: c.req.header('x-seam-message'),
      });
      c.header('ETag', `"${result.version}"`);
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${path}/revert`,
      operationId: 'revertDocument',
      summary: "Make a new version carrying an old version's content",
      security,
      request: { params: documentIdSchema, body: { content: { 'application/json': { schema: revertBodySchema } } } },
      responses: { 200: json(revertResultSchema, 'the new version'), ...writeErrors, 413: bodyErrors[413] },
    }),
    async (c) => {
      const { to, message } = c.req.valid('json');
      const result = await revertDocument({
        store,
        reader: c.var.reader,
        author: c.var.principal,
        id: c.req.valid('param').id,
        to,
        message,
        ifVersion: ifMatchVersion(c.req.header('if-match')),
      });
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path,
      operationId: 'deleteDocument',
      summary: 'Delete a document: every version, chunk and index entry',
      security,
      request: { params: documentIdSchema },
      responses: { 200: json(deleteResultSchema, 'deleted'), ...writeErrors },
    }),
    async (c) =>
      c.json(
        await removeDocument({ store, reader: c.var.reader, author: c.var.principal, id: c.req.valid('param').id }),
        200,
      ),
  );
}
