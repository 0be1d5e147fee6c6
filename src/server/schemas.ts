import { z } from '@hono/zod-openapi';
import { isIsoDate } from '../documents/parse-document.js';

/**
 * The HTTP API's schemas: they validate requests, and the OpenAPI document (`GET /openapi.json`) and
 * the MCP tools' schemas are generated from them. Response shapes are the CLI's `--json` objects; their
 * objects are `looseObject`s because the contract lets fields be added (never renamed), and a client that
 * validates against a closed schema would break on the first added field.
 */

const isoDate = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A real date or instant: `2026-13-45` has the shape but names no day, and is refused as input (400). */
export const asOfSchema = z
  .string()
  .regex(isoDate, 'must be an ISO date such as 2026-05-01')
  .refine(isIsoDate, 'must be a real calendar date or instant, such as 2026-05-01')
  .openapi({ description: 'serve the documents in effect at this ISO date or instant (default: now)' });

export const errorSchema = z
  .looseObject({
    error: z.looseObject({
      code: z.string().openapi({ example: 'not_found' }),
      message: z.string(),
    }),
  })
  .openapi('Error');

export const searchQuerySchema = z.object({
  q: z.string().min(1).max(1000).openapi({ description: 'words to look for', example: 'refund window' }),
  k: z.coerce.number().int().min(1).max(100).default(5).openapi({ description: 'how many hits' }),
  collection: z.string().max(200).optional(),
  as_of: asOfSchema.optional(),
});

export const hitSchema = z
  .looseObject({
    id: z.string(),
    version: z.number().int(),
    title: z.string(),
    collection: z.string(),
    heading_path: z.array(z.string()),
    score: z.number(),
    text: z.string(),
    effective_from: z.string().nullable(),
    effective_until: z.string().nullable(),
    chunk: z.number().int(),
  })
  .openapi('Hit');

export const searchResultSchema = z.looseObject({ hits: z.array(hitSchema) }).openapi('SearchResult');

export const documentListSchema = z
  .looseObject({
    documents: z.array(
      z.looseObject({
        id: z.string(),
        version: z.number().int(),
        title: z.string(),
        collection: z.string(),
        acl: z.array(z.string()).nullable(),
        updated_at: z.string(),
      }),
    ),
  })
  .openapi('DocumentList');

export const listQuerySchema = z.object({ collection: z.string().max(200).optional() });

export const documentIdSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(300)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'must be a document id')
    .openapi({ param: { name: 'id', in: 'path' }, example: 'refund-policy' }),
});

export const showQuerySchema = z.object({
  version: z.coerce.number().int().min(1).optional(),
  as_of: asOfSchema.optional(),
});

export const documentSchema = z
  .looseObject({
    id: z.string(),
    version: z.number().int(),
    title: z.string(),
    collection: z.string(),
    acl: z.array(z.string()).nullable(),
    body: z.string(),
    effective_from: z.string().nullable(),
    effective_until: z.string().nullable(),
    subjects: z.array(z.string()),
    tags: z.array(z.string()),
    extra: z.record(z.string(), z.unknown()),
    source: z.string().nullable(),
    created_at: z.string(),
    author: z.string(),
    message: z.string(),
  })
  .openapi('Document');

export const historySchema = z
  .looseObject({
    id: z.string(),
    versions: z.array(
      z.looseObject({
        version: z.number().int(),
        created_at: z.string(),
        author: z.string(),
        message: z.string(),
        title: z.string(),
        effective_from: z.string().nullable(),
        effective_until: z.string().nullable(),
        redacted_by: z
          .string()
          .nullable()
          .openapi({ description: 'the receipt id of the `seam forget` that rewrote this version in place' }),
      }),
    ),
  })
  .openapi('History');

export const diffQuerySchema = z.object({
  from: z.coerce.number().int().min(1),
  to: z.coerce.number().int().min(1),
});

export const diffSchema = z
  .looseObject({ id: z.string(), from: z.number().int(), to: z.number().int(), diff: z.string() })
  .openapi('Diff');

export const putResultSchema = z
  .looseObject({ id: z.string(), version: z.number().int(), status: z.enum(['created', 'updated', 'unchanged']) })
  .openapi('PutResult');

export const revertBodySchema = z.object({
  to: z.number().int().min(1),
  message: z.string().max(1000).optional(),
});

export const revertResultSchema = z.looseObject({ id: z.string(), version: z.number().int() }).openapi('RevertResult');

export const deleteResultSchema = z.looseObject({ id: z.string(), deleted: z.literal(true) }).openapi('DeleteResult');

export const askBodySchema = z.object({
  question: z.string().trim().min(1).max(4000).openapi({ example: 'How long do I have to return a bag?' }),
  as_of: asOfSchema.optional(),
});

const citationSchema = z.looseObject({
  id: z.string(),
  version: z.number().int(),
  title: z.string(),
  effective_from: z.string().nullable(),
});

export const askResultSchema = z
  .looseObject({
    answer: z.string(),
    citations: z.array(citationSchema),
    refused: z.boolean(),
    grounded: z.boolean(),
    trace: z.looseObject({}).openapi({ description: 'principal, permission decisions, hits, connectors, timings' }),
  })
  .openapi('AskResult');

export const diagnoseBodySchema = z.object({
  text: z.string().trim().min(1).max(20_000).openapi({ example: "it still quotes last year's prices" }),
});

export const diagnosisSchema = z
  .looseObject({
    strands: z.array(
      z.looseObject({
        text: z.string(),
        categories: z.array(z.string()),
        intervention: z.string(),
        confidence: z.number(),
      }),
    ),
    categories: z.array(z.string()),
  })
  .openapi('Diagnosis');
