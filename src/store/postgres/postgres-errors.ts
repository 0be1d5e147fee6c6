import { SeamError, StoreError, type StoreProblem } from '../../errors.js';
import { NewerSchemaError } from './migrations.js';

/** A connection URL fit for messages: the password, if any, replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    // Not parseable as a URL: hide anything between `//user:` and `@`.
    return url.replace(/(\/\/[^/:@]*:)[^@/]*@/, '$1***@');
  }
}

/** SQLSTATEs after which the whole transaction may simply run again: serialization failure, deadlock. */
const retryableStates = new Set(['40001', '40P01']);

export function isRetryable(error: unknown): boolean {
  return retryableStates.has(sqlState(error) ?? '');
}

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Every failure of the backend as a Seam error: Seam's own errors pass through, everything else (no
 * server, bad credentials, a missing database, a broken connection, a server-side failure) becomes a
 * `StoreError` naming the store by its redacted URL, with the problem scripts branch on. The password
 * never appears in a message.
 */
export function toSeamError(error: unknown, url: string, doing: string): SeamError {
  if (SeamError.isInstance(error)) return error;
  const where = redactUrl(url);
  const state = sqlState(error);
  const raw = (error instanceof Error ? error.message : String(error)) || state || 'unknown error';
  const detail = scrub(raw, url);
  if (error instanceof NewerSchemaError) {
    return new StoreError(`cannot open the store at ${where}: ${detail}`, where, 'schema', { cause: error });
  }
  const hint = state === undefined ? undefined : (hints[state] ?? hints[state.slice(0, 2)]);
  const problem: StoreProblem = state === undefined ? 'io' : (problems[state] ?? problems[state.slice(0, 2)] ?? 'io');
  return new StoreError(
    `PostgreSQL store at ${where}: ${doing} failed: ${detail}${hint ? ` (${hint})` : ''}`,
    where,
    problem,
    { cause: error },
  );
}

/** SQLSTATEs (or their class) that say more than "I/O": a missing database, a busy server, a replica. */
const problems: Record<string, StoreProblem> = {
  '3D000': 'missing',
  '53300': 'busy',
  '55P03': 'busy',
  '25006': 'read_only',
  XX001: 'corrupt',
  XX002: 'corrupt',
};

const hints: Record<string, string> = {
  ECONNREFUSED: 'is the server running and listening there?',
  ENOTFOUND: 'unknown host name',
  '3D000': 'create the database first, e.g. createdb',
  '28': 'check the user name and password in the URL',
  '08': 'the connection was lost; retry',
  '53': 'the server is out of resources',
  '25006': 'this server is read-only (a replica?); point --db at the primary',
  '57': 'the server is shutting down or cancelled the query',
};

/** Remove the URL's password from a driver message, should one ever quote it. */
function scrub(message: string, url: string): string {
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password ? message.split(password).join('***') : message;
  } catch {
    return message;
  }
}
