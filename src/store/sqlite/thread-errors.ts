import {
  ConflictError,
  InputError,
  InternalError,
  IoError,
  NotFoundError,
  PermissionError,
  ProviderCallError,
  SeamError,
  type SeamErrorCode,
  StoreError,
} from '../../errors.js';

/**
 * Errors crossing a worker thread. A structured clone keeps an error's message but not its class, so a
 * `ConflictError` thrown by the writer thread would reach the server as a plain `Error` (a 500 instead of
 * a 412). The worker sends the error's `toJSON()` fields instead, and the caller builds the same class again.
 */

/** An error as a worker sends it. */
export interface ThreadError {
  /** The Seam error code, or `undefined` for any other error (reported as it is: a bug stays internal). */
  code: SeamErrorCode | undefined;
  message: string;
  fields: Record<string, unknown>;
  stack: string | undefined;
}

/** What a worker task returns: its value, or the error it threw. */
export type ThreadResult = { value: unknown } | { error: ThreadError };

export function toThreadError(error: unknown): ThreadError {
  if (SeamError.isInstance(error)) {
    // Own fields (`what`, `path`...) and what `toJSON` adds (`others`); `cause` stays behind (a SQLite error).
    const own = Object.entries(error).filter(([key, value]) => key !== 'cause' && typeof value !== 'object');
    const { code, message, ...fields } = error.toJSON() as { code: SeamErrorCode; message: string };
    return { code, message, fields: { ...Object.fromEntries(own), ...fields }, stack: error.stack };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: undefined, message, fields: {}, stack: error instanceof Error ? error.stack : undefined };
}

type Fields = Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' ? value : '');
const count = (value: unknown) => (typeof value === 'number' ? value : undefined);

function inputError(message: string, fields: Fields): InputError {
  const others = Array.isArray(fields.others)
    ? (fields.others as Fields[]).map((other) => inputError(text(other.message), other))
    : [];
  // The message is already located (`file:line: field: ...`): build it without a location, then set the fields.
  return Object.assign(new InputError(message, {}, others), {
    file: fields.file,
    line: fields.line,
    field: fields.field,
  });
}

/** How each Seam error is built again from its fields; one entry per code, so a new code must be added here. */
const revivers = {
  input: inputError,
  conflict: (_message, fields) =>
    new ConflictError(text(fields.id), count(fields.expected_version) ?? 0, count(fields.actual_version)),
  not_found: (message, fields) => new NotFoundError(text(fields.what) || message, message),
  permission: (message) => new PermissionError(message),
  io: (message, fields) => new IoError(message, text(fields.path)),
  provider: (message, fields) =>
    new ProviderCallError(message, text(fields.url), count(fields.status_code), fields.is_retryable === true),
  store: (message, fields) => new StoreError(message, text(fields.path), fields.problem as StoreError['problem']),
  internal: (message) => new InternalError(message),
} satisfies Record<SeamErrorCode, (message: string, fields: Fields) => SeamError>;

/** The error a worker reported, as the class it was thrown as (with the worker's stack). */
export function fromThreadError(error: ThreadError): Error {
  const revived =
    error.code === undefined ? new Error(error.message) : revivers[error.code](error.message, error.fields);
  if (error.stack) revived.stack = error.stack;
  return revived;
}
