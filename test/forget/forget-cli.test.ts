import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { seam } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { bytesHolding, customer, dataset, notes, policy, shipping, writeFiles } from './story.js';

const root = tempDir('seam-forget-');

interface Receipt {
  receipt: string;
  dry_run: boolean;
  documents_deleted: { id: string; versions: number }[];
  documents_redacted: { id: string; versions: number[] }[];
  purged: Record<string, number>;
  datasets: { path: string; sha256: string; lines: number[]; models: string[]; status: string; action: string }[];
  models: { id: string; action: string }[];
  residual: number | null;
  residual_locations: { file: string; offset: number; value: number }[];
  scanned: { file: string }[];
  warnings: string[];
}

const forgetArgs = [
  'forget',
  '--subject',
  customer.subject,
  '--value',
  customer.email,
  '--value',
  customer.phone,
  '--value',
  customer.name,
];

/** A store with the story imported (the policy in two versions), the dataset linted and tagged. */
async function story(name: string): Promise<{ db: string; run: (...args: string[]) => ReturnType<typeof seam> }> {
  const folder = join(root, name);
  writeFiles(folder, {
    'docs/notes.md': notes,
    'docs/vip-refunds.md': policy(30),
    'docs/shipping.md': shipping,
    'tickets.jsonl': dataset,
  });
  const db = join(folder, '.seam', 'seam.db');
  const run = (...args: string[]) => seam(args, { db, cwd: folder });
  expect((await run('kb', 'import', join(folder, 'docs'))).code).toBe(0);
  writeFileSync(join(folder, 'docs/vip-refunds.md'), policy(21));
  expect((await run('kb', 'put', join(folder, 'docs/vip-refunds.md'), '-m', 'window is 21 days')).code).toBe(0);
  expect((await run('lint', join(folder, 'tickets.jsonl'))).code).toBe(1);
  expect(
    (await run('dataset', 'tag', join(folder, 'tickets.jsonl'), '--model', 'ft:gpt-4o-mini:acme:support:7')).code,
  ).toBe(0);
  return { db, run };
}

