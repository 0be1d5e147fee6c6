import Database from 'better-sqlite3';
import { atomicFile } from '../util/write-file-atomic.js';

/**
 * Tidewater's accounts and orders: the business state `seam ask` fetches per request. Two customers,
 * each a principal with the `customer` role, each with their own orders. A customer's connector is bound
 * to their principal id, so each sees only their own rows.
 */
export const demoCustomers = [
  { id: 'cust-ana', name: 'Ana Lima', plan: 'Daily Grind' },
  { id: 'cust-ben', name: 'Ben Okafor', plan: "Roaster's Choice" },
] as const;

export interface DemoOrder {
  order_id: string;
  customer_id: string;
  item: string;
  status: string;
  placed_on: string;
  total: string;
}

export function demoOrders(now: Date): DemoOrder[] {
  const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
  return [
    {
      order_id: 'TW-1042',
      customer_id: 'cust-ana',
      item: 'Daily Grind, one 340 g bag',
      status: 'shipped',
      placed_on: daysAgo(3),
      total: '$14.00',
    },
    {
      order_id: 'TW-2077',
      customer_id: 'cust-ben',
      item: 'Tidewater Home burr grinder',
      status: 'being packed',
      placed_on: daysAgo(1),
      total: '$89.00',
    },
  ];
}

/** (Re)create the demo state database at `path`, whole or not at all (built aside, then renamed). */
export async function writeDemoState(path: string, now: Date): Promise<void> {
  const file = await atomicFile(path);
  const database = new Database(file.temporaryPath);
  try {
    database.exec(`
      CREATE TABLE customers (id TEXT PRIMARY KEY, name TEXT NOT NULL, plan TEXT NOT NULL);
      CREATE TABLE orders (
        order_id TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customers(id),
        item TEXT NOT NULL, status TEXT NOT NULL, placed_on TEXT NOT NULL, total TEXT NOT NULL);`);
    const customer = database.prepare('INSERT INTO customers (id, name, plan) VALUES (@id, @name, @plan)');
    const order = database.prepare(
      'INSERT INTO orders VALUES (@order_id, @customer_id, @item, @status, @placed_on, @total)',
    );
    database.transaction(() => {
      for (const row of demoCustomers) customer.run(row);
      for (const row of demoOrders(now)) order.run(row);
    })();
    database.close();
    await file.commit();
  } catch (error) {
    if (database.open) database.close();
    await file.abort();
    throw error;
  }
}
