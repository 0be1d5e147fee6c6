import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxComplaintCharacters } from '../../src/diagnose/complaint-limit.js';
import { createDiagnoser, type Diagnoser } from '../../src/diagnose/diagnose.js';
import { maxSegmentCharacters, segmentText } from '../../src/diagnose/segment-text.js';
import { seam } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

// Issue 9: a 90 KB complaint took 36 s and a 120 KB one 325 s (the tagger and the clause rules were
// quadratic in a sentence's length), and there was no input limit.

describe('cutting a long complaint into bounded pieces', () => {
  it('covers the text exactly, in order, with no piece over the bound', () => {
    const text = `${'It quotes old prices, and it is rude; '.repeat(200)}${'x'.repeat(4000)} the end.`;
    const segments = segmentText(text);
    expect(segments.map((segment) => segment.text).join('')).toBe(text);
    for (const segment of segments) {
      expect(segment.text.length).toBeLessThanOrEqual(maxSegmentCharacters);
      expect(text.slice(segment.start, segment.start + segment.text.length)).toBe(segment.text);
    }
  });

  it('cuts at a sentence end when there is one, and leaves a normal complaint whole', () => {
    const sentence = 'The bot keeps quoting the old refund window to customers who ask about returns. ';
    const segments = segmentText(sentence.repeat(40));
    for (const segment of segments.slice(0, -1)) expect(segment.text.endsWith('returns. ')).toBe(true);
    expect(segmentText(sentence.repeat(5))).toEqual([{ text: sentence.repeat(5), start: 0 }]);
  });
});

describe('diagnosing a long complaint', () => {
  let diagnoser: Diagnoser;
  beforeAll(async () => {
    diagnoser = await createDiagnoser();
  });

  it('splits a run-on complaint just under the limit in a few seconds, not minutes', () => {
    // The worst case measured: one "sentence" of clauses joined by "and", each proposing a fine-tune.
    const text = "so let's fine-tune it and the bot is rude to customers and ".repeat(
      Math.floor(maxComplaintCharacters / 60),
    );
    const started = performance.now();
    const diagnosis = diagnoser.diagnose(text);
    const seconds = (performance.now() - started) / 1000;
    expect(diagnosis.asks_for_fine_tuning).toBe(true);
    expect(diagnosis.strands.length).toBeGreaterThan(100);
    expect(seconds).toBeLessThan(20);
  }, 30_000);

  it('refuses a complaint over the limit with an error naming the field and the limit', () => {
    expect(() => diagnoser.diagnose('a'.repeat(maxComplaintCharacters + 1))).toThrow(
      /text: the complaint is 50,001 characters; seam diagnose takes at most 50,000/,
    );
  });
});

describe('seam diagnose over the limit', () => {
  const root = tempDir('seam-diagnose-long-');
  const run = (...args: string[]) => seam(['diagnose', ...args], { db: join(root, 'unused.db'), cwd: root });

  it('names the file and line of a line over the limit, diagnoses the others and exits 2', async () => {
    writeFileSync(
      join(root, 'long.jsonl'),
      [
        JSON.stringify({ id: 'ok', text: 'The bot quotes last year’s prices.' }),
        JSON.stringify({ id: 'huge', text: 'the bot is rude '.repeat(4000) }),
      ].join('\n'),
    );
    const result = await run('--file', 'long.jsonl');
    expect(result.code).toBe(2);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/long\.jsonl:2: text: the complaint is 63,999 characters; .* at most 50,000/);
  });
});