describe('seam forget: one command honours a deletion request, with a receipt', () => {
  let db: string;
  let run: Awaited<ReturnType<typeof story>>['run'];
  let receipt: Receipt;
  let dryRun: Receipt;
  let shippingBefore: string;

  beforeAll(async () => {
    ({ db, run } = await story('main'));
    shippingBefore = (await run('kb', 'show', 'shipping', '--json')).stdout;
    const dry = await run(...forgetArgs, '--dry-run', '--json');
    expect(dry.code, dry.stderr).toBe(0);
    dryRun = dry.json() as Receipt;
    expect(bytesHolding(db).length).toBeGreaterThan(0);
    const real = await run(...forgetArgs, '--json');
    expect(real.code, real.stderr).toBe(0);
    receipt = real.json() as Receipt;
  });

  it('a dry run shows the same plan and changes nothing', async () => {
    expect(dryRun.dry_run).toBe(true);
    expect(dryRun.documents_deleted).toEqual(receipt.documents_deleted);
    expect(dryRun.documents_redacted).toEqual(receipt.documents_redacted);
    expect(dryRun.residual).toBeNull();
    expect((await run('forget', '--list', '--json')).json()).toMatchObject({
      receipts: [{ receipt: receipt.receipt }],
    });
  });

  it("names the deleted and redacted documents, the dataset and the model, with 0 residual in the store's files", () => {
    expect(receipt.documents_deleted).toEqual([{ id: 'account-notes-cust-1042', versions: 1 }]);
    expect(receipt.documents_redacted).toEqual([{ id: 'vip-refunds', versions: [1, 2] }]);
    expect(receipt.datasets).toHaveLength(1);
    expect(receipt.datasets[0]).toMatchObject({
      path: expect.stringMatching(/tickets\.jsonl$/),
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      lines: [2],
      models: ['ft:gpt-4o-mini:acme:support:7'],
      status: 'unchanged',
    });
    expect(receipt.datasets[0]?.action).toContain('seam lint');
    expect(receipt.models).toEqual([expect.objectContaining({ id: 'ft:gpt-4o-mini:acme:support:7' })]);
    expect(receipt.models[0]?.action).toContain('weights cannot forget');
    expect(receipt.residual).toBe(0);
    expect(receipt.scanned.map((file) => file.file)).toEqual([db, `${db}-wal`, `${db}-shm`]);
    // The markdown files they were imported from are the user's: the receipt says they still hold the values.
    expect(receipt.warnings).toEqual([
      expect.stringMatching(/source files still hold the values.*notes\.md, .*vip-refunds\.md/),
    ]);
  });

  it('leaves no byte of any surface form in the database, its -wal or its -shm (checked independently)', () => {
    expect(bytesHolding(db)).toEqual([]);
  });

  it('deletes the notes and rewrites every version of the policy in place, history marked', async () => {
    expect((await run('kb', 'show', 'account-notes-cust-1042')).code).toBe(2);
    for (const version of ['1', '2']) {
      const shown = (await run('kb', 'show', 'vip-refunds', '--version', version, '--json')).json() as { body: string };
      expect(shown.body).toContain(
        'Approved for [redacted] (account [redacted]): write to [redacted] or call\n[redacted] before',
      );
    }
    const history = (await run('kb', 'history', 'vip-refunds', '--json')).json() as {
      versions: { message: string; redacted_by: string }[];
    };
    expect(history.versions.map((version) => version.redacted_by)).toEqual([receipt.receipt, receipt.receipt]);
    expect(history.versions[1]?.message).toBe(`window is 21 days [redacted by seam forget ${receipt.receipt}]`);
    const hits = (await run('kb', 'search', 'whitfield', '--json')).json() as { hits: unknown[] };
    expect(hits.hits).toEqual([]);
  });

  it('loses nothing unrelated: other documents, other contacts and the rest of the policy stay', async () => {
    expect((await run('kb', 'show', 'shipping', '--json')).stdout).toBe(shippingBefore);
    const policyNow = (await run('kb', 'show', 'vip-refunds', '--json')).json() as { body: string };
    expect(policyNow.body).toContain('Refunds are issued within 21 days.');
    const hits = (await run('kb', 'search', 'refunds issued', '--json')).json() as { hits: { id: string }[] };
    expect(new Set(hits.hits.map((hit) => hit.id))).toEqual(new Set(['vip-refunds']));
    const other = (await run('kb', 'search', 'warehouse Mondays', '--json')).json() as { hits: { text: string }[] };
    expect(other.hits[0]?.text).toContain('415-555-0199');
  });

  it('keeps the receipt without the subject or the values, listable later', async () => {
    const listed = (await run('forget', '--list', '--json')).json() as { receipts: Record<string, unknown>[] };
    expect(listed.receipts).toHaveLength(1);
    const text = JSON.stringify(listed);
    expect(text).not.toContain('cust-1042');
    expect(text.toLowerCase()).not.toContain('whitfield');
    expect(listed.receipts[0]).toMatchObject({ receipt: receipt.receipt, residual: 0, value_count: 3 });
    const human = await run('forget', '--list', '--subject', customer.subject);
    expect(human.stdout).toContain(receipt.receipt);
    expect((await run('forget', '--list', '--subject', 'cust-9999')).stdout).toContain('no forget receipts');
  });

  it('lineage still finds the dataset by the subject after its documents are gone (via the receipt)', async () => {
    const lineage = (await run('lineage', '--subject', customer.subject, '--json')).json() as {
      datasets: { lines: number[] }[];
      models: { id: string }[];
    };
    expect(lineage.datasets.map((entry) => entry.lines)).toEqual([[2]]);
    expect(lineage.models.map((model) => model.id)).toEqual(['ft:gpt-4o-mini:acme:support:7']);
  });

  it('prints a readable receipt too', async () => {
    const { run: again } = await story('readable');
    const result = await again(...forgetArgs);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('documents deleted: account-notes-cust-1042 (1 version)');
    expect(result.stdout).toContain('documents redacted: vip-refunds v1, v2');
    expect(result.stdout).toMatch(
      /dataset .*tickets\.jsonl .*line 2 \(email\); trained: ft:gpt-4o-mini:acme:support:7/,
    );
    expect(result.stdout).toContain('residual: 0 copies');
  });
});

