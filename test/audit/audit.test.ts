import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import { runAudit } from '../../src/audit/audit.js';
import { readTranscripts } from '../../src/audit/transcripts.js';
import { defaultConfig } from '../../src/config/behavior-config.js';
import type { InputError } from '../../src/errors.js';
import type { KnowledgeStore } from '../../src/store/knowledge-store.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { seam } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { doc } from '../store/knowledge-store.suite.js';

const dir = tempDir('seam-audit-');
const db = join(dir, 'kb.db');
const write = (name: string, lines: unknown[]) => {
  const path = join(dir, name);
  writeFileSync(path, `${lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n')}\n`);
  return path;
};

/**
 * The transcripts behind the complaint "its tone is inconsistent, it drifts between prose and lists, and
 * it gives out-of-date answers": 10 answers, of which 3 are prose where the house format is a numbered
 * list, 2 use phrases the voice avoids, and 4 quote the refund window the policy had before its edit.
 */
const qa = (answer: string, question = 'How long do I have to return an item?') => ({ question, answer });
const transcript = [
  qa('1. You can return items within 14 days of delivery.\n2. Start the return from the Orders page.'),
  qa('1. Returns are accepted within 30 days.\n2. Keep the receipt.'),
  qa('You can return items within 30 days. Just send them back.'),
  qa('As an AI language model, I think returns are accepted within thirty days.'),
  qa('1. Unfortunately, there is nothing I can do.\n2. Please contact us again.'),
  qa('Returns are fine within a 30-day window, no problem at all.'),
  qa('1. You can return it within 14 days.\n2. Refunds go to the original card.'),
  qa('1. Sure! The window is 14 days.\n2. Write to us at help@tidewater.example if needed.'),
  qa('1. The window is 14 days from delivery.'),
  qa('1. You have 14 days.\n2. Opened bags count if they are stale.'),
];

