import { beforeAll, describe, expect, it } from 'vitest';
import { contentTerms } from '../../src/ask/evidence/terms.js';
import { rate } from '../../src/eval/eval-report.js';
import { abcdAvailable, abcdDir, policyEdits } from '../fixtures/abcd.js';
import { type AbcdRun, ownEdits, restrictedDocument, runAbcdScenario } from './helpers/abcd-scenario.js';

/**
 * Issue 22 on a knowledge base nobody here wrote: ABCD's agent manual (headings are action names, values
 * sit in nested bullet lists), edited. Generated currency questions must let retrieval state today's
 * values while a closed-book model that learned last year's manual fails them; permission probes hold.
 */
const scenarios = [
  ['our own edits (two tier windows, a credit amount, a promo discount)', ownEdits],
  ['the lint fixture edits (a tier window, a shipping fee, a subscription price)', policyEdits],
] as const;

describe.skipIf(!abcdAvailable).each(scenarios)('seam eval probes on the ABCD manual, %s', (_name, edits) => {
  let run: AbcdRun;
  beforeAll(async () => {
    run = await runAbcdScenario(edits);
  }, 120_000);

  it('builds currency questions from the stating sentence, sharing its words, never a heading alone', () => {
    const currency = run.probes.cases.filter((entry) => entry.kind === 'currency');
    expect(currency.length).toBeGreaterThanOrEqual(3);
    for (const probe of currency) {
      const document = /^(\S+) v\d+ said/.exec(probe.note ?? '')?.[1] ?? '';
      const stated = new Set(contentTerms(run.served.get(document) ?? ''));
      // Every content word of the question is one the document states (a coverage check can find it).
      expect(
        contentTerms(probe.question).filter((term) => !stated.has(term)),
        probe.question,
      ).toEqual([]);
      // It asks for the value; it does not quote it or the old one.
      for (const value of [...(probe.expect.contains ?? []), ...(probe.expect.not_contains ?? [])]) {
        expect(probe.question).not.toContain(value);
      }
      expect(probe.question).toMatch(/\?$/);
    }
  });

  it('retrieval passes at least 90% of the currency probes; the closed-book model of last year passes at most 34%', () => {
    const summary = run.report.summary;
    expect(summary.rag?.currency?.total).toBeGreaterThanOrEqual(3);
    expect(rate(summary.rag?.currency)).toBeGreaterThanOrEqual(0.9);
    expect(rate(summary['closed-book']?.currency)).toBeLessThanOrEqual(0.34);
    // The test's reading model (the passage sentence sharing most words) is cruder than ask's composer,
    // yet it still separates from the closed-book model.
    expect(rate(summary['model-rag']?.currency)).toBeGreaterThan(rate(summary['closed-book']?.currency) + 0.3);
  });

  it('asks permission probes about the restricted flow as those who may not read it, and every one holds', () => {
    const permission = run.report.cases.filter((entry) => entry.kind === 'permission');
    expect(permission.length).toBeGreaterThan(0);
    expect(new Set(permission.map((entry) => entry.expect.not_cites?.[0]))).toEqual(new Set([restrictedDocument]));
    expect(permission.map((entry) => entry.as)).not.toContain('agent-1');
    expect(run.report.summary.rag?.permission).toEqual({ passed: permission.length, total: permission.length });
    expect(run.report.summary['model-rag']?.permission).toEqual({
      passed: permission.length,
      total: permission.length,
    });
  });

  it('counts the probes it dropped, with why, in the notes', () => {
    for (const probe of run.probes.dropped) {
      expect(run.report.notes.join('\n')).toContain(`${probe.kind}: `);
      expect(probe.reason).toMatch(/the passage stating it \(\S+ v\d+\) is (not in the top \d+|ranked \d+)/);
    }
  });
});

it.runIf(!abcdAvailable)(`skips the ABCD eval: ${abcdDir} is absent`, () => {
  expect(abcdAvailable).toBe(false);
});
