import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/behavior-config.js';
import { InputError } from '../../src/errors.js';
import type { EvalAnswer } from '../../src/eval/answer-case.js';
import { parseEvalConfig } from '../../src/eval/eval-config.js';
import { judge, states } from '../../src/eval/judge.js';
import { readCaseFile } from '../../src/eval/read-cases.js';
import { createValueDetector } from '../../src/values/index.js';
import { tempDir } from '../helpers/temp.js';

const dir = tempDir('seam-eval-cases-');
const detector = createValueDetector();

async function refused(file: string, text: string): Promise<InputError> {
  const path = join(dir, file);
  writeFileSync(path, text);
  const error = await readCaseFile(path).catch((caught: unknown) => caught);
  if (!InputError.isInstance(error)) throw new Error(`expected an InputError, got ${String(error)}`);
  return error;
}

describe('case files', () => {
  it('reads YAML (a list, or cases:) and JSONL; a case without an id gets file:line', async () => {
    const yaml = join(dir, 'cases.yaml');
    writeFileSync(
      yaml,
      [
        'cases:',
        '  - id: window',
        '    kind: currency',
        '    question: How long is the refund window?',
        '    as: ana',
        '    expect: { contains: 14 days, not_contains: [30 days], cites: [refund-policy@2] }',
        '  - question: Do you sell tea?',
        '    expect: { refuses: true }',
      ].join('\n'),
    );
    const cases = await readCaseFile(yaml);
    expect(cases).toEqual([
      {
        id: 'window',
        kind: 'currency',
        question: 'How long is the refund window?',
        as: 'ana',
        expect: { contains: ['14 days'], not_contains: ['30 days'], cites: ['refund-policy@2'] },
      },
      { id: `${yaml}:7`, kind: 'custom', question: 'Do you sell tea?', expect: { refuses: true } },
    ]);
    const jsonl = join(dir, 'cases.jsonl');
    writeFileSync(jsonl, '{"id":"a","question":"Where is my order?","as":"ana"}\n\n{"question":"Hi?"}\n');
    expect((await readCaseFile(jsonl)).map((entry) => entry.id)).toEqual(['a', `${jsonl}:3`]);
  });

  it('names the file, line and field of a bad YAML case, and reports every problem at once', async () => {
    const error = await refused(
      'bad.yaml',
      [
        '- id: one',
        '  question: How long is the refund window?',
        '  expect:',
        '    cites: [refund-policy@v2]',
        '- id: two',
        '  kind: vibes',
        '  question: Hi',
      ].join('\n'),
    );
    expect(error.message).toBe(
      `${join(dir, 'bad.yaml')}:4: [0].expect.cites[0]: must be a document id or 'id@version', e.g. refund-policy@3`,
    );
    expect(error.others.map((other) => [other.line, other.field])).toEqual([
      [4, '[0].expect.cites[0]'],
      [6, '[1].kind'],
    ]);
  });

  it('names the line and field of a bad JSONL case, an unknown key, and a duplicate id', async () => {
    const error = await refused(
      'bad.jsonl',
      '{"id":"a","question":"Hi?"}\n{"id":"b","question":"Hi?","expect":{"contians":["x"]}}\n{"id":"a","question":"Again?"}\nnot json\n',
    );
    const path = join(dir, 'bad.jsonl');
    expect(error.others.map((other) => other.message)).toEqual([
      `${path}:2: expect.contians: Unrecognized key: "contians"`,
      expect.stringMatching(new RegExp(`^${path.replaceAll('.', '\\.')}:4: not valid JSON`)),
      `${path}: id: case id 'a' is used twice`,
    ]);
    expect((await refused('empty.yaml', 'just: a map\n')).message).toContain('expected a list of cases');
  });

  it('a configuration with "retrieval": false is closed-book and named by its file; errors keep their lines', () => {
    const closed = parseEvalConfig({ text: '{\n  "retrieval": false\n}\n', file: 'closed-book.json', baseDir: dir });
    expect(closed).toMatchObject({ name: 'closed-book', retrieval: false });
    const error = (() => {
      try {
        parseEvalConfig({
          text: '{\n  "retrieval": false,\n  "grounding": "never"\n}\n',
          file: 'x.json',
          baseDir: dir,
        });
      } catch (caught) {
        return caught as InputError;
      }
      throw new Error('expected an error');
    })();
    expect(error.message).toBe("x.json:3: grounding: must be 'remove' or 'withhold'");
  });

  it('"frozen_at" answers from the documents of a past date: an ISO date or "N days ago"', () => {
    const now = () => new Date('2026-11-25T12:00:00Z');
    const frozen = (value: string) =>
      parseEvalConfig({ text: `{ "frozen_at": ${JSON.stringify(value)} }`, file: 'frozen.json', baseDir: dir, now });
    expect(frozen('365 days ago')).toMatchObject({ name: 'frozen', retrieval: true, frozenAt: '2025-11-25' });
    expect(frozen('2025-06-01').frozenAt).toBe('2025-06-01');
    expect(() => frozen('last year')).toThrow(
      'frozen.json: frozen_at: must be an ISO date (2025-12-01) or "N days ago", got "last year"',
    );
  });
});

describe('judging an answer', () => {
  const answer = (text: string, extra: Partial<EvalAnswer> = {}): EvalAnswer => ({
    answer: text,
    citations: [],
    state_used: [],
    refused: false,
    handoff: null,
    warnings: [],
    trace: {},
    ...extra,
  });
  const verdict = (expect: object, given: EvalAnswer) =>
    judge({ id: 'c', kind: 'custom', question: 'q?', expect }, given, { config: defaultConfig(), detector });

  it.each([
    ['30 days', 'You have thirty days.', true],
    ['30 days', 'You have a 30-day window.', true],
    ['$14', 'It costs $14.00 a month.', true],
    ['$12', 'It costs $120 a year.', false],
    ['14 days', 'You have 30 days.', false],
    ['Orders page', 'Use the orders page.', true],
  ])('"%s" stated in "%s": %s', (phrase, text, expected) => {
    expect(states(text, phrase, detector)).toBe(expected);
  });

  it('checks citations, versions, refusal, handoff, format and absent text everywhere the asker looks', () => {
    const cited = answer('1. Within 14 days.', {
      citations: [{ id: 'refund-policy', version: 2, title: 'R', effective_from: null }],
    });
    expect(verdict({ cites: ['refund-policy', 'refund-policy@2'] }, cited)).toEqual({ pass: true, reasons: [] });
    expect(verdict({ cites: ['refund-policy@1'], not_cites: ['refund-policy'] }, cited).reasons).toEqual([
      'does not cite refund-policy@1 (cited: refund-policy@2)',
      'cites refund-policy',
    ]);
    expect(verdict({ refuses: true, handoff: true }, cited).reasons).toEqual([
      'answered instead of declining',
      'did not hand off',
    ]);
    expect(verdict({ format: true }, answer('Just prose.')).reasons[0]).toMatch(/^format: /);
    const leaky = answer('1. Nothing to see.', { trace: { hits: [{ id: 'billing/chargebacks' }] } });
    expect(verdict({ absent: ['billing/chargebacks'] }, leaky).reasons).toEqual([
      '"billing/chargebacks" reached the trace',
    ]);
  });
});
