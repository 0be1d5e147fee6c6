import type { SeamConfig } from '../../config/behavior-config.js';
import { IoError } from '../../errors.js';
import { redactMessage, redactUrl } from './redact-url.js';
import { type StateConnector, toRecords } from './state-connector.js';

type HttpConfig = Extract<SeamConfig['connectors'][number], { kind: 'http' }>;

/** Same-origin redirects followed before giving up. */
const maxRedirects = 5;

/**
 * A JSON endpoint called with GET. The principal's id goes where the URL says `{principal}`, or into
 * `?principal=`; nothing from the question is sent. Header values may name environment variables
 * (`Bearer ${STATE_API_TOKEN}`). Node's fetch keeps no response cache, and
 * `cache-control: no-store` asks proxies not to either.
 *
 * Redirects are followed only within the configured URL's origin (scheme, host and port): a redirect
 * to another origin is an error, so the configured headers (keys, tokens) never reach another server.
 * Every URL in an error is redacted (password, query-string values).
 */
export function httpConnector(
  config: HttpConfig,
  options: { env: Record<string, string | undefined>; fetch?: typeof fetch },
): StateConnector {
  const fetchImplementation = options.fetch ?? fetch;
  return {
    specificationVersion: 'seam-connector-v1',
    name: config.name,
    kind: 'http',
    roles: config.roles,
    when: config.when,
    template: config.template,
    async fetch(request) {
      const url = principalUrl(config.url, request.principal.id);
      const shown = redactUrl(url);
      const fail = (problem: string): never => {
        throw new IoError(redactMessage(problem, url), shown);
      };
      const headers = Object.fromEntries(
        Object.entries(config.headers).map(([name, value]) => [name, fromEnvironment(value, options.env, shown)]),
      );
      const signal = AbortSignal.any([
        AbortSignal.timeout(config.timeout_ms),
        ...(request.signal ? [request.signal] : []),
      ]);
      const origin = new URL(url).origin;
      let current = url;
      let response: Response | undefined;
      for (let hop = 0; hop <= maxRedirects; hop++) {
        try {
          response = await fetchImplementation(current, {
            headers: { accept: 'application/json', 'cache-control': 'no-store', ...headers },
            redirect: 'manual',
            signal,
          });
        } catch (error) {
          return fail(`GET ${redactUrl(current)} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
        const location = isRedirect(response.status) ? response.headers.get('location') : null;
        if (location === null) break;
        const next = new URL(location, current);
        if (next.origin !== origin) {
          return fail(
            `GET ${shown} redirected to another origin (${redactUrl(next.href)}); not followed, so the connector's headers stay with ${origin}`,
          );
        }
        current = next.href;
        response = undefined;
      }
      if (!response) return fail(`GET ${shown} redirected more than ${maxRedirects} times`);
      if (!response.ok) return fail(`GET ${shown} answered ${response.status} ${response.statusText}`);
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        return fail(`GET ${shown} did not answer JSON`);
      }
      try {
        return toRecords(body, shown).slice(0, config.max_records);
      } catch (error) {
        return fail(error instanceof Error ? error.message : String(error));
      }
    },
  };
}

export function principalUrl(template: string, principal: string): string {
  if (template.includes('{principal}')) return template.replaceAll('{principal}', encodeURIComponent(principal));
  const url = new URL(template);
  url.searchParams.set('principal', principal);
  return url.toString();
}

function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

function fromEnvironment(value: string, env: Record<string, string | undefined>, shownUrl: string): string {
  return value.replace(/\$\{([A-Z_][A-Z0-9_]*)\}/g, (_, name: string) => {
    const found = env[name];
    if (found === undefined) {
      throw new IoError(`header needs the environment variable ${name}, which is not set`, shownUrl);
    }
    return found;
  });
}
