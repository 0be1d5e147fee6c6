import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import { askSteps, createAskContext, toResult } from '../../src/ask/ask.js';
import { featureNames, type RerankModel, rerankModel } from '../../src/ask/evidence/rerank.js';
import type { Candidate } from '../../src/ask/evidence/weigh.js';
import { makeKb, type TestKb } from './helpers/kb.js';

/**
 * The learned unit score picks which unit is quoted first; it never decides whether to answer. Checked on
 * a real SQLite store through the pipeline's own steps, with the committed model and with models built
 * here to pull one way or the other.
 */

const manual = `---
id: returns
title: Returns
collection: policy
---
# Returns

## Return window

Customers often ask about sending items back after a holiday.

- Confirm the return window with the customer
  - Members can return items within 60 days of delivery
  - Guests can return items within 14 days of delivery
`;

let kb: TestKb;
beforeAll(async () => {
  kb = await makeKb([manual]);
});
afterAll(() => kb.store.close());

async function askWith(question: string, rerank: RerankModel | null | undefined) {
  let candidates: readonly Candidate[] = [];
  const context = createAskContext({ question, reader: operator, store: kb.store, env: {} });
  if (rerank !== undefined) context.rerank = rerank;
  context.onCandidates = (seen) => {
    candidates = seen;
  };
  for (const [, step] of askSteps) await step(context);
  return { result: toResult(context), candidates, first: context.evidence?.selection[0]?.unit.text };
}

describe('the learned unit score', () => {
  it('the committed weights name exactly the features the weighing computes', async () => {
    expect(Object.keys(rerankModel.weights).sort()).toEqual([...featureNames].sort());
    const { candidates } = await askWith('How long do guests have to return an item?', undefined);
    expect(candidates.length).toBeGreaterThan(0);
    for (const candidate of candidates)
      expect(Object.keys(candidate.features).sort()).toEqual([...featureNames].sort());
  });

  it('leads with the unit it finds most probable, and says so in the trace', async () => {
    // A model that only likes units stating a number puts the guests' window ahead of the prose.
    const numbers: RerankModel = { bias: 0, weights: { number: 5, coverage: 1 }, keep: 0, lead: 1 };
    const { result, first } = await askWith('How long do guests have to return an item?', numbers);
    expect(result.refused).toBe(false);
    expect(result.trace.coverage?.ranking).toBe('learned');
    expect(first).toMatch(/\d+ days/);
    expect(result.answer).toContain('14 days');
    // Off: the hand-written score alone.
    const off = await askWith('How long do guests have to return an item?', null);
    expect(off.result.trace.coverage?.ranking).toBe('hand');
  });

  it('never turns a decline into an answer, however much it likes a unit', async () => {
    const eager: RerankModel = { bias: 20, weights: { hand_score: 10 }, keep: 0, lead: 3 };
    for (const question of ['Do you ship to Canada?', 'Can I pay with bitcoin?']) {
      const { result } = await askWith(question, eager);
      expect(result).toMatchObject({ refused: true, citations: [] });
      expect(result.trace.coverage?.decision).toBe('decline');
    }
  });
});
