import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { fixDataset } from '../../src/lint/fix-dataset.js';
import { lintDataset } from '../../src/lint/lint.js';
import { piecewise } from '../../src/lint/tokens.js';
import { createValueDetector } from '../../src/values/index.js';
import { tempDir } from '../helpers/temp.js';

/**
 * One long line must cost time linear in its length. These tests measure how time grows from n to 4n
 * characters: linear work takes about 4 times as long, quadratic work 16 times. The bound (10 times, plus
 * slack for timer noise on a busy machine) passes the first and fails the second.
 */
const seconds = (work: () => unknown) => {
  const started = performance.now();
  work();
  return (performance.now() - started) / 1000;
};
const scalesLinearly = (work: (length: number) => unknown, length: number) => {
  work(length / 4); // warm up
  const small = seconds(() => work(length));
  const large = seconds(() => work(4 * length));
  return { small, large, ok: large < 10 * small + 0.3 };
};

const sentence =
  'Hi Jane Doe, your order #48812 ships today and costs $14.95 plus tax; email jane@example.com or call 415-555-0100. ';
const prose = (length: number) => sentence.repeat(Math.ceil(length / sentence.length)).slice(0, length);

describe('one long line', () => {
  it('counts the tokens of a 200,000-character word in linear time (the byte-pair merge alone took 22 s)', () => {
    const count = piecewise(countTokens);
    const timing = scalesLinearly((length) => count('x'.repeat(length)), 50_000);
    expect(timing.ok, JSON.stringify(timing)).toBe(true);
    expect(seconds(() => count('x'.repeat(200_000)))).toBeLessThan(5);
  });

  it('counts ordinary text exactly, piece by piece', () => {
    const text = `${prose(30_000)}\n  indented “quoted” café — ${prose(9_000)}`;
    expect(piecewise(countTokens)(text)).toBe(countTokens(text));
  });

  it('detects values in linear time', () => {
    const detector = createValueDetector();
    const timing = scalesLinearly((length) => detector.detect(prose(length)), 60_000);
    expect(timing.ok, JSON.stringify(timing)).toBe(true);
  });

  it('lints a line with 160,000 values without overflowing the stack', async () => {
    const path = join(tempDir('seam-long-line-'), 'long.jsonl');
    const content = 'a@b.co '.repeat(160_000);
    writeFileSync(
      path,
      `${JSON.stringify({
        messages: [
          { role: 'user', content },
          { role: 'assistant', content: 'ok' },
        ],
      })}\n`,
    );
    const result = await lintDataset({ path, jobs: 0, maxFindings: 10 });
    expect(result.summary.by_kind.private_data).toBe(160_000);
    expect(result.findings).toHaveLength(10);
  }, 60_000);

  it('fixes a line with many values in linear time (placeholders and edits)', async () => {
    const dir = tempDir('seam-long-fix-');
    const fixSeconds = async (count: number) => {
      const content = Array.from({ length: count }, (_, index) => `user${index}@example.com`).join(' ');
      const path = join(dir, `${count}.jsonl`);
      writeFileSync(
        path,
        `${JSON.stringify({
          messages: [
            { role: 'user', content },
            { role: 'assistant', content: 'ok' },
          ],
        })}\n`,
      );
      const started = performance.now();
      const summary = await fixDataset({ path, out: join(dir, `${count}.fixed.jsonl`) });
      expect(summary.changes_by_action.placeholder).toBe(count);
      return (performance.now() - started) / 1000;
    };
    await fixSeconds(2_000);
    const small = await fixSeconds(6_000);
    const large = await fixSeconds(24_000);
    expect(large, JSON.stringify({ small, large })).toBeLessThan(10 * small + 0.3);
  }, 60_000);
});
