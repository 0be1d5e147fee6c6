import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import { demoDates, demoFiles } from '../../src/demo/corpus.js';
import { parseDocumentText } from '../../src/documents/parse-document.js';
import { type FixSummary, fixDataset } from '../../src/lint/fix-dataset.js';
import { lintDataset, loadFactIndex } from '../../src/lint/lint.js';
import type { KnowledgeStore } from '../../src/store/knowledge-store.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { abcdAvailable, abcdDir, abcdTestSet, loadAbcdStore } from '../fixtures/abcd.js';
import { tempDir } from '../helpers/temp.js';
import { doc } from '../store/knowledge-store.suite.js';

const at = '2026-11-25T12:00:00Z';
const chat = (...turns: [string, string][]) =>
  JSON.stringify({ messages: turns.map(([role, content]) => ({ role, content })) });

/**
 * Fix a dataset, lint the result, and fix it again: the fixed file must have no error, and the second fix must
 * change nothing (byte for byte).
 */
async function fixTwice(options: { store: KnowledgeStore; lines: readonly string[]; maxContextTokens?: number }) {
  const dir = tempDir('seam-fix-');
  const index = await loadFactIndex(options.store, { at, reader: operator });
  const path = join(dir, 'data.jsonl');
  writeFileSync(path, `${options.lines.join('\n')}\n`);
  const before = await lintDataset({ path, index, at, jobs: 0 });
  const first = join(dir, 'fixed.jsonl');
  const summary = await fixDataset({ path, out: first, index, at, maxContextTokens: options.maxContextTokens });
  const after = await lintDataset({ path: first, index, at, jobs: 0 });
  const second = join(dir, 'fixed-again.jsonl');
  const again = await fixDataset({ path: first, out: second, index, at, maxContextTokens: options.maxContextTokens });
  const fixed = readFileSync(first, 'utf8');
  const changes = readFileSync(summary.changes_file, 'utf8').trim().split('\n').filter(Boolean);
  return {
    before,
    after,
    summary,
    again,
    fixed: fixed
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { messages: { role: string; content: string }[] }),
    changes: changes.map((line) => JSON.parse(line) as Record<string, unknown>),
    identical: readFileSync(second, 'utf8') === fixed,
  };
}

const references = (fixed: { messages: { role: string; content: string }[] }[]) =>
  fixed.flatMap((example) =>
    example.messages
      .filter((message) => message.role === 'system')
      .flatMap((message) => message.content.split('\n').filter((line) => line.startsWith('Reference ('))),
  );

const expectIdempotent = (run: Awaited<ReturnType<typeof fixTwice>>) => {
  expect(run.before.summary.errors).toBeGreaterThan(0);
  expect(run.after.summary.errors).toBe(0);
  expect(run.again.changed).toBe(0);
  expect(run.identical).toBe(true);
};

describe.skipIf(!abcdAvailable)(`seam lint --fix on ABCD-derived data (skipped when ${abcdDir} is absent)`, () => {
  it('leaves no error, costs at most 1.5x the billed tokens, inserts sentences not sections, and is idempotent', async () => {
    const store = openSqliteStore({ path: join(tempDir('seam-fix-abcd-'), 'abcd.db') });
    await loadAbcdStore(store);
    const run = await fixTwice({ store, lines: abcdTestSet().lines });
    await store.close();
    expectIdempotent(run);
    const ratio: FixSummary['billed_tokens']['ratio'] = run.summary.billed_tokens.ratio;
    expect(ratio).toBeLessThanOrEqual(1.5);
    expect(run.summary.billed_tokens.after).toBeGreaterThan(run.summary.billed_tokens.before);
    const lines = references(run.fixed);
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) {
      expect(line).toMatch(/^Reference \([a-z-]+@\d+\): /);
      // A sentence or two of a policy, never a section (the manual's sections run to thousands of characters).
      expect(line.length).toBeLessThan(700);
      expect(line).not.toContain('##');
    }
    expect(run.changes.filter((change) => change.action === 'grounded' || change.action === 'updated').length).toBe(
      (run.before.summary.by_kind.frozen_fact ?? 0) + (run.before.summary.by_kind.superseded_fact ?? 0),
    );
  });
});

