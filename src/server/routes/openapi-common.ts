import { errorSchema } from '../schemas.js';

/**
 * What every route's OpenAPI description shares: the bearer scheme, the errors any authenticated route
 * can answer (401, 429, 503), 413 for routes that take a body, and the `ETag` a document route sends.
 */

export const json = <T>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

export const security = [{ bearer: [] }];

const retryAfter = {
  'Retry-After': { description: 'seconds to wait before trying again', schema: { type: 'integer' as const } },
};

/** Answers any route behind the token can give, whatever it does. */
export const commonErrors = {
  400: json(errorSchema, 'invalid input'),
  401: json(errorSchema, 'no valid token'),
  429: { ...json(errorSchema, 'too many failed credentials from this address'), headers: retryAfter },
  503: { ...json(errorSchema, 'the knowledge store is unavailable'), headers: retryAfter },
};

/** Routes that accept a body: it may be over the server's limit. */
export const bodyErrors = {
  ...commonErrors,
  413: json(errorSchema, 'the request body is over the size limit'),
};

export const etagHeader = {
  ETag: {
    description: 'the version number in quotes (`"3"`): send it back as `If-Match` to write conditionally',
    schema: { type: 'string' as const, example: '"3"' },
  },
};
