import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { operator } from '../../src/access.js';
import { createDiagnoser } from '../../src/diagnose/diagnose.js';
import { modelFromJson } from '../../src/diagnose/model-file.js';
import { parseDocumentText } from '../../src/documents/parse-document.js';
import { type RunningServer, startServer } from '../../src/server/serve.js';
import { createServices } from '../../src/server/services.js';
import { createToken } from '../../src/server/tokens.js';
import type { KnowledgeStore } from '../../src/store/knowledge-store.js';
import { openPooledSqliteStore } from '../../src/store/sqlite/pooled-store.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { tempDir } from '../helpers/temp.js';

/** A small knowledge base: a public refund policy (two versions), a product page, a billing-only playbook. */
export const fixtureDocuments = {
  refundsV1: `---\nid: refund-policy\ntitle: Refunds\ncollection: policy\n---\n# Refunds\n\n## Window\n\nCustomers may return items within 30 days of delivery.\n`,
  refundsV2: `---\nid: refund-policy\ntitle: Refunds\ncollection: policy\n---\n# Refunds\n\n## Window\n\nCustomers may return items within 14 days of delivery.\n`,
  plans: `---\nid: plans\ntitle: Plans\ncollection: product\n---\n# Plans\n\nThe Daily Grind plan costs $16 per month and ships every two weeks.\n`,
  chargebacks: `---\nid: chargeback-playbook\ntitle: Chargeback playbook\ncollection: policy\nacl: [billing]\n---\n# Chargeback playbook\n\nNever refund an order with an open chargeback; escalate to the Kestrel desk.\n`,
};

export const fixturePrincipals = {
  ada: ['admin', 'editor', 'support', 'billing'],
  eve: ['editor', 'support'],
  sam: ['support'],
  bea: ['billing', 'support'],
};

export type FixtureName = keyof typeof fixturePrincipals;

export interface ServerFixture {
  db: string;
  url: string;
  store: KnowledgeStore;
  tokens: Record<FixtureName, string>;
  /** `fetch` against the server as a principal (or without a token). */
  request(path: string, options?: RequestInit & { as?: FixtureName }): Promise<Response>;
  server: RunningServer;
}

export async function seedFixtureStore(
  db: string,
): Promise<{ store: KnowledgeStore; tokens: Record<FixtureName, string> }> {
  const store = openSqliteStore({ path: db });
  const parse = (text: string) => parseDocumentText(text, { file: 'fixture.md', fallbackId: 'fixture' });
  await store.put(parse(fixtureDocuments.refundsV1), { reader: operator, author: 'dana', message: 'first window' });
  await store.put(parse(fixtureDocuments.refundsV2), {
    reader: operator,
    author: 'dana',
    message: 'window is now 14 days',
  });
  await store.put(parse(fixtureDocuments.plans), { reader: operator, author: 'dana' });
  await store.put(parse(fixtureDocuments.chargebacks), {
    reader: operator,
    author: 'bea',
    message: 'restricted playbook',
  });
  const tokens = {} as Record<FixtureName, string>;
  for (const [id, roles] of Object.entries(fixturePrincipals) as [FixtureName, string[]][]) {
    await store.putPrincipal({ id, roles });
    tokens[id] = (await createToken({ store, principal: id, name: `${id}-token`, now: new Date() })).token;
  }
  return { store, tokens };
}

/**
 * A seeded store in a temporary folder and a real server on a free loopback port, stopped after the file.
 * The server reads and writes through the pooled store, as `seam serve` does.
 */
export async function startFixtureServer(
  options: { limits?: { bodyBytes: number; timeoutMs: number } } = {},
): Promise<ServerFixture> {
  const db = join(tempDir('seam-server-'), 'seam.db');
  const seeded = await seedFixtureStore(db);
  await seeded.store.close();
  const { tokens } = seeded;
  const store = await openPooledSqliteStore({ path: db, readThreads: 2 });
  const services = createServices({ store, env: {}, diagnoser: builtDiagnoser });
  const server = await startServer({
    services,
    host: '127.0.0.1',
    port: 0,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  afterAll(async () => {
    await server.close();
    await store.close();
  });
  return {
    db,
    url: server.url,
    store,
    tokens,
    server,
    request: (path, init = {}) => {
      const { as, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (as) headers.set('authorization', `Bearer ${tokens[as]}`);
      return fetch(`${server.url}${path}`, { ...rest, headers });
    },
  };
}

/** The classifier `npm run build` trained (tests run after the build); from source alone it would be trained here, slowly. */
async function builtDiagnoser() {
  const built = new URL('../../dist/diagnose/model.json', import.meta.url);
  return existsSync(built)
    ? createDiagnoser({ model: modelFromJson(JSON.parse(readFileSync(built, 'utf8'))) })
    : createDiagnoser();
}
