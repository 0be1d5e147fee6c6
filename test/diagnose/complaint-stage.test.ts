import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { combineStages } from '../../src/diagnose/complaint-stage.js';
import { createDiagnoser } from '../../src/diagnose/diagnose.js';
import { groupedFolds, readRealComplaints, sourceGroup } from '../../src/diagnose/real-complaints.js';
import { InputError } from '../../src/errors.js';
import { type CategoryId, categoryIds } from '../../src/taxonomy/index.js';

const scores = (values: Partial<Record<CategoryId, number>>) =>
  Object.fromEntries(categoryIds.map((id) => [id, values[id] ?? 0.01])) as Record<CategoryId, number>;

describe('combining the complaint stage with the strands', () => {
  it('drops a strand category the whole complaint does not support, and adds the complaint’s best one', () => {
    // An issue report that quotes a formatted answer: the quoted part looks like a format complaint.
    const result = combineStages({
      rule: { complaintGate: 0.5, complaintFloor: 0.2 },
      assigned: [['format'], []],
      strandScores: [scores({ format: 0.6 }), scores({ current_facts: 0.3 })],
      complaint: scores({ current_facts: 0.7, format: 0.1 }),
    });
    expect(result).toEqual([[], ['current_facts']]);
  });

  it('keeps a strand category the complaint stage finds nearly as likely as its best', () => {
    const result = combineStages({
      rule: { complaintGate: 0.5, complaintFloor: 0.2 },
      assigned: [['style'], ['current_facts']],
      strandScores: [scores({ style: 0.5 }), scores({ current_facts: 0.6 })],
      complaint: scores({ current_facts: 0.6, style: 0.4 }),
    });
    expect(result).toEqual([['style'], ['current_facts']]);
  });

  it('asks rather than guesses when the complaint stage is below its floor and no strand is confident', () => {
    const result = combineStages({
      rule: { complaintGate: 0.5, complaintFloor: 0.5 },
      assigned: [[], []],
      strandScores: [scores({ style: 0.2 }), scores({ format: 0.2 })],
      complaint: scores({ style: 0.3, format: 0.28 }),
    });
    expect(result.flat()).toEqual([]);
  });
});

describe('a diagnoser given its own complaint rule', () => {
  it('applies it: a gate above 1 keeps no strand category and a floor above 1 adds none', async () => {
    const complaint = "It still quotes last year's prices, and its tone is rude to customers.";
    expect((await createDiagnoser()).diagnose(complaint).categories.length).toBeGreaterThan(0);
    const closed = await createDiagnoser({ rule: { complaintGate: 1.01, complaintFloor: 2 } });
    expect(closed.diagnose(complaint).categories).toEqual([]);
  });
});

describe('the real development set', () => {
  it('folds by project or outlet, never splitting one across folds, and balances the folds', () => {
    const sources = [
      'acme/bot#1',
      'acme/bot#2',
      'acme/widget#3',
      'https://www.example.com/a',
      'https://example.com/b',
      'other/repo#9',
      'third/x#1',
      'https://news.example.org/c',
    ];
    const groups = sources.map(sourceGroup);
    expect(groups.slice(0, 5)).toEqual(['acme', 'acme', 'acme', 'example.com', 'example.com']);
    const folds = groupedFolds(groups, 3);
    for (const [at, group] of groups.entries()) {
      expect(folds[groups.indexOf(group)]).toBe(folds[at]);
    }
    const sizes = [0, 1, 2].map((fold) => folds.filter((value) => value === fold).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(3);
  });

  it('is empty when the file is absent, and names the file and line of a bad one', () => {
    const folder = mkdtempSync(join(tmpdir(), 'seam-real-'));
    expect(readRealComplaints(pathToFileURL(join(folder, 'missing.jsonl')))).toEqual([]);
    const file = join(folder, 'dev.jsonl');
    writeFileSync(
      file,
      `${JSON.stringify({ id: 'x1', text: 'The bot is rude.', labels: ['style'], asks_for_fine_tuning: false, source: 'a/b#1' })}\n` +
        `${JSON.stringify({ id: 'x2', text: 'It quotes old prices.', labels: ['prices'], asks_for_fine_tuning: false, source: 'a/b#2' })}\n`,
    );
    const error = (() => {
      try {
        readRealComplaints(pathToFileURL(file));
      } catch (caught) {
        return caught;
      }
    })();
    expect(InputError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ file, line: 2, field: 'labels.0' });
  });
});
