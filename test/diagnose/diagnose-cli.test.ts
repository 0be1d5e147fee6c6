import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/diagnose/diagnosis.js';
import { seam } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const root = tempDir('seam-diagnose-');
const db = join(root, 'unused.db');
const run = (...args: string[]) => seam(['diagnose', ...args], { db, cwd: root });

const acceptance =
  "its tone is inconsistent, it drifts between prose and lists, and it gives out-of-date answers, so let's fine-tune it";

describe('seam diagnose: the complaint from the planning meeting', () => {
  it('splits it into style, format and current_facts, and says fine-tuning fixes two of the three', async () => {
    const result = await run(acceptance, '--json');
    expect(result.code).toBe(0);
    const diagnosis = result.json() as Diagnosis;
    expect(diagnosis.strands.map((strand) => [strand.text, strand.categories])).toEqual([
      ['its tone is inconsistent', ['style']],
      ['it drifts between prose and lists', ['format']],
      ['it gives out-of-date answers', ['current_facts']],
    ]);
    expect(diagnosis.categories).toEqual(['style', 'format', 'current_facts']);
    expect(diagnosis.asks_for_fine_tuning).toBe(true);
    expect(diagnosis.prescriptions).toEqual(["let's fine-tune it"]);
    expect(diagnosis.strands.map((strand) => strand.fine_tune)).toEqual(['recommended', 'recommended', 'not_a_fix']);
    expect(diagnosis.strands[2]?.route).toBe('retrieval');
    expect(diagnosis.fine_tuning?.can_fix).toEqual(['its tone is inconsistent', 'it drifts between prose and lists']);
    expect(diagnosis.fine_tuning?.cannot_fix.map((entry) => [entry.text, entry.categories])).toEqual([
      ['it gives out-of-date answers', ['current_facts']],
    ]);
  });

  it('prints the plan with the reason fine-tuning cannot fix the stale answers, and what trying would cost', async () => {
    const result = await run(acceptance);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('3 strands; the complaint asks for fine-tuning');
    expect(result.stdout).toMatch(/1\. "its tone is inconsistent"\n {3}style \(confidence 0\.\d+\)/);
    expect(result.stdout).toMatch(/3\. "it gives out-of-date answers"\n {3}current_facts/);
    expect(result.stdout).toContain('fine-tuning: recommended');
    expect(result.stdout).toContain('fix:    retrieval from the knowledge store; never train');
    expect(result.stdout).toContain(
      'Fine-tuning can fix 2 of the 3 strands (style, format); it cannot fix "it gives out-of-date answers" (current_facts), which needs retrieval.',
    );
    expect(result.stdout).toContain(
      'fine-tuning cannot keep facts current: it freezes today’s values into the weights',
    );
    expect(result.stdout).toMatch(/frozen staleness: +every value stays as of the training data/);
    expect(result.stdout).toMatch(/verify: re-read the source/);
  });
});

describe('seam diagnose --json', () => {
  it('has the BRIEF shape for every strand', async () => {
    const result = await run(
      "It still quotes last year's prices and it showed a customer another account's invoices.",
      '--json',
    );
    expect(result.code).toBe(0);
    const diagnosis = result.json() as Diagnosis;
    expect(Object.keys(diagnosis)).toEqual(
      expect.arrayContaining(['strands', 'categories', 'asks_for_fine_tuning', 'model']),
    );
    expect(diagnosis.strands.length).toBe(2);
    for (const strand of diagnosis.strands) {
      expect(strand).toMatchObject({
        text: expect.any(String),
        categories: expect.any(Array),
        intervention: expect.any(String),
        confidence: expect.any(Number),
      });
      expect(strand.confidence).toBeGreaterThan(0);
      expect(strand.confidence).toBeLessThanOrEqual(1);
    }
    expect(diagnosis.asks_for_fine_tuning).toBe(false);
    expect(diagnosis.fine_tuning).toBeUndefined();
  });

  it('--format json is the same as --json', async () => {
    const viaFlag = await run('the bot sounds robotic', '--json');
    const viaFormat = await run('the bot sounds robotic', '--format', 'json');
    expect(viaFormat.stdout).toBe(viaFlag.stdout);
  });
});

