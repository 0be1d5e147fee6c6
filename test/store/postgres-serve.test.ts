import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/serve.js';
import { createServices } from '../../src/server/services.js';
import { createToken } from '../../src/server/tokens.js';
import type { KnowledgeStore } from '../../src/store/knowledge-store.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { createSchema, postgresBin, startPostgres, type TestPostgres } from '../helpers/postgres.js';

const bin = postgresBin();
const refunds = (days: number) =>
  `---\nid: refund-policy\ntitle: Refunds\ncollection: policy\n---\n# Refunds\n\n## Window\n\nCustomers may return items within ${days} days of delivery.\n`;

/** Two `seam serve` instances (each with its own store and connection pool) on one PostgreSQL database. */
describe.skipIf(!bin)(bin ? 'two servers on one PostgreSQL store' : 'two servers (skipped: no PostgreSQL)', () => {
  let database: TestPostgres;
  const stores: KnowledgeStore[] = [];
  const servers: RunningServer[] = [];
  let token = '';
  beforeAll(async () => {
    database = await startPostgres(bin as string);
    const url = await createSchema(database.url, 'served');
    for (let index = 0; index < 2; index++) {
      const store = await openPostgresStore({ url });
      stores.push(store);
      servers.push(await startServer({ services: createServices({ store, env: {} }), host: '127.0.0.1', port: 0 }));
    }
    const [first] = stores as [KnowledgeStore];
    await first.putPrincipal({ id: 'eve', roles: ['editor', 'support'] });
    token = (await createToken({ store: first, principal: 'eve', name: 'eve', now: new Date() })).token;
  }, 120_000);
  afterAll(async () => {
    for (const server of servers) await server.close();
    for (const store of stores) await store.close();
    database?.stop();
  });

  const call = (server: number, path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token}`);
    return fetch(`${servers[server]?.url}${path}`, { ...init, headers });
  };
  const put = (server: number, body: string, ifMatch?: string) =>
    call(server, '/v1/documents/refund-policy', {
      method: 'PUT',
      body,
      headers: { 'content-type': 'text/markdown', ...(ifMatch ? { 'if-match': ifMatch } : {}) },
    });
  const searchOn = async (server: number) =>
    ((await (await call(server, '/v1/search?q=return+window')).json()) as { hits: { version: number; text: string }[] })
      .hits;

  it('an edit through one server is served by the other on the next request', async () => {
    expect((await put(0, refunds(30))).status).toBe(200);
    expect((await searchOn(1)).map((hit) => hit.version)).toEqual([1]);
    expect((await put(0, refunds(14), '"1"')).status).toBe(200);
    const hits = await searchOn(1);
    expect(hits.map((hit) => hit.version)).toEqual([2]);
    expect(hits[0]?.text).toContain('14 days');
    const shown = await call(1, '/v1/documents/refund-policy');
    expect(shown.headers.get('etag')).toBe('"2"');
  });

  it('two editors on two servers with the same If-Match: one wins, the other gets 412 conflict', async () => {
    const [first, second] = await Promise.all([put(0, refunds(21), '"2"'), put(1, refunds(45), '"2"')]);
    expect([first.status, second.status].sort()).toEqual([200, 412]);
    const refused = first.status === 412 ? first : second;
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('conflict');
    const history = (await (await call(0, '/v1/documents/refund-policy/history')).json()) as { versions: unknown[] };
    expect(history.versions).toHaveLength(3);
  });
});
