import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { seam } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const root = tempDir('seam-cli-');
const write = (path: string, content: string) => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), content);
  return join(root, path);
};

const refunds = (days: number) => `---
id: refund-policy
title: Refunds
collection: policy
---

# Refunds

## Window

Customers may return items within ${days} days of delivery.
`;

describe('a new user follows the README', () => {
  const db = join(root, 'story.db');
  const kb = (...args: string[]) => seam(args, { db, cwd: root });

  beforeAll(() => {
    write('docs/policies/refunds.md', refunds(30));
    write(
      'docs/billing/chargebacks.md',
      '---\ntitle: Chargebacks\ncollection: policy\nacl: [billing]\n---\n\n# Chargebacks\n\nNever refund an order with an open chargeback; items under $25 are written off.\n',
    );
    write(
      'docs/products/plans.md',
      '# Plans\n\nThe Daily Grind plan costs $14 per month and can be returned like any order.\n',
    );
  });

  it('imports a folder, searches as two principals, edits, reads history, reverts and deletes', async () => {
    const imported = await kb('kb', 'import', join(root, 'docs'), '--json');
    expect(imported.code).toBe(0);
    expect(
      (imported.json() as { results: { id: string; status: string }[] }).results.map((r) => [r.id, r.status]),
    ).toEqual([
      ['billing/chargebacks', 'created'],
      ['refund-policy', 'created'],
      ['products/plans', 'created'],
    ]);

    expect((await kb('principal', 'add', 'alice', '--roles', 'support,billing')).code).toBe(0);
    expect((await kb('principal', 'add', 'bob', '--roles', 'support')).code).toBe(0);

    const ids = async (who: string) => {
      const result = await kb('kb', 'search', 'refund order', '--as', who, '--json');
      expect(result.code).toBe(0);
      return (result.json() as { hits: { id: string }[] }).hits.map((hit) => hit.id).sort();
    };
    expect(await ids('alice')).toEqual(['billing/chargebacks', 'products/plans', 'refund-policy']);
    expect(await ids('bob')).toEqual(['products/plans', 'refund-policy']);

    write('docs/policies/refunds.md', refunds(14));
    const put = await kb('kb', 'put', join(root, 'docs/policies/refunds.md'), '-m', 'window is now 14 days', '--json');
    expect(put.json()).toMatchObject({ id: 'refund-policy', version: 2, status: 'updated' });
    const next = (await kb('kb', 'search', 'return window', '--as', 'bob', '--json')).json() as {
      hits: { id: string; version: number; text: string }[];
    };
    expect(next.hits[0]).toMatchObject({ id: 'refund-policy', version: 2 });
    expect(next.hits[0]?.text).toContain('14 days');
    expect(next.hits.some((hit) => hit.text.includes('30 days'))).toBe(false);

    const history = (await kb('kb', 'history', 'refund-policy', '--json')).json() as {
      id: string;
      versions: { version: number; created_at: string; message: string; author: string }[];
    };
    expect(history.id).toBe('refund-policy');
    expect(history.versions.map((v) => [v.version, v.message, v.author])).toEqual([
      [1, '', 'tester'],
      [2, 'window is now 14 days', 'tester'],
    ]);
    expect(history.versions[0]?.created_at).toBe('2026-11-25T12:00:00.000Z');

    const diff = await kb('kb', 'diff', 'refund-policy', '1', '2');
    expect(diff.stdout).toContain('-Customers may return items within 30 days of delivery.');
    expect(diff.stdout).toContain('+Customers may return items within 14 days of delivery.');

    const revert = await kb('kb', 'revert', 'refund-policy', '--to', '1', '--json');
    expect(revert.json()).toMatchObject({ version: 3, status: 'updated' });
    const shown = (await kb('kb', 'show', 'refund-policy', '--json')).json();
    expect(shown).toMatchObject({ id: 'refund-policy', version: 3, title: 'Refunds', collection: 'policy', acl: null });
    expect((shown as { body: string }).body).toContain('30 days');

    const removed = await kb('kb', 'rm', 'refund-policy');
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('deleted refund-policy: 3 versions');
    const after = (await kb('kb', 'search', 'return window', '--json')).json() as { hits: { id: string }[] };
    expect(after.hits.map((hit) => hit.id)).toEqual(['products/plans']);
    const gone = await kb('kb', 'show', 'refund-policy');
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain("not found: no document 'refund-policy'");
  });

  it('re-importing an unchanged folder creates no version, and a re-put file keeps its path id', async () => {
    const again = (await kb('kb', 'import', join(root, 'docs'), '--json')).json() as { results: { status: string }[] };
    expect(again.results.every((result) => result.status === 'unchanged' || result.status === 'created')).toBe(true);
    expect(again.results.filter((result) => result.status === 'unchanged')).toHaveLength(2);
    write('docs/products/plans.md', '# Plans\n\nThe Daily Grind plan costs $16 per month.\n');
    const put = (await kb('kb', 'put', join(root, 'docs/products/plans.md'), '--json')).json();
    expect(put).toMatchObject({ id: 'products/plans', version: 2, status: 'updated' });
  });

  it('hides a restricted document from show, history and diff as a principal without the role', async () => {
    for (const args of [
      ['kb', 'show', 'billing/chargebacks', '--as', 'bob'],
      ['kb', 'history', 'billing/chargebacks', '--as', 'bob'],
      ['kb', 'diff', 'billing/chargebacks', '1', '1', '--as', 'bob'],
    ]) {
      const result = await kb(...args);
      expect(result.code).toBe(2);
      expect(result.stdout).not.toContain('chargeback');
      expect(result.stderr).toContain('not found');
    }
    expect((await kb('kb', 'show', 'billing/chargebacks', '--as', 'alice')).code).toBe(0);
    const list = (await kb('kb', 'list', '--as', 'bob', '--json')).json() as { documents: { id: string }[] };
    expect(list.documents.map((entry) => entry.id)).not.toContain('billing/chargebacks');
  });

  it('warns that an unknown principal sees public documents only', async () => {
    const result = await kb('kb', 'search', 'chargeback', '--as', 'mallory', '--json');
    expect(result.code).toBe(0);
    expect(result.json()).toEqual({ hits: [] });
    expect(result.stderr).toContain("principal 'mallory' is not registered");
  });
});

