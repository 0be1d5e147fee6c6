import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { SeamError } from '../errors.js';

/**
 * The one place errors become HTTP statuses. Bodies are `{ "error": { "code", "message" } }`; an error
 * that is not a Seam error is reported as `internal` with no detail (never a stack or a message that
 * could carry data), and printed on the server's stderr only with `SEAM_DEBUG`.
 */
const statusOf: Record<string, ContentfulStatusCode> = {
  input: 400,
  unauthorized: 401,
  permission: 403,
  not_found: 404,
  conflict: 412,
  too_large: 413,
  unsupported_media_type: 415,
  timeout: 504,
  io: 500,
  provider: 502,
};

export interface ErrorBody {
  error: { code: string; message: string } & Record<string, unknown>;
}

export function errorResponse(error: unknown): { status: ContentfulStatusCode; body: ErrorBody } {
  if (SeamError.isInstance(error)) {
    const { code, message, ...rest } = error.toJSON() as { code: string; message: string };
    const safe = error.code === 'io' ? {} : rest;
    return { status: statusOf[error.code] ?? 500, body: { error: { code, message, ...safe } } };
  }
  if (process.env.SEAM_DEBUG) console.error(error);
  return { status: 500, body: { error: { code: 'internal', message: 'internal error' } } };
}

export function errorBody(code: keyof typeof statusOf | string, message: string): ErrorBody {
  return { error: { code, message } };
}

export function statusFor(code: string): ContentfulStatusCode {
  return statusOf[code] ?? 500;
}
