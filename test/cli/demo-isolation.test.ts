import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/context.js';
import { run } from '../../src/cli/main.js';
import { demoStorePath } from '../../src/demo/demo-home.js';
import { tempDir } from '../helpers/temp.js';

/** `npx seam ...` in a folder, with no --db: the default store, as a user following the README has. */
async function seamIn(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: { SEAM_AUTHOR: 'reader' },
    cwd,
    now: () => new Date('2026-11-25T12:00:00Z'),
    isTty: false,
    color: false,
    outcome: { code: 0 },
  };
  const code = await run(['node', 'seam', ...args], io);
  return { code, stdout, stderr };
}

/** Steps 1 to 5 of the README's "Your own knowledge base", exactly as written there. */
async function readmeWalkthrough(cwd: string): Promise<void> {
  mkdirSync(join(cwd, 'kb', 'policies'), { recursive: true });
  mkdirSync(join(cwd, 'kb', 'billing'), { recursive: true });
  const refunds = join(cwd, 'kb', 'policies', 'refunds.md');
  writeFileSync(
    refunds,
    '---\nid: refund-policy\ntitle: Refunds\ncollection: policy\n---\n# Refunds\n\n## Window\n\nCustomers may return items within 30 days of delivery.\n',
  );
  writeFileSync(
    join(cwd, 'kb', 'billing', 'chargebacks.md'),
    '---\ntitle: Chargebacks\ncollection: policy\nacl: [billing]\n---\n# Chargebacks\n\nNever refund an order with an open chargeback.\n',
  );
  const step = async (...args: string[]) => {
    const result = await seamIn(cwd, ...args);
    expect(result.code, `seam ${args.join(' ')}: ${result.stderr}`).toBe(0);
    return result.stdout;
  };
  expect(await step('kb', 'import', 'kb/')).toContain('2 created');
  await step('principal', 'add', 'alice', '--roles', 'support,billing');
  await step('principal', 'add', 'bob', '--roles', 'support');
  expect(await step('kb', 'search', 'refund order', '--as', 'bob')).not.toContain('billing/chargebacks');
  writeFileSync(refunds, readFileSync(refunds, 'utf8').replace('30 days', '14 days'));
  await step('kb', 'put', 'kb/policies/refunds.md', '--if-version', '1', '-m', 'window is now 14 days');
  expect(await step('kb', 'search', 'return window')).toContain('within 14 days');
  await step('kb', 'history', 'refund-policy');
  await step('kb', 'diff', 'refund-policy', '1', '2');
}

/** What the user's own store holds: each document's id, versions and body, as `kb show --json` prints them. */
async function userDocuments(cwd: string): Promise<unknown> {
  const list = JSON.parse((await seamIn(cwd, 'kb', 'list', '--json')).stdout) as { documents: { id: string }[] };
  return Promise.all(
    list.documents.map(async ({ id }) => {
      const history = JSON.parse((await seamIn(cwd, 'kb', 'history', id, '--json')).stdout) as unknown;
      const shown = JSON.parse((await seamIn(cwd, 'kb', 'show', id, '--json')).stdout) as { body: string };
      return { id, history, body: shown.body };
    }),
  );
}

describe('the demo and your own knowledge base, in either order', () => {
  it('README walkthrough, then the demo: your documents and their history are untouched', async () => {
    const cwd = tempDir('seam-order-a-');
    await readmeWalkthrough(cwd);
    const before = await userDocuments(cwd);
    const demo = await seamIn(cwd, 'demo');
    expect(demo.code, demo.stderr).toBe(0);
    expect(await userDocuments(cwd)).toEqual(before);
    const ids = (before as { id: string }[]).map((document) => document.id);
    expect(ids).toEqual(['billing/chargebacks', 'refund-policy']);
    expect(JSON.stringify(before)).toContain('within 14 days');
    expect(JSON.stringify(before)).not.toContain('Tidewater');
    expect(demoStorePath(cwd)).toBe(join(cwd, '.seam', 'demo', 'seam.db'));
  });

  it('the demo, then the README walkthrough: every step works as written, and the demo runs again', async () => {
    const cwd = tempDir('seam-order-b-');
    expect((await seamIn(cwd, 'demo', '--seed-only')).code).toBe(0);
    await readmeWalkthrough(cwd);
    const before = await userDocuments(cwd);
    expect((await seamIn(cwd, 'demo', '--seed-only')).code).toBe(0);
    expect(await userDocuments(cwd)).toEqual(before);
    const demoList = await seamIn(cwd, 'kb', 'list', '--db', demoStorePath(cwd));
    expect(demoList.stdout).toContain('subscription-plans');
  });

  it('refuses to seed into a store it did not create, before writing anything', async () => {
    const cwd = tempDir('seam-order-c-');
    await readmeWalkthrough(cwd);
    const store = join(cwd, '.seam', 'seam.db');
    const hash = () => createHash('sha256').update(readFileSync(store)).digest('hex');
    const before = hash();
    const result = await seamIn(cwd, 'demo', '--db', store);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${store} exists and was not created by seam demo`);
    expect(hash()).toBe(before);
    expect((await seamIn(cwd, 'kb', 'list')).stdout).not.toContain('subscription-plans');
  });

  it('writes past answers that seam audit can measure', async () => {
    const cwd = tempDir('seam-order-d-');
    expect((await seamIn(cwd, 'demo', '--seed-only')).code).toBe(0);
    const db = demoStorePath(cwd);
    const audit = await seamIn(
      cwd,
      'audit',
      join(cwd, '.seam', 'demo', 'transcripts.jsonl'),
      '--config',
      join(cwd, '.seam', 'demo', 'seam.config.json'),
      '--db',
      db,
      '--json',
    );
    expect(audit.code, audit.stderr).toBe(1);
    const report = JSON.parse(audit.stdout) as { rates: { check: string; failing: number }[]; exceeded: string[] };
    expect(report.exceeded).toEqual(expect.arrayContaining(['superseded', 'private']));
    expect(report.rates.find((rate) => rate.check === 'superseded')?.failing).toBe(1);
  });
});