describe('conflicts and bad input', () => {
  it('refuses a stale --if-version with exit 2 and leaves the document as it was', async () => {
    const db = join(root, 'conflict.db');
    const file = write('conflict/refunds.md', refunds(30));
    await seam(['kb', 'put', file], { db });
    write('conflict/refunds.md', refunds(14));
    await seam(['kb', 'put', file], { db });
    write('conflict/refunds.md', refunds(21));
    const stale = await seam(['kb', 'put', file, '--if-version', '1', '--json'], { db });
    expect(stale.code).toBe(2);
    // With --json the error is printed once, as JSON on stdout.
    expect(stale.stderr).toBe('');
    expect(stale.json()).toMatchObject({
      error: {
        code: 'conflict',
        message: expect.stringContaining("conflict: 'refund-policy' is at version 2, not 1"),
        expected_version: 1,
        actual_version: 2,
      },
    });
    const shown = (await seam(['kb', 'show', 'refund-policy', '--json'], { db })).json() as {
      version: number;
      body: string;
    };
    expect(shown.version).toBe(2);
    expect(shown.body).toContain('14 days');
  });

  it('imports nothing when one file of a folder is bad, and names the file, line and field', async () => {
    const db = join(root, 'bad-import.db');
    write('bad/good.md', '# Good\n\nFine.');
    write('bad/broken.md', '---\ntitle: Broken\nacl: billing\n---\n# Broken');
    const result = await seam(['kb', 'import', join(root, 'bad')], { db });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(root, 'bad/broken.md')}:3: front matter 'acl': must be a list`);
    expect(result.stderr).toContain('got "billing"');
    // Nothing was written: not even an empty store, which a read then reports as missing.
    expect(existsSync(db)).toBe(false);
    const list = await seam(['kb', 'list'], { db });
    expect([list.code, list.stderr]).toEqual([2, expect.stringContaining(`no store at ${db}`)]);
  });

  it.each([
    [
      ['kb', 'search', 'x', '--as-of', 'next tuesday'],
      "--as-of: must be an ISO date such as 2026-05-01, got 'next tuesday'",
    ],
    [['kb', 'search', 'x', '--k', 'many'], "--k: must be a whole number, got 'many'"],
    [['kb', 'revert', 'nothing', '--to', '1'], "not found: no document 'nothing'"],
    [['kb', 'frobnicate'], "unknown command 'frobnicate'"],
    [['kb', 'put'], "missing required argument 'file'"],
    [['principal', 'add', 'eve'], "required option '--roles <roles>' not specified"],
    [['principal', 'add', 'eve', '--roles', 'a b'], "--roles: 'a b' is not a valid role name"],
  ])('%j exits 2 with a clear message', async (args, message) => {
    const result = await seam(args, { db: join(root, 'usage.db') });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('prints help with examples and exits 0', async () => {
    const result = await seam(['kb', 'search', '--help'], { db: join(root, 'help.db') });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Examples:');
    expect(result.stdout).toContain('--as-of <date>');
  });

  it('serves a scheduled change only from its date, and --as-of shows the past and the future', async () => {
    const db = join(root, 'dates.db');
    const file = write('dates/shipping.md', '---\nid: shipping\n---\nShipping costs $5.95 per order.\n');
    await seam(['kb', 'put', file], { db });
    write('dates/shipping.md', '---\nid: shipping\neffective_from: 2026-12-01\n---\nShipping costs $6.95 per order.\n');
    await seam(['kb', 'put', file], { db });
    const text = async (...extra: string[]) =>
      (
        (await seam(['kb', 'search', 'shipping costs', '--json', ...extra], { db })).json() as {
          hits: { text: string }[];
        }
      ).hits[0]?.text;
    expect(await text()).toContain('$5.95');
    expect(await text('--as-of', '2026-12-01')).toContain('$6.95');
    const served = (await seam(['kb', 'show', 'shipping', '--as-of', '2026-11-30', '--json'], { db })).json();
    expect(served).toMatchObject({ version: 1 });
    expect(readFileSync(file, 'utf8')).toContain('$6.95');
  });
});
