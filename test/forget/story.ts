import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The story of the issue: a customer's notes, a policy that mentions the customer in other surface forms,
 * unrelated documents that must survive, and a fine-tuning dataset holding the customer's email.
 */
export const customer = {
  subject: 'cust-1042',
  email: 'dana.whitfield@example.com',
  phone: '+1 415 555 0142',
  name: 'Dana Whitfield',
};

export const notes = `---
id: account-notes-cust-1042
title: Account notes
collection: accounts
subjects: [cust-1042]
---
# Notes

Dana Whitfield (dana.whitfield@example.com, 415-555-0142) asked about a late refund.
`;

export const policy = (days: number) => `---
id: vip-refunds
title: VIP refunds
collection: policy
---
# VIP refunds

Refunds are issued within ${days} days.

## Exceptions

Approved for Ms. Dana Whitfield (account cust-1042): write to DANA.WHITFIELD@EXAMPLE.COM or call
(415) 555-0142 before paying out.
`;

export const shipping = `---
id: shipping
title: Shipping
collection: policy
---
# Shipping

Orders ship within 2 days. Questions go to support@acme.test or 415-555-0199; Dana from the warehouse
answers on Mondays.
`;

export const dataset = [
  JSON.stringify({
    messages: [
      { role: 'user', content: 'How long do refunds take?' },
      { role: 'assistant', content: 'Refunds are issued within the window in our policy.' },
    ],
  }),
  JSON.stringify({
    messages: [
      { role: 'user', content: 'Please update my account, my email is Dana.Whitfield@Example.com' },
      { role: 'assistant', content: 'Done: receipts now go to dana.whitfield@example.com.' },
    ],
  }),
  '',
].join('\n');

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

/** Every surface form the test looks for itself in raw bytes, lower-cased (independent of the code under test). */
export const needles = ['dana.whitfield@example.com', 'whitfield', '5550142', '555-0142', '555 0142', 'cust-1042'];

/** Occurrences of any needle in the store file and its -wal and -shm, compared in lower case. */
export function bytesHolding(db: string): { file: string; needle: string }[] {
  const found: { file: string; needle: string }[] = [];
  for (const file of [db, `${db}-wal`, `${db}-shm`]) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file).toString('latin1').toLowerCase();
    for (const needle of needles) if (text.includes(needle)) found.push({ file, needle });
  }
  return found;
}
