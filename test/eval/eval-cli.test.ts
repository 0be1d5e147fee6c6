import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPaths } from '../../src/demo/demo-home.js';
import type { EvalReport } from '../../src/eval/eval-report.js';
import { seam } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { type AnsweringServer, startAnsweringServer } from './helpers/answering-server.js';
import { localModel } from './helpers/eval-kb.js';

const root = tempDir('seam-cli-eval-');
const db = join(root, 'seam.db');
const run = (...args: string[]) => seam(['eval', ...args], { db, cwd: root });

describe('seam eval (command line, on the demo store)', () => {
  let closed: AnsweringServer;
  beforeAll(async () => {
    expect((await seam(['demo', '--seed-only'], { db, cwd: root })).code).toBe(0);
    // Last year's bot: the 30-day window and the $12 price, whatever it is asked.
    closed = await startAnsweringServer({
      answer: () => '1. You can return unopened bags within 30 days.\n2. Daily Grind is $12 per month.',
    });
    writeFileSync(join(root, 'rag.json'), readFileSync(demoPaths(db).config));
    writeFileSync(
      join(root, 'closed-book.json'),
      JSON.stringify({ retrieval: false, model: localModel(closed.url, 'last-year') }),
    );
  });
  afterAll(() => closed.close());

  it('generates probes and runs two configurations side by side: the JSON contract and the HTML report', async () => {
    const result = await run(
      '--generate',
      'currency,permission,format',
      '--config',
      'rag.json',
      '--config',
      'closed-book.json',
      '--html',
      'report.html',
      '--json',
    );
    expect(result.code, result.stderr).toBe(0);
    const report = result.json() as EvalReport;
    expect(report.configs.map((config) => config.name)).toEqual(['rag', 'closed-book']);
    expect(report.summary.rag).toEqual({
      currency: { passed: 2, total: 2 },
      permission: { passed: 8, total: 8 },
      format: { passed: 4, total: 4 },
    });
    expect(report.summary['closed-book']?.currency).toEqual({ passed: 0, total: 2 });
    const [first] = report.cases;
    expect(Object.keys(first ?? {})).toEqual(
      expect.arrayContaining(['id', 'kind', 'question', 'as', 'expect', 'results']),
    );
    expect(Object.keys(first?.results.rag ?? {})).toEqual(expect.arrayContaining(['pass', 'answer', 'reasons']));

    const html = readFileSync(join(root, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<table class="matrix">');
    expect(html).toContain('does not state &#34;14 days&#34;');
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\//);
  });

  it('prints the matrix and the failing cases, and exits 1 below --min-pass', async () => {
    const result = await run(
      '--generate',
      'currency',
      '--config',
      'rag.json',
      '--config',
      'closed-book.json',
      '--min-pass',
      'currency=1',
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /kind\s+rag \(extractive\)\s+closed-book \(openai-compatible:last-year, closed-book\)/,
    );
    expect(result.stdout).toMatch(/currency\s+2\/2 100%\s+0\/2\s+0%/);
    expect(result.stdout).toContain('Failing with closed-book (2):');
    expect(result.stderr).toContain('below --min-pass: closed-book currency: 0/2 passed, below 100%');
    const scoped = await run(
      '--generate',
      'currency',
      '--config',
      'rag.json',
      '--config',
      'closed-book.json',
      '--min-pass',
      'rag:currency=1',
    );
    expect(scoped.code, scoped.stderr).toBe(0);
  });

  it('writes JUnit XML (one test case per probe per configuration) and a markdown summary for CI', async () => {
    const result = await run(
      '--generate',
      'currency,permission',
      '--config',
      'rag.json',
      '--config',
      'closed-book.json',
      '--junit',
      'out/eval.xml',
      '--markdown',
      'out/eval.md',
      '--json',
    );
    expect(result.code, result.stderr).toBe(0);
    const report = result.json() as EvalReport;
    const xml = readFileSync(join(root, 'out', 'eval.xml'), 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => ['testsuite', 'testcase'].includes(name),
    }).parse(xml) as {
      testsuites: {
        tests: string;
        failures: string;
        testsuite: {
          name: string;
          tests: string;
          failures: string;
          testcase: { classname: string; name: string; failure?: { message: string } }[];
        }[];
      };
    };
    const suites = parsed.testsuites.testsuite;
    expect(suites.map((suite) => suite.name)).toEqual(['rag', 'closed-book']);
    for (const suite of suites) expect(suite.testcase).toHaveLength(report.cases.length);
    expect(Number(parsed.testsuites.tests)).toBe(report.cases.length * 2);
    const failed = (name: string) =>
      suites.find((suite) => suite.name === name)?.testcase.filter((entry) => entry.failure) ?? [];
    expect(failed('rag')).toEqual([]);
    const closedCurrency = report.cases.filter((entry) => entry.kind === 'currency');
    expect(failed('closed-book').map((entry) => entry.classname)).toEqual(
      closedCurrency.map(() => 'closed-book.currency'),
    );
    // A failure's message is its reasons.
    expect(failed('closed-book')[0]?.failure?.message).toBe(
      closedCurrency[0]?.results['closed-book']?.reasons.join('; '),
    );
    expect(Number(suites[1]?.failures)).toBe(closedCurrency.length);

    const markdown = readFileSync(join(root, 'out', 'eval.md'), 'utf8');
    expect(markdown).toContain('| kind | rag | closed-book (closed-book) |');
    expect(markdown).toMatch(
      new RegExp(
        `\\| currency \\| ${closedCurrency.length}/${closedCurrency.length} \\(100%\\) \\| 0/${closedCurrency.length} \\(0%\\) \\|`,
      ),
    );
    expect(markdown).toContain(`<details><summary>Failing (${closedCurrency.length})</summary>`);
  });

  it('fails loudly when --min-pass gates a kind that has no cases', async () => {
    const result = await run('--generate', 'permission', '--config', 'rag.json', '--min-pass', 'currency=1', '--json');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('below --min-pass: rag currency: no cases to gate on');
    expect((result.json() as { min_pass: { below: string[] } }).min_pass.below).toHaveLength(1);
  });

  it('compares with a baseline (regressions, fixes) and lists cases pinned to a version that moved on', async () => {
    writeFileSync(
      join(root, 'cases.yaml'),
      [
        '- id: window-now',
        '  question: How long is the refund window?',
        '  expect: { contains: 14 days }',
        '- id: window-next',
        '  question: How long is the refund window?',
        '  expect: { contains: 21 days }',
        '- id: window-pinned',
        '  question: How long is the refund window?',
        '  expect: { cites: [refund-policy@2] }',
      ].join('\n'),
    );
    const before = await run('cases.yaml', '--config', 'rag.json', '--json');
    expect(before.code, before.stderr).toBe(0);
    writeFileSync(join(root, 'before.json'), before.stdout);

    const policy = join(demoPaths(db).kb, 'policies', 'refunds.md');
    writeFileSync(policy, readFileSync(policy, 'utf8').replace('within 14 days', 'within 21 days'));
    expect((await seam(['kb', 'put', policy], { db, cwd: root })).code).toBe(0);

    const after = await run('cases.yaml', '--config', 'rag.json', '--baseline', 'before.json');
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toContain('Against before.json: 1 regression, 1 fix');
    expect(after.stdout).toContain('regression window-now [rag]: does not state "14 days"');
    expect(after.stdout).toContain('fixed window-next [rag]');
    expect(after.stdout).toContain('window-pinned: cites refund-policy@2, now v3');
  });

  it('refuses bad input with exit 2: a bad case file (file, line, field), no cases, an unknown kind', async () => {
    writeFileSync(join(root, 'bad.jsonl'), '{"question":"Hi?","expect":{"refuses":"yes"}}\n');
    const bad = await run('bad.jsonl');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('error: bad.jsonl:1: expect.refuses: Invalid input: expected boolean, received string\n');
    expect((await run()).stderr).toContain('give case files, --generate <kinds>, or both');
    const unknown = await run('--generate', 'vibes', '--json');
    expect(unknown.code).toBe(2);
    expect(unknown.json()).toMatchObject({ error: { code: 'input', field: '--generate' } });
  });
});
