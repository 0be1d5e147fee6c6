import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectors } from '../../src/ask/connectors/create-connectors.js';
import { numbered, queryPostgres } from '../../src/ask/connectors/postgres-query.js';
import { seamConfigSchema } from '../../src/config/behavior-config.js';
import { IoError } from '../../src/errors.js';
import { postgresBin, startPostgres, type TestPostgres } from '../helpers/postgres.js';

const bin = postgresBin();

describe('PostgreSQL parameters', () => {
  it('numbers :principal and :now, leaving quoted text and casts alone', () => {
    expect(
      numbered(
        "SELECT ':principal' AS x, now FROM t WHERE a = :principal AND b <= :now::timestamptz OR c = :principal",
        { principal: 'ana', now: '2026-11-25' },
      ),
    ).toEqual({
      text: "SELECT ':principal' AS x, now FROM t WHERE a = $1 AND b <= $2::timestamptz OR c = $1",
      values: ['ana', '2026-11-25'],
    });
  });
});

describe.skipIf(!bin)(
  'sql connector on a real PostgreSQL server (skipped: no PostgreSQL server binaries under /usr/lib/postgresql)',
  () => {
    let server: TestPostgres;
    beforeAll(async () => {
      server = await startPostgres(bin as string);
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      await client.query(`CREATE TABLE orders (order_id text, customer_id text, status text, placed_at timestamptz);
      INSERT INTO orders VALUES ('TW-1042', 'cust-ana', 'shipped', '2026-11-22'), ('TW-2077', 'cust-ben', 'packing', '2026-11-24'),
                                ('TW-3001', 'cust-ana', 'scheduled', '2027-01-05')`);
      await client.end();
    }, 120_000);
    afterAll(() => server?.stop());

    const connectors = (query: string) =>
      createConnectors(
        seamConfigSchema.parse({
          connectors: [{ name: 'orders', kind: 'sql', roles: ['customer'], database: server.url, query }],
        }).connectors,
        { env: {} },
      );
    const request = (id: string) => ({ principal: { id, roles: ['customer'] }, now: '2026-11-25T12:00:00.000Z' });

    it("binds :principal and :now from the request and returns only that customer's rows", async () => {
      const [orders] = connectors(
        'SELECT order_id, status FROM orders WHERE customer_id = :principal AND placed_at <= :now::timestamptz ORDER BY order_id',
      );
      expect(await orders?.fetch(request('cust-ana'))).toEqual([{ order_id: 'TW-1042', status: 'shipped' }]);
      expect(await orders?.fetch(request('cust-ben'))).toEqual([{ order_id: 'TW-2077', status: 'packing' }]);
      expect(await orders?.fetch(request("cust-ana' OR '1'='1"))).toEqual([]);
    });

    it('queries read-only: a write fails and changes nothing', async () => {
      const [writer] = connectors(
        "UPDATE orders SET status = 'refunded' WHERE customer_id = :principal RETURNING order_id",
      );
      await expect(writer?.fetch(request('cust-ana'))).rejects.toSatisfy(
        (error: unknown) => IoError.isInstance(error) && /read-only transaction/.test(error.message),
      );
      const [orders] = connectors('SELECT status FROM orders WHERE customer_id = :principal ORDER BY order_id');
      expect(await orders?.fetch(request('cust-ana'))).toEqual([{ status: 'shipped' }, { status: 'scheduled' }]);
    });

    it('runs one statement only: SELECT 1; COMMIT; UPDATE ... fails over the extended protocol and changes nothing', async () => {
      const parameters = { principal: 'cust-ana', now: '2026-11-25T12:00:00.000Z' };
      // Called directly, below config validation (which refuses a query without :principal): even a
      // query with no parameter at all goes over the extended protocol, whose statement holds one command.
      for (const query of [
        "SELECT 1; COMMIT; UPDATE orders SET status = 'refunded'",
        "SELECT 1 WHERE :principal IS NOT NULL; COMMIT; UPDATE orders SET status = 'refunded'",
      ]) {
        const error = await queryPostgres({ url: server.url, query, parameters }).catch((caught: unknown) => caught);
        expect(IoError.isInstance(error)).toBe(true);
        expect((error as Error).message).toContain('cannot insert multiple commands into a prepared statement');
        expect((error as Error).message).toContain('a connector query must be one statement');
      }
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      const { rows } = await client.query("SELECT count(*)::int AS n FROM orders WHERE status = 'refunded'");
      await client.end();
      expect(rows).toEqual([{ n: 0 }]);
    });

    it('reports an unreachable server without its password', async () => {
      const [broken] = createConnectors(
        seamConfigSchema.parse({
          connectors: [
            {
              name: 'orders',
              kind: 'sql',
              roles: ['customer'],
              database: 'postgres://seam:hunter2@127.0.0.1:1/nowhere',
              query: 'SELECT 1 WHERE :principal IS NOT NULL',
            },
          ],
        }).connectors,
        { env: {} },
      );
      const error = await broken?.fetch(request('cust-ana')).catch((caught: unknown) => caught);
      expect(IoError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain('cannot connect to postgres://seam:***@127.0.0.1:1/nowhere');
      expect((error as Error).message).not.toContain('hunter2');
    });
  },
);
