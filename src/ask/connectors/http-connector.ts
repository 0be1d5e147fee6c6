import type { SeamConfig } from '../../config/behavior-config.js';
import { IoError } from '../../errors.js';
import { type StateConnector, toRecords } from './state-connector.js';

type HttpConfig = Extract<SeamConfig['connectors'][number], { kind: 'http' }>;

/**
 * A JSON endpoint called with GET. The principal's id goes where the URL says `{principal}`, or into
 * `?principal=`; nothing from the question is sent. Header values may name environment variables
 * (`Bearer ${STATE_API_TOKEN}`). Node's fetch keeps no response cache, and
 * `cache-control: no-store` asks proxies not to either.
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
      const headers = Object.fromEntries(
        Object.entries(config.headers).map(([name, value]) => [name, fromEnvironment(value, options.env, url)]),
      );
      const signal = AbortSignal.any([
        AbortSignal.timeout(config.timeout_ms),
        ...(request.signal ? [request.signal] : []),
      ]);
      let response: Response;
      try {
        response = await fetchImplementation(url, {
          headers: { accept: 'application/json', 'cache-control': 'no-store', ...headers },
          signal,
        });
      } catch (error) {
        throw new IoError(`GET ${url} failed: ${error instanceof Error ? error.message : String(error)}`, url, {
          cause: error,
        });
      }
      if (!response.ok) throw new IoError(`GET ${url} answered ${response.status} ${response.statusText}`, url);
      let body: unknown;
      try {
        body = await response.json();
      } catch (error) {
        throw new IoError(`GET ${url} did not answer JSON`, url, { cause: error });
      }
      try {
        return toRecords(body, url).slice(0, config.max_records);
      } catch (error) {
        throw new IoError(error instanceof Error ? error.message : String(error), url);
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

function fromEnvironment(value: string, env: Record<string, string | undefined>, url: string): string {
  return value.replace(/\$\{([A-Z_][A-Z0-9_]*)\}/g, (_, name: string) => {
    const found = env[name];
    if (found === undefined) throw new IoError(`header needs the environment variable ${name}, which is not set`, url);
    return found;
  });
}