describe('seam diagnose --format markdown', () => {
  it('writes a block to paste into a ticket', async () => {
    const result = await run(acceptance, '--format', 'markdown');
    expect(result.code).toBe(0);
    const markdown = result.stdout;
    expect(markdown).toMatch(/^### Diagnosis: 3 strands\n\n> its tone is inconsistent/);
    expect(markdown).toContain('| # | Strand | Categories | Confidence | Fix | Fine-tuning |');
    expect(markdown).toMatch(
      /\| 3 \| it gives out-of-date answers \| `current_facts` \| 0\.\d\d \| retrieval \| fine-tuning is not the fix \|/,
    );
    expect(markdown).toContain('#### 1. its tone is inconsistent');
    expect(markdown).toContain('**Fine-tuning cannot fix "it gives out-of-date answers"** (`current_facts`)');
    expect(markdown).toContain('- Inability to delete: a wrong value cannot be removed surgically, only by retraining');
  });
});

describe('seam diagnose --file', () => {
  it('streams one result per line with its id, reports a bad line by file and line, and exits 2', async () => {
    const file = join(root, 'complaints.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ id: 'T-1', text: 'The bot keeps quoting the old refund window.' }),
        '{"id": "T-2", "text": ',
        '',
        JSON.stringify({ id: 'T-3' }),
        JSON.stringify({ id: 42, text: 'It calls the refund tool twice for the same order, so let’s retrain it.' }),
      ].join('\n'),
    );
    const result = await run('--file', 'complaints.jsonl');
    expect(result.code).toBe(2);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const [first, second] = lines.map((line) => JSON.parse(line) as Diagnosis & { id: string | number });
    expect(first?.id).toBe('T-1');
    expect(first?.strands[0]?.categories).toContain('fast_changing_policy');
    expect(second?.id).toBe(42);
    expect(second?.asks_for_fine_tuning).toBe(true);
    expect(second?.categories).toContain('tool_discipline');
    expect(result.stderr).toContain('complaints.jsonl:2: not valid JSON');
    expect(result.stderr).toContain('complaints.jsonl:4: text: missing or not a string');
    expect(result.stderr).toContain('2 of 4 lines could not be diagnosed');
  });

  it('exits 2 naming the file when it cannot be read', async () => {
    const result = await run('--file', 'missing.jsonl');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot read missing\.jsonl/);
    expect(result.stdout).toBe('');
  });
});

describe('seam diagnose usage', () => {
  it.each([
    [['--model', 'llm', 'the bot is rude'], /--model llm: needs a model: set SEAM_MODEL/],
    [[], /give one complaint in quotes, or --file/],
    [['the bot is rude', '--file', 'x.jsonl'], /give one complaint in quotes, or --file/],
    [['--file', 'x.jsonl', '--format', 'markdown'], /--file writes JSON Lines/],
    [['the bot is rude', '--format', 'sarif'], /argument 'sarif' is invalid/],
  ])('%j exits 2 with a clear message', async (args, message) => {
    const result = await run(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('shows examples in --help', async () => {
    const result = await run('--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Examples:');
    expect(result.stdout).toContain('seam diagnose --file complaints.jsonl');
    expect(result.stdout).toContain('--model <kind>');
  });
});

describe('seam diagnose on the confusions real complaints bring', () => {
  // Written for this test, in the register of real complaints; none is in data/complaints/.
  const cases: [string, string[]][] = [
    ['The bot gave a customer our old support phone number, which no longer works.', ['current_facts']],
    ['The help article was deleted last week, but the bot still retrieves it and quotes it.', ['current_facts']],
    ['Other users can see my conversation with the bot.', ['permissions']],
    [
      'For twenty minutes it kept repeating that my order was being prepared. The restaurant had cancelled it.',
      ['business_state'],
    ],
    ['A customer asked us to erase her data, and the bot still recites her home address.', ['deletable_private_data']],
    ['The agent calls the search tool twice for every question.', ['tool_discipline']],
    ['Non-admin users get answers from the admin handbook.', ['permissions']],
  ];

  it('routes each to the category the labelling guide gives it, in one batch', async () => {
    const root = tempDir('seam-diagnose-routes-');
    writeFileSync(
      join(root, 'routes.jsonl'),
      cases.map(([text], index) => JSON.stringify({ id: index, text })).join('\n'),
    );
    const result = await seam(['diagnose', '--file', 'routes.jsonl'], { db, cwd: root });
    expect(result.code).toBe(0);
    const diagnoses = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Diagnosis & { id: number });
    expect(diagnoses.map((diagnosis) => [cases[diagnosis.id]?.[0], diagnosis.categories])).toEqual(
      cases.map(([text, categories]) => [text, categories]),
    );
  });

  it('answers a complaint that names no symptom with a question instead of a guess', async () => {
    const result = await run('Hi all. The bot is useless. Any ideas?', '--json');
    expect(result.code).toBe(0);
    const diagnosis = result.json() as Diagnosis;
    expect(diagnosis.categories).toEqual([]);
    expect(diagnosis.strands.every((strand) => strand.categories.length === 0)).toBe(true);
    expect(diagnosis.strands.map((strand) => strand.outcome)).not.toContain('categorised');
    expect(diagnosis.unclear?.question).toMatch(/\?/);
    const verdict = (await run('The bot is useless.', '--json')).json() as Diagnosis;
    expect(verdict.strands.map((strand) => strand.outcome)).toEqual(['no_symptom']);
    expect(verdict.unclear).toEqual({ question: expect.stringMatching(/^What did the bot say or do/), candidates: [] });
    const text = await run('Hi all. The bot is useless. Any ideas?');
    expect(text.stdout).toContain('Unclear: no strand names a symptom Seam can sort with confidence. Ask:');
  });
});
