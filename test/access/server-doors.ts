import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/**
 * The permission probe's doors into a running `seam serve`: the JSON API with a bearer token, MCP over
 * Streamable HTTP with a bearer token, and the web console signed in with a token. Each call returns
 * everything the caller received (status, every header, the body) so the probe can look for any byte.
 */

export interface Exchange {
  /** What was asked, e.g. `GET /v1/documents/memo?version=1`. */
  path: string;
  status: number;
  /** The response body as text. */
  body: string;
  /** Every header and the body: what a leak is looked for in. */
  received: string;
}

async function exchange(path: string, response: Response): Promise<Exchange> {
  const body = await response.text();
  const headers = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
  return { path, status: response.status, body, received: `${headers}\n\n${body}` };
}

/** The JSON API as the holder of `token` (`undefined`: no Authorization header). */
export function apiDoor(url: string, token: string | undefined) {
  const headers = (extra: Record<string, string> = {}) =>
    token === undefined ? extra : { ...extra, authorization: `Bearer ${token}` };
  const send = async (method: string, path: string, body?: unknown) =>
    exchange(
      `${method} ${path}`,
      await fetch(`${url}${path}`, {
        method,
        headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
  return {
    send,
    get: (path: string) => send('GET', path),
    post: (path: string, body: unknown) => send('POST', path, body),
  };
}

/** An MCP client over Streamable HTTP at `/mcp` with the bearer token; close it when done. */
export async function mcpDoor(url: string, token: string) {
  const client = new Client({ name: 'seam-probe', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return {
    call: async (name: string, input: Record<string, unknown>): Promise<Exchange> => {
      const result = await client.callTool({ name, arguments: input });
      const body = JSON.stringify(result);
      return { path: `mcp ${name} ${JSON.stringify(input)}`, status: result.isError ? 1 : 0, body, received: body };
    },
    tools: async () => (await client.listTools()).tools.map((tool) => tool.name),
    close: () => client.close(),
  };
}

/**
 * The web console signed in with `token` (the session cookie it sets is sent on every later request).
 * `undefined` when the sign-in is refused; the refusal is returned as `refused`.
 */
export async function consoleDoor(url: string, token: string) {
  const signIn = await fetch(`${url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: url, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }).toString(),
  });
  const cookie = signIn.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  const refused = await exchange('POST /sign-in', signIn);
  const headers = { cookie, origin: url };
  return {
    refused: signIn.status === 303 && cookie !== '' ? undefined : refused,
    get: async (path: string) =>
      exchange(`console GET ${path}`, await fetch(`${url}${path}`, { headers, redirect: 'manual' })),
    /** A multipart form with one file (as the console's file inputs send it). */
    upload: async (path: string, field: string, file: { name: string; text: string }) => {
      const form = new FormData();
      form.append(field, new Blob([file.text], { type: 'application/jsonl' }), file.name);
      return exchange(
        `console POST ${path} (${file.name})`,
        await fetch(`${url}${path}`, { method: 'POST', redirect: 'manual', headers, body: form }),
      );
    },
    post: async (path: string, form: Record<string, string>) =>
      exchange(
        `console POST ${path}`,
        await fetch(`${url}${path}`, {
          method: 'POST',
          redirect: 'manual',
          headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(form).toString(),
        }),
      ),
  };
}
