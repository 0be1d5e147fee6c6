import { setTimeout as sleep } from 'node:timers/promises';
import { ProviderCallError } from '../errors.js';

export interface HttpOptions {
  /** Abort a request after this long. */
  timeoutMs: number;
  /** Counted on every request sent (for budgets and the run's counts). */
  onRequest?: (() => void) | undefined;
  /** Tries after a 429 or 503 (waiting `Retry-After`, at most `maxWaitMs`) or a network failure. */
  retries?: number | undefined;
  maxWaitMs?: number | undefined;
  fetch?: typeof fetch | undefined;
}

/**
 * A GET (or any request) with a timeout, and patience: a 429 or 503 is tried again after the server's
 * `Retry-After` (seconds or an HTTP date; 1 s when absent, capped), a network failure after a short backoff.
 * Any other status is returned to the caller, who knows what a 304, 404 or 410 means for its source.
 */
export async function request(url: string, init: RequestInit, options: HttpOptions): Promise<Response> {
  const retries = options.retries ?? 3;
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  const send = options.fetch ?? fetch;
  for (let attempt = 0; ; attempt++) {
    options.onRequest?.();
    let response: Response;
    try {
      response = await send(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
    } catch (error) {
      if (attempt >= retries) {
        throw new ProviderCallError(`${redact(url)}: ${describe(error)}`, redact(url), undefined, true, {
          cause: error,
        });
      }
      await sleep(Math.min(250 * 2 ** attempt, maxWaitMs));
      continue;
    }
    if ((response.status === 429 || response.status === 503) && attempt < retries) {
      await response.body?.cancel();
      await sleep(Math.min(retryAfterMs(response.headers.get('retry-after')), maxWaitMs));
      continue;
    }
    return response;
  }
}

/** A JSON body, or a `ProviderCallError` naming the URL and status. */
export async function json<T>(response: Response, url: string): Promise<T> {
  if (!response.ok) throw await statusError(response, url);
  try {
    return (await response.json()) as T;
  } catch (error) {
    throw new ProviderCallError(`${redact(url)}: the response is not JSON`, redact(url), response.status, false, {
      cause: error,
    });
  }
}

export async function statusError(response: Response, url: string): Promise<ProviderCallError> {
  const text = await response.text().catch(() => '');
  const retryable = response.status === 429 || response.status >= 500;
  const hint = response.status === 401 || response.status === 403 ? ' (check the token and its permissions)' : '';
  return new ProviderCallError(
    `${redact(url)}: HTTP ${response.status}${hint}${text ? `: ${text.slice(0, 200)}` : ''}`,
    redact(url),
    response.status,
    retryable,
  );
}

function retryAfterMs(value: string | null): number {
  if (value === null) return 1000;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? 1000 : Math.max(0, date - Date.now());
}

/** A URL without credentials or query values (tokens sometimes travel there). */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  return String(cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : error));
}
