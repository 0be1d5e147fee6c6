import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { IoError, SeamError, StoreError } from '../errors.js';

/**
 * The one place errors become HTTP statuses. Bodies are `{ "error": { "code", "message" } }`; an error
 * that is not a Seam error is reported as `internal` with no detail (never a stack or a message that
 * could carry data), and printed on the server's stderr only with `SEAM_DEBUG`. A store that cannot be
 * reached or used is `unavailable` (503, with `Retry-After`), and a failed file or service read is `io`
 * (500): both with a fixed message, since theirs name a path or a database URL (user, host, port, name),
 * which are the operator's to see (in the access log), not a caller's.
 */
const statusOf: Record<string, ContentfulStatusCode> = {
  input: 400,
  unauthorized: 401,
  permission: 403,
  origin: 403,
  not_found: 404,
  conflict: 412,
  too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  timeout: 504,
  io: 500,
  provider: 502,
};

export interface ErrorBody {
  error: { code: string; message: string } & Record<string, unknown>;
}

/** Seconds a client is asked to wait (`Retry-After`) when the store is unavailable. */
export const retryAfterSeconds = 5;

export function errorResponse(error: unknown): { status: ContentfulStatusCode; body: ErrorBody } {
  if (StoreError.isInstance(error)) {
    const message = 'the knowledge store is unavailable; try again shortly';
    return { status: 503, body: errorBody('unavailable', message) };
  }
  if (IoError.isInstance(error)) {
    return { status: 500, body: errorBody('io', 'the server could not read a file or service it depends on') };
  }
  if (SeamError.isInstance(error)) {
    const { code, message, ...rest } = error.toJSON() as { code: string; message: string };
    return { status: statusOf[error.code] ?? 500, body: { error: { code, message, ...rest } } };
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