describe('seam forget reaches what else Seam stores', () => {
  it('purges the answer log and the eval cache, and keeps what does not hold the values', async () => {
    const { db, run } = await story('purges');
    // The server's answer log (schema step 4), written as the server writes it.
    const store = openSqliteStore({ path: db });
    const entry = (principal: string, question: string, answer: string) =>
      store.logAnswer({ at: '2026-11-20', principal, question, answer, refused: false, citations: [] }, { keep: 100 });
    await entry(customer.subject, 'where is my refund?', 'Within 21 days.');
    await entry('agent-7', 'who is on the VIP list?', 'Dana.Whitfield@example.com is.');
    await entry('agent-7', 'how long is shipping?', 'Two days.');
    await store.close();
    const cache = join(db, '..', 'eval-cache');
    mkdirSync(cache, { recursive: true });
    writeFileSync(join(cache, 'a.json'), JSON.stringify({ text: 'Call 415.555.0142 about the exception.' }));
    writeFileSync(join(cache, 'b.json'), JSON.stringify({ text: 'Refunds take 21 days.' }));

    const result = await run(...forgetArgs, '--json');
    expect(result.code, result.stderr).toBe(0);
    expect((result.json() as Receipt).purged).toEqual({ answer_log: 2, sync_documents: 0, eval_cache: 1 });
    expect(readdirSync(cache)).toEqual(['b.json']);
    const after = openSqliteStore({ path: db });
    const left = await after.recentAnswers({ limit: 10 });
    await after.close();
    expect(left.map((answer) => answer.question)).toEqual(['how long is shipping?']);
    expect(bytesHolding(db)).toEqual([]);
  });

  it('exits 1 and says where when a copy remains in a table forget does not know', async () => {
    const { db, run } = await story('residual');
    const raw = new Database(db);
    raw.exec(
      "CREATE TABLE scratch (note TEXT); INSERT INTO scratch VALUES ('escalated by DANA.WHITFIELD@example.com')",
    );
    raw.close();
    const result = await run(...forgetArgs, '--json');
    expect(result.code).toBe(1);
    const receipt = result.json() as Receipt;
    expect(receipt.residual).toBe(1);
    expect(receipt.residual_locations).toEqual([{ file: db, offset: expect.any(Number), value: 1 }]);
    const offset = receipt.residual_locations[0]?.offset ?? 0;
    expect(
      readFileSync(db)
        .subarray(offset, offset + 26)
        .toString('latin1'),
    ).toBe('DANA.WHITFIELD@example.com');
    const human = await run(...forgetArgs);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/value #1 at byte \d+ of .*seam\.db/);
  });
});

describe('seam forget redacts only what it is given', () => {
  it('warns about values of the subject it was not given, and leaves them in other documents', async () => {
    const { run } = await story('not-given');
    const result = await run('forget', '--subject', customer.subject, '--value', customer.email, '--json');
    expect(result.code, result.stderr).toBe(0);
    const receipt = result.json() as Receipt;
    expect(receipt.warnings.join('\n')).toContain("person 'Dana Whitfield'");
    const policyNow = (await run('kb', 'show', 'vip-refunds', '--json')).json() as { body: string };
    expect(policyNow.body).toContain(
      'Approved for Ms. Dana Whitfield (account [redacted]): write to [redacted] or call',
    );
    expect(policyNow.body).toContain('(415) 555-0142');
  });
});

describe('seam forget: bad input', () => {
  const db = join(root, 'bad.db');
  const run = (...args: string[]) => seam(args, { db, cwd: root });

  it.each([
    [['forget'], '--subject: is required'],
    [['forget', '--subject', ' '], '--subject: is empty'],
    [['forget', '--subject', 'c1', '--value', ''], '--value #1: is empty'],
    [['forget', '--subject', 'c1', '--value', 'a@b.example', '--value', 'ab'], "--value #2: 'ab' is too short"],
    [['lineage'], 'give --value <text> or --subject <id>'],
    [['dataset', 'tag', join(root, 'missing.jsonl'), '--model', 'ft:x'], 'missing.jsonl'],
    [['dataset', 'tag', join(root, 'missing.jsonl'), '--model', 'two words'], '--model: must be a model id'],
  ])('%j exits 2 naming the field', async (args, message) => {
    const result = await run(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('reports every bad value at once, as JSON with --json', async () => {
    const result = await run('forget', '--subject', 'c1', '--value', '', '--value', 'xy', '--json');
    expect(result.code).toBe(2);
    const error = (result.json() as { error: { others: { field: string }[] } }).error;
    expect(error.others.map((other) => other.field)).toEqual(['--value #1', '--value #2']);
  });
});
