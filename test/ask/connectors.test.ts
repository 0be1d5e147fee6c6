import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator, readerFor } from '../../src/access.js';
import { ask } from '../../src/ask/ask.js';
import { createConnectors } from '../../src/ask/connectors/create-connectors.js';
import { asksAboutOwn } from '../../src/ask/evidence/question.js';
import { seamConfigSchema } from '../../src/config/behavior-config.js';
import { IoError } from '../../src/errors.js';
import { makeKb, makeOrders, now, type TestKb } from './helpers/kb.js';

const principal = (id: string) => ({ principal: { id, roles: ['customer'] }, now: now().toISOString() });

function connectorsOf(raw: unknown[]) {
  return createConnectors(seamConfigSchema.parse({ connectors: raw }).connectors, { env: { STATE_TOKEN: 's3cret' } });
}

describe('state connectors', () => {
  let kb: TestKb;
  beforeAll(async () => {
    kb = await makeKb();
  });
  afterAll(() => kb.store.close());

  it('sql: binds :principal to the asker, reads fresh rows on every call, and refuses writes', async () => {
    const database = makeOrders(kb.dir);
    const [orders, writer] = connectorsOf([
      {
        name: 'orders',
        kind: 'sql',
        roles: ['customer'],
        database,
        query: 'SELECT order_id, status FROM orders WHERE customer_id = :principal',
      },
      {
        name: 'writer',
        kind: 'sql',
        roles: ['customer'],
        database,
        query: 'DELETE FROM orders WHERE customer_id = :principal',
      },
    ]);
    if (!orders || !writer) throw new Error('expected two connectors');
    expect(await orders.fetch(principal('ana'))).toEqual([{ order_id: 'A-1001', status: 'shipped' }]);
    expect(await orders.fetch(principal('ben'))).toEqual([{ order_id: 'B-2002', status: 'being packed' }]);
    const edit = new Database(database);
    edit.prepare("UPDATE orders SET status = 'delivered' WHERE customer_id = 'ana'").run();
    edit.close();
    expect(await orders.fetch(principal('ana'))).toEqual([{ order_id: 'A-1001', status: 'delivered' }]);
    const refused = await writer.fetch(principal('ana')).catch((error: unknown) => error);
    expect(IoError.isInstance(refused)).toBe(true);
    expect(String(refused)).toContain('read-only');
    expect(await orders.fetch(principal('ben'))).toHaveLength(1);
  });

  it('http: sends the principal id (never the question), header secrets from the environment, no caching', async () => {
    const requests: IncomingMessage[] = [];
    const server = createServer((request, response) => {
      requests.push(request);
      const id = new URL(request.url ?? '/', 'http://x').searchParams.get('principal');
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify(id === 'ana' ? [{ plan: 'Daily Grind', balance: '$0.00', calls: requests.length }] : []),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/account`;
    try {
      const [account] = connectorsOf([
        {
          name: 'account',
          kind: 'http',
          roles: ['customer'],
          url,
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the config's environment syntax, not a JS template
          headers: { authorization: 'Bearer ${STATE_TOKEN}' },
        },
      ]);
      if (!account) throw new Error('expected a connector');
      expect(await account.fetch(principal('ana'))).toEqual([{ plan: 'Daily Grind', balance: '$0.00', calls: 1 }]);
      expect(await account.fetch(principal('ben'))).toEqual([]);
      expect(await account.fetch(principal('ana'))).toEqual([{ plan: 'Daily Grind', balance: '$0.00', calls: 3 }]);
      expect(requests.map((request) => request.url)).toEqual([
        '/account?principal=ana',
        '/account?principal=ben',
        '/account?principal=ana',
      ]);
      expect(requests[0]?.headers.authorization).toBe('Bearer s3cret');
    } finally {
      server.close();
    }
  });

  it('function: calls your module per request with the principal, and reports a missing export', async () => {
    const module = join(kb.dir, 'plan.mjs');
    writeFileSync(
      module,
      'let calls = 0;\nexport default ({ principal }) => ({ customer: principal.id, plan: principal.id === "ana" ? "Daily Grind" : "none", call: ++calls });\n',
    );
    const [plan, missing] = connectorsOf([
      { name: 'plan', kind: 'function', roles: ['customer'], module },
      { name: 'missing', kind: 'function', roles: ['customer'], module, export: 'lookup' },
    ]);
    if (!plan || !missing) throw new Error('expected two connectors');
    expect(await plan.fetch(principal('ana'))).toEqual([{ customer: 'ana', plan: 'Daily Grind', call: 1 }]);
    expect(await plan.fetch(principal('ben'))).toEqual([{ customer: 'ben', plan: 'none', call: 2 }]);
    await expect(missing.fetch(principal('ana'))).rejects.toThrow("does not export a function named 'lookup'");
  });

  it('in a request: runs only permitted connectors the question is about, and shows errors in the trace', async () => {
    const database = makeOrders(kb.dir);
    const config = seamConfigSchema.parse({
      handoff: { on_connector_error: true },
      connectors: [
        {
          name: 'orders',
          kind: 'sql',
          roles: ['customer'],
          database,
          when: ['order'],
          template: 'Order {order_id} is {status}.',
          query: 'SELECT order_id, status FROM orders WHERE customer_id = :principal',
        },
        {
          name: 'staff',
          kind: 'sql',
          roles: ['support'],
          database,
          query: 'SELECT count(*) AS n FROM orders WHERE :principal',
        },
        {
          name: 'broken',
          kind: 'sql',
          roles: ['customer'],
          database: join(kb.dir, 'nope.db'),
          query: 'SELECT :principal',
        },
      ],
    });
    const result = await ask({
      question: 'Where is my order?',
      reader: await readerFor(kb.store, 'ana'),
      store: kb.store,
      config,
      now,
    });
    expect(result.answer).toBe('1. Order A-1001 is shipped.');
    expect(result.state_used).toEqual([{ connector: 'orders', records: [{ order_id: 'A-1001', status: 'shipped' }] }]);
    expect(result.trace.connectors.map(({ name, status }) => [name, status])).toEqual([
      ['orders', 'ok'],
      ['staff', 'skipped'],
      ['broken', 'error'],
    ]);
    expect(result.trace.connectors[2]?.detail).toContain('nope.db');
    expect(result.trace.permissions.filter((decision) => decision.subject !== 'documents')).toEqual([
      { subject: 'connector:orders', decision: 'allow', detail: 'role customer' },
      { subject: 'connector:staff', decision: 'deny', detail: 'needs one of: support' },
      { subject: 'connector:broken', decision: 'allow', detail: 'role customer' },
    ]);
    expect(result.handoff).toMatchObject({ reason: 'connector_error' });
    expect(result.warnings[0]).toContain("connector 'broken' failed");

    const refunds = await ask({
      question: 'What is the refund window?',
      reader: await readerFor(kb.store, 'ana'),
      store: kb.store,
      config,
      now,
    });
    expect(refunds.trace.connectors[0]).toMatchObject({
      name: 'orders',
      status: 'skipped',
      detail: 'the question does not mention it',
    });

    const asOperator = await ask({ question: 'Where is my order?', reader: operator, store: kb.store, config, now });
    expect(asOperator.trace.connectors.every((call) => call.status === 'skipped')).toBe(true);
    expect(JSON.stringify(asOperator)).not.toContain('A-1001');

    // A general question that uses a `when` word is about the policy, not the asker's records.
    const general = await ask({
      question: 'Can an order be changed after it has been packed?',
      reader: await readerFor(kb.store, 'ana'),
      store: kb.store,
      config,
      now,
    });
    expect(general.trace.connectors[0]).toMatchObject({
      name: 'orders',
      status: 'skipped',
      detail: "the question is not about the asker's own records",
    });
    expect(general.state_used).toEqual([]);
    expect(JSON.stringify(general)).not.toContain('A-1001');
  });
});

describe('a question about the asker’s own records', () => {
  it.each([
    ['Where is my order?', true],
    ['Has our package left the warehouse?', true],
    ['I ordered a mug on Monday; when does it arrive?', true],
    ["We've paid twice for one order", true],
    ['I bought a grinder last week', true],
    ['Which plan am I on?', true],
    ['Did we get charged twice?', true],
    ['Do I have an open order?', true],
    ['Do I have to sign for the package?', false],
    ['Can an order be changed after it has been packed?', false],
    ['Do I need to order before noon?', false],
    ['How long does delivery take?', false],
    ['Can I cancel an order?', false],
  ])('%s → %s', (question, own) => {
    expect(asksAboutOwn(question)).toBe(own);
  });
});
