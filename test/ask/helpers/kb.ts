import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { operator } from '../../../src/access.js';
import { parseDocumentText } from '../../../src/documents/parse-document.js';
import type { KnowledgeStore } from '../../../src/store/knowledge-store.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { tempDir } from '../../helpers/temp.js';

/** A small support knowledge base, written here so each test reads its own facts. */
export const refunds = (window: string) => `---
id: refund-policy
title: Refunds
collection: policy
effective_from: 2026-01-01
---
# Refunds

## Refund window

Customers can return unopened items within ${window} of delivery for a full refund.

## How to issue a refund

1. Confirm the order number in the order system.
2. Issue the refund from **Orders → Refund**.
3. Tell the customer the refund takes 3 to 5 business days.
`;

export const chargebacks = `---
id: billing/chargebacks
title: Chargebacks
collection: policy
acl: [billing]
---
# Chargebacks

Never refund an order with an open chargeback. Disputes under $25 are accepted without contest.
`;

export const shipping = `---
id: shipping-policy
title: Shipping
collection: policy
---
# Shipping

Standard shipping costs $5.95 per order and is free on orders over $40.
`;

export const principals = [
  { id: 'sam', roles: ['support'] },
  { id: 'bea', roles: ['billing', 'support'] },
  { id: 'ana', roles: ['customer'] },
  { id: 'ben', roles: ['customer'] },
];

export interface TestKb {
  store: KnowledgeStore;
  dir: string;
  put: (markdown: string) => Promise<number>;
}

/** A fresh store with the given documents and principals, closed when the test file ends. */
export async function makeKb(
  documents: readonly string[] = [refunds('30 days'), chargebacks, shipping],
): Promise<TestKb> {
  const dir = tempDir('seam-ask-');
  const store = openSqliteStore({ path: join(dir, 'seam.db'), now: () => new Date('2026-11-25T12:00:00Z') });
  const put = async (markdown: string) => {
    const document = parseDocumentText(markdown, { file: 'test.md', fallbackId: 'test' });
    return (await store.put(document, { reader: operator, author: 'tester' })).version;
  };
  for (const markdown of documents) await put(markdown);
  for (const principal of principals) await store.putPrincipal(principal);
  return { store, dir, put };
}

/** A fresh orders database with one order per customer. */
export function makeOrders(dir: string): string {
  const path = join(dir, 'state.db');
  rmSync(path, { force: true });
  const database = new Database(path);
  database.exec(`CREATE TABLE orders (order_id TEXT, customer_id TEXT, status TEXT, total TEXT);
    INSERT INTO orders VALUES ('A-1001', 'ana', 'shipped', '$14.00'), ('B-2002', 'ben', 'being packed', '$89.00');`);
  database.close();
  return path;
}

export const now = () => new Date('2026-11-25T12:00:00Z');
