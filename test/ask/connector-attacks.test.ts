import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readerFor } from '../../src/access.js';
import { ask } from '../../src/ask/ask.js';
import { createConnectors } from '../../src/ask/connectors/create-connectors.js';
import { redactMessage, redactUrl } from '../../src/ask/connectors/redact-url.js';
import { seamConfigSchema } from '../../src/config/behavior-config.js';
import { parseConfig } from '../../src/config/load-config.js';
import { InputError, IoError } from '../../src/errors.js';
import { makeKb, makeOrders, now, type TestKb } from './helpers/kb.js';

/** A loopback server that records each request's path and headers and answers with `handle`. */
async function recordingServer(
  handle: (path: string) => { status: number; location?: string; body?: unknown },
): Promise<{ origin: string; seen: { path: string; headers: IncomingHttpHeaders }[]; server: Server }> {
  const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((request, response) => {
    seen.push({ path: request.url ?? '', headers: request.headers });
    const reply = handle(request.url ?? '');
    if (reply.location) response.setHeader('location', reply.location);
    response.setHeader('content-type', 'application/json');
    response.statusCode = reply.status;
    response.end(JSON.stringify(reply.body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

const request = (id: string) => ({ principal: { id, roles: ['customer'] }, now: now().toISOString() });

function httpConnector(url: string) {
  const [connector] = createConnectors(
    seamConfigSchema.parse({
      connectors: [{ name: 'account', kind: 'http', roles: ['customer'], url, headers: { 'x-api-key': 'k3y-s3cret' } }],
    }).connectors,
    { env: {} },
  );
  if (!connector) throw new Error('expected a connector');
  return connector;
}

describe('connector attacks fail with clear errors', () => {
  let kb: TestKb;
  const servers: Server[] = [];
  beforeAll(async () => {
    kb = await makeKb();
  });
  afterAll(async () => {
    for (const server of servers) server.close();
    await kb.store.close();
  });

  it('a SQL query that does not bind :principal is a config error naming file, line and field', () => {
    const text = [
      '{',
      '  "connectors": [',
      '    { "name": "orders", "kind": "sql", "roles": ["customer"], "database": "state.db",',
      '      "query": "SELECT 1; COMMIT; UPDATE orders SET status = \'refunded\'" }',
      '  ]',
      '}',
    ].join('\n');
    const error = (() => {
      try {
        parseConfig(text, 'seam.config.json', kb.dir);
      } catch (caught) {
        return caught;
      }
      throw new Error('expected the config to be refused');
    })();
    expect(InputError.isInstance(error)).toBe(true);
    expect((error as InputError).message).toBe(
      "seam.config.json:4: connectors[0].query: must bind :principal (e.g. WHERE customer_id = :principal): a query without it returns every principal's rows",
    );
  });

  it('sqlite: a second statement after the bound query is refused, and the rows stay', async () => {
    const database = makeOrders(kb.dir);
    const [attack] = createConnectors(
      seamConfigSchema.parse({
        connectors: [
          {
            name: 'orders',
            kind: 'sql',
            roles: ['customer'],
            database,
            query: "SELECT order_id FROM orders WHERE customer_id = :principal; UPDATE orders SET status = 'refunded'",
          },
        ],
      }).connectors,
      { env: {} },
    );
    const error = await attack?.fetch(request('ana')).catch((caught: unknown) => caught);
    expect(IoError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('more than one statement');
    const check = new Database(database, { readonly: true });
    const rows = check.prepare('SELECT status FROM orders ORDER BY order_id').all();
    check.close();
    expect(rows).toEqual([{ status: 'shipped' }, { status: 'being packed' }]);
  });

  it('http: a redirect to another origin is refused, and the x-api-key header never reaches it', async () => {
    const other = await recordingServer(() => ({ status: 200, body: [{ stolen: true }] }));
    const first = await recordingServer((path) =>
      path.startsWith('/moved')
        ? { status: 200, body: [{ plan: 'Daily Grind' }] }
        : path.startsWith('/same')
          ? { status: 302, location: '/moved?principal=ana' }
          : { status: 307, location: `${other.origin}/collect` },
    );
    servers.push(other.server, first.server);

    const error = await httpConnector(`${first.origin}/account`)
      .fetch(request('ana'))
      .catch((caught: unknown) => caught);
    expect(IoError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(`redirected to another origin (${other.origin}/collect); not followed`);
    expect(other.seen).toEqual([]);
    expect(first.seen[0]?.headers['x-api-key']).toBe('k3y-s3cret');

    // A redirect within the same origin is followed, with the headers.
    expect(await httpConnector(`${first.origin}/same`).fetch(request('ana'))).toEqual([{ plan: 'Daily Grind' }]);
    expect(first.seen.at(-1)).toMatchObject({ path: '/moved?principal=ana', headers: { 'x-api-key': 'k3y-s3cret' } });
    expect(other.seen).toEqual([]);
  });

  it("http: a URL's query string never reaches the answer's warnings or trace; credentials in it are refused", async () => {
    const failing = await recordingServer(() => ({ status: 500 }));
    servers.push(failing.server);
    const url = `${failing.origin}/account?token=t0ken-s3cret`;
    const config = seamConfigSchema.parse({
      connectors: [{ name: 'account', kind: 'http', roles: ['customer'], url }],
    });
    const reader = await readerFor(kb.store, 'ana');
    const result = await ask({ question: 'What is my plan?', reader, store: kb.store, config, now });
    expect(result.trace.connectors[0]?.status).toBe('error');
    const shown = JSON.stringify(result);
    expect(result.warnings).toEqual([
      `connector 'account' failed: GET ${failing.origin}/account?token=***&principal=*** answered 500 Internal Server Error`,
    ]);
    expect(shown).not.toContain('t0ken-s3cret');
    expect(failing.seen[0]?.path).toBe('/account?token=t0ken-s3cret&principal=ana');
    const refused = seamConfigSchema.safeParse({
      connectors: [
        { name: 'account', kind: 'http', roles: ['customer'], url: 'https://svc:pa55word@api.example.com/a' },
      ],
    });
    expect(refused.error?.issues[0]).toMatchObject({ path: ['connectors', 0, 'url'] });
    expect(refused.error?.issues[0]?.message).toContain('must not hold credentials');
    expect(JSON.stringify(refused.error?.issues)).not.toContain('pa55word');
  });

  it('a PostgreSQL URL with ?password= is redacted from the connection error', async () => {
    const [orders] = createConnectors(
      seamConfigSchema.parse({
        connectors: [
          {
            name: 'orders',
            kind: 'sql',
            roles: ['customer'],
            database: 'postgres://seam@127.0.0.1:1/nowhere?password=hunter2&sslmode=disable',
            query: 'SELECT 1 WHERE :principal IS NOT NULL',
          },
        ],
      }).connectors,
      { env: {} },
    );
    const error = await orders?.fetch(request('cust-ana')).catch((caught: unknown) => caught);
    expect(IoError.isInstance(error)).toBe(true);
    expect((error as IoError).message).toContain(
      'cannot connect to postgres://seam@127.0.0.1:1/nowhere?password=***&sslmode=***',
    );
    expect(JSON.stringify({ message: (error as IoError).message, path: (error as IoError).path })).not.toContain(
      'hunter2',
    );
  });

  it('redacts userinfo and query values, in URLs and in text a library copied them into', () => {
    expect(redactUrl('https://user:pw@api.example.com:8443/a/b?key=abc&key=def&x=1#frag')).toBe(
      'https://user:***@api.example.com:8443/a/b?key=***&x=***',
    );
    expect(redactUrl('https://api.example.com/plain')).toBe('https://api.example.com/plain');
    expect(redactUrl('not a url //me:secret@host?q=1')).toBe('not a url //me:***@host?***');
    expect(redactMessage('auth failed for sekr3t-value', 'postgres://u@h/db?password=sekr3t-value')).toBe(
      'auth failed for ***',
    );
  });
});
