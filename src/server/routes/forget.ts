import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { forgetAs, forgetReceiptsAs } from '../../operations/forget.js';
import type { ServerEnv } from '../auth.js';
import { errorSchema } from '../schemas.js';
import type { ServerServices } from '../services.js';
import { bodyErrors, commonErrors, json, security } from './openapi-common.js';

export const forgetBodySchema = z.object({
  subject: z.string().trim().min(1).max(200).openapi({ example: 'cust-1042' }),
  values: z.array(z.string().min(1).max(1000)).max(100).default([]),
  dry_run: z.boolean().default(false),
});

const documentRefSchema = z.looseObject({ id: z.string() });

/** The `seam forget --json` receipt: its main fields described, the rest allowed. */
export const forgetReceiptSchema = z
  .looseObject({
    receipt: z.string(),
    at: z.string(),
    dry_run: z.boolean(),
    subject: z.string().optional(),
    value_count: z.number().int(),
    documents_deleted: z.array(documentRefSchema),
    documents_redacted: z.array(documentRefSchema),
    purged: z.record(z.string(), z.number()),
    residual: z.number().int().nullable(),
    warnings: z.array(z.string()),
  })
  .openapi('ForgetReceipt');

/** A receipt as the store keeps it (`seam forget --list --json`): no subject, no values, deleted ids as keyed hashes. */
export const storedReceiptSchema = z
  .looseObject({
    receipt: z.string(),
    at: z.string(),
    dry_run: z.boolean(),
    value_count: z.number().int(),
    documents_deleted: z.array(z.looseObject({ id_hash: z.string() })),
    documents_redacted: z.array(documentRefSchema),
    purged: z.record(z.string(), z.number()),
    residual: z.number().int().nullable(),
  })
  .openapi('StoredForgetReceipt');

export const receiptsQuerySchema = z.object({
  subject: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: "only this subject's receipts", example: 'cust-1042' }),
});

/**
 * `POST /v1/forget` (admin): `seam forget` over HTTP; the dry run first, then the real run.
 * `GET /v1/forget/receipts` (admin): `seam forget --list --json`, newest first.
 */
export function registerForgetRoutes(app: OpenAPIHono<ServerEnv>, services: ServerServices): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/forget',
      operationId: 'forgetSubject',
      summary: "Honour a deletion request: delete a subject's documents, redact their values, answer the receipt",
      security,
      request: { body: { content: { 'application/json': { schema: forgetBodySchema } }, required: true } },
      responses: {
        200: json(forgetReceiptSchema, 'the receipt (a dry run changes nothing)'),
        ...bodyErrors,
        403: json(errorSchema, 'the role admin is needed'),
      },
    }),
    async (c) => {
      const { subject, values, dry_run } = c.req.valid('json');
      const receipt = await forgetAs({
        store: services.store,
        reader: c.var.reader,
        subject,
        values,
        dryRun: dry_run,
        now: services.now(),
      });
      return c.json(receipt as unknown as z.infer<typeof forgetReceiptSchema>, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/forget/receipts',
      operationId: 'listForgetReceipts',
      summary: 'List the stored forget receipts, newest first (they hold no subject and no value)',
      security,
      request: { query: receiptsQuerySchema },
      responses: {
        200: json(
          z.looseObject({ receipts: z.array(storedReceiptSchema) }),
          'the receipts, as `seam forget --list --json`',
        ),
        ...commonErrors,
        403: json(errorSchema, 'the role admin is needed'),
      },
    }),
    async (c) => {
      const { subject } = c.req.valid('query');
      const stored = await forgetReceiptsAs({ store: services.store, reader: c.var.reader, subject });
      const receipts = stored.map((entry) => entry.receipt) as z.infer<typeof storedReceiptSchema>[];
      return c.json({ receipts }, 200);
    },
  );
}