describe('seam lint --fix on the demo', () => {
  it('fixes the README tickets and more to 0 errors, and a second fix changes nothing', async () => {
    const store = openSqliteStore({ path: join(tempDir('seam-fix-demo-'), 'demo.db') });
    for (const file of demoFiles(demoDates(new Date(at)))) {
      for (const version of file.versions) {
        const parsed = parseDocumentText(version.markdown, { file: file.path, fallbackId: file.path });
        await store.put(parsed, { reader: operator, author: version.author });
      }
    }
    const run = await fixTwice({
      store,
      lines: [
        chat(
          ['user', 'Hi, I am Jane Doe. Can I return my beans?'],
          ['assistant', 'Hi Jane! Yes, within 30 days of delivery. Your order #48213 shipped yesterday.'],
        ),
        chat(['user', 'How much is Daily Grind?'], ['assistant', 'Daily Grind costs $14 per month.']),
        chat(
          ['system', "You are Tidewater Coffee Co.'s support assistant."],
          ['user', 'What does shipping cost? I am Marcus Lee, marcus@example.com.'],
          ['assistant', 'Thanks Marcus! Orders placed before 2 pm Eastern ship the same day.'],
        ),
      ],
    });
    await store.close();
    expectIdempotent(run);
    expect(references(run.fixed).length).toBeGreaterThan(0);
  });
});

describe('seam lint --fix, its budget and its inserted text', () => {
  it('rewrites the values whose sentences do not fit --max-context-tokens, and says so per example', async () => {
    const store = openSqliteStore({ path: join(tempDir('seam-fix-budget-'), 'kb.db') });
    await store.put(doc('pricing', 'The Premium plan costs $8 per month.\n\nShipping is free on orders over $40.'), {
      reader: operator,
      author: 'maria',
    });
    const lines = [
      chat(
        ['user', 'Price and shipping?'],
        ['assistant', 'Premium costs $8 per month, and shipping is free over $40.'],
      ),
    ];
    const tight = await fixTwice({ store, lines, maxContextTokens: 18 });
    const roomy = await fixTwice({ store, lines });
    await store.close();
    expectIdempotent(tight);
    expectIdempotent(roomy);
    expect(tight.summary.over_budget).toEqual({ examples: 1, lines: [1] });
    expect(tight.changes.map((change) => [change.action, change.from, change.reason])).toEqual([
      ['grounded', '$8', undefined],
      ['rewritten', '$40', 'over_context_budget'],
    ]);
    expect(tight.fixed[0]?.messages.at(-1)?.content).toBe(
      'Premium costs $8 per month, and shipping is free over the current price.',
    );
    // With room, one line for the document holds both sentences.
    expect(references(roomy.fixed)).toEqual([
      'Reference (pricing@1): The Premium plan costs $8 per month. Shipping is free on orders over $40.',
    ]);
    expect(roomy.summary.over_budget.examples).toBe(0);
  });

  it('puts placeholders on private data and business state in an inserted sentence: the fix creates no finding', async () => {
    const store = openSqliteStore({ path: join(tempDir('seam-fix-private-'), 'kb.db') });
    await store.put(
      doc('escalation', 'Refunds over $200 go to Dana Whitfield (dana.whitfield@example.com), as for order #48213.'),
      { reader: operator, author: 'maria' },
    );
    const run = await fixTwice({
      store,
      lines: [chat(['user', 'Who approves big refunds?'], ['assistant', 'Refunds over $200 need a manager.'])],
    });
    await store.close();
    expectIdempotent(run);
    expect(references(run.fixed)).toEqual([
      'Reference (escalation@1): Refunds over $200 go to {person_1} ({email_1}), as for order #{order_id_1}.',
    ]);
    expect(run.changes.filter((change) => change.in_reference).map((change) => change.kind)).toEqual([
      'private_data',
      'private_data',
      'business_state',
    ]);
  });
});