describe('seam audit', () => {
  let store: KnowledgeStore;
  beforeAll(async () => {
    store = openSqliteStore({ path: db });
    await store.put(doc('refund-policy', '## Window\n\nItems can be returned within 30 days of delivery.'), {
      reader: operator,
      author: 'maria',
    });
    await store.put(doc('refund-policy', '## Window\n\nItems can be returned within 14 days of delivery.'), {
      reader: operator,
      author: 'maria',
    });
    await store.close();
  });

  const config = () => {
    const base = defaultConfig();
    return {
      ...base,
      format: { type: 'numbered_list' as const, max_items: 5 },
      voice: { ...base.voice, avoid: ['as an AI', 'unfortunately'] },
    };
  };

  it('measures format, style, superseded values and private data, and points each at its fix', async () => {
    const path = write('transcripts.jsonl', transcript);
    const opened = openSqliteStore({ path: db });
    const result = await runAudit({
      path,
      config: config(),
      store: opened,
      reader: operator,
      at: '2026-11-25T00:00:00Z',
    });
    await opened.close();
    expect(result.answers).toBe(10);
    const rate = Object.fromEntries(result.rates.map((entry) => [entry.check, [entry.failing, entry.rate]]));
    expect(rate).toEqual({
      format: [3, 0.3],
      style: [2, 0.2],
      superseded: [4, 0.4],
      unsupported: [0, 0],
      private: [1, 0.1],
    });
    const superseded = result.rates.find((entry) => entry.check === 'superseded');
    expect(superseded?.examples[0]).toMatchObject({ line: 2, detail: '"30 days" (refund-policy v1; now "14 days")' });

    expect(result.diagnosis.map((line) => [line.check, line.category, line.fine_tune])).toEqual([
      ['superseded', 'current_facts', 'no'],
      ['format', 'format', 'yes'],
      ['style', 'style', 'yes'],
      ['private', 'deletable_private_data', 'no'],
    ]);
    expect(result.diagnosis[0]?.statement).toBe(
      '40% of answers quote a value only an earlier document version stated → current_facts: retrieval from the knowledge store; never train — not fine-tuning',
    );
  });

  it('judges each answer against the documents in effect when it was given', async () => {
    const timed = openSqliteStore({ path: join(dir, 'timed.db') });
    await timed.put(doc('pricing', 'The Daily plan costs $12 per month.'), { reader: operator, author: 'maria' });
    await timed.put(doc('pricing', 'The Daily plan costs $14 per month.', { effective_from: '2026-10-01' }), {
      reader: operator,
      author: 'maria',
    });
    const ask = 'How much is the Daily plan?';
    const path = write('timed.jsonl', [
      { ...qa('1. It costs $12 per month.', ask), at: '2026-09-15T10:00:00Z' },
      { ...qa('1. It costs $12 per month.', ask), at: '2026-10-02' },
      { ...qa('1. It costs $14 per month.', ask), at: '2026-10-02T09:30:00+02:00' },
      qa('1. It costs $12 per month.', ask),
      { ...qa('1. It costs $12 per month.', ask), at: 'last Tuesday' },
    ]);
    const result = await runAudit({
      path,
      config: config(),
      store: timed,
      reader: operator,
      at: '2026-11-25T00:00:00Z',
    });
    await timed.close();
    const superseded = result.rates.find((entry) => entry.check === 'superseded');
    // September: $12 was the price. October 2nd and the default instant (November): it had become $14.
    expect(superseded?.examples.map((example) => example.line)).toEqual([2, 4]);
    expect(result.answers).toBe(4);
    expect(result.problems.map((problem) => [problem.line, problem.field])).toEqual([[5, 'at']]);
    expect(result.problems[0]?.message).toContain('"at" must be an ISO date');
  });

  it('reads chat lines, and names a line it cannot read', async () => {
    const path = write('chat.jsonl', [
      {
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello!' },
          { role: 'user', content: 'Window?' },
          { role: 'assistant', content: '14 days.' },
        ],
      },
      'not json',
      { text: 'no answer here' },
    ]);
    const problems: InputError[] = [];
    const answers = [];
    for await (const answer of readTranscripts(path, problems)) answers.push(answer);
    expect(answers.map((answer) => [answer.line, answer.question, answer.answer])).toEqual([
      [1, 'Hi', 'Hello!'],
      [1, 'Window?', '14 days.'],
    ]);
    expect(problems.map((problem) => [problem.line, problem.message.split(': ')[1]])).toEqual([
      [2, 'not valid JSON'],
      [3, 'answer'],
    ]);
  });

  it('exits 1 over the limits, 0 within them, and 2 on unreadable lines', async () => {
    const path = write('cli.jsonl', transcript);
    writeFileSync(
      join(dir, 'seam.config.json'),
      JSON.stringify({ format: 'numbered_list', voice: { avoid: ['as an AI', 'unfortunately'] } }),
    );
    const over = await seam(['audit', path], { db, cwd: dir, now: new Date('2026-11-25T00:00:00Z') });
    expect(over.code).toBe(1);
    expect(over.stdout).toContain('40% (4)');
    expect(over.stdout).toContain(
      '40% of answers quote a value only an earlier document version stated → current_facts',
    );
    const json = await seam(['audit', path, '--json'], { db, cwd: dir });
    expect((json.json() as { exceeded: string[] }).exceeded).toEqual(['format', 'style', 'superseded', 'private']);
    const relaxed = await seam(['audit', path, '--fail-on', 'format=0.5,style=0.5,superseded=0.5,private=0.5'], {
      db,
      cwd: dir,
    });
    expect(relaxed.code).toBe(0);
    const bad = await seam(['audit', write('bad.jsonl', ['{"answer": "1. Fine."}', '{oops'])], { db, cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad.jsonl:2: not valid JSON');
    // A relative path is read from the command's folder, not the test process's.
    const relative = await seam(['audit', 'cli.jsonl', '--json'], { db, cwd: dir });
    expect([relative.code, (relative.json() as { exceeded: string[] }).exceeded]).toEqual([
      1,
      ['format', 'style', 'superseded', 'private'],
    ]);
    const missing = await seam(['audit', 'nowhere.jsonl'], { db, cwd: dir });
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('nowhere.jsonl')]);
    const badLimit = await seam(['audit', path, '--fail-on', 'tone=0.1'], { db, cwd: dir });
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toContain('--fail-on: expected name=rate pairs');
  });

  it('checks the format only when a config sets one: prose answers are not "empty" by default', async () => {
    const bare = tempDir('seam-audit-bare-');
    const path = join(bare, 'prose.jsonl');
    writeFileSync(
      path,
      `${[
        { question: 'Can I pause my plan?', answer: 'Yes, you can pause it from your account page.' },
        { question: 'Do you ship abroad?', answer: 'We ship to most countries in Europe.' },
      ]
        .map((line) => JSON.stringify(line))
        .join('\n')}\n`,
    );
    const result = await seam(['audit', path, '--json', '--no-store'], { db: join(bare, 'kb.db'), cwd: bare });
    const json = result.json() as { rates: { check: string }[]; skipped: string[]; exceeded: string[] };
    expect(json.rates.map((rate) => rate.check)).not.toContain('format');
    expect(json.skipped).toEqual(['format']);
    expect(result.code).toBe(0);
    const text = await seam(['audit', path, '--no-store'], { db: join(bare, 'kb.db'), cwd: bare });
    expect(text.stdout).not.toContain('empty');
    expect(text.stderr).toContain('format not checked');
  });
});
