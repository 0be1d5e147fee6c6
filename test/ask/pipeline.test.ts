import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readerFor } from '../../src/access.js';
import { ask } from '../../src/ask/ask.js';
import { seamConfigSchema } from '../../src/config/behavior-config.js';
import { chargebacks, makeKb, now, refunds, shipping, type TestKb } from './helpers/kb.js';

const config = seamConfigSchema.parse({
  voice: { rewrite: { 'Customers can': 'You can' } },
  format: { type: 'numbered_list', max_items: 3 },
  handoff: { on_refusal: true, queue: 'tier-2' },
});

describe('ask: the four things a new user must see', () => {
  let kb: TestKb;
  beforeAll(async () => {
    kb = await makeKb([refunds('30 days'), chargebacks, shipping]);
  });
  afterAll(() => kb.store.close());

  it('answers as a principal in the house format, cited with id, version and effective date', async () => {
    const result = await ask({
      question: 'How long do I have to return an item?',
      reader: await readerFor(kb.store, 'ana'),
      store: kb.store,
      config,
      now,
    });
    expect(result.refused).toBe(false);
    expect(result.answer).toMatch(/^1\. You can return unopened items within 30 days of delivery/);
    expect(result.answer.split('\n').every((line) => /^\d+\. /.test(line))).toBe(true);
    expect(result.citations).toEqual([
      { id: 'refund-policy', version: 1, title: 'Refunds', effective_from: '2026-01-01' },
    ]);
    expect(result.grounded).toBe(true);
    expect(result.trace.grounding).toMatchObject({ values: 1, action: 'none' });
    expect(result.trace.hits.find((hit) => hit.id === 'refund-policy')?.used).toBe(true);
    expect(Object.keys(result.trace.timings)).toEqual([
      'authorize',
      'retrieve',
      'fetch_state',
      'compose',
      'generate',
      'validate',
      'ground',
      'total',
    ]);
  });

  it('reflects an edit in the very next answer, citing the new version', async () => {
    const question = 'What is the refund window?';
    const before = await ask({ question, reader: await readerFor(kb.store, 'ana'), store: kb.store, config, now });
    expect(before.answer).toContain('30 days');
    const version = await kb.put(refunds('14 days'));
    expect(version).toBe(2);
    const after = await ask({ question, reader: await readerFor(kb.store, 'ana'), store: kb.store, config, now });
    expect(after.answer).toContain('within 14 days');
    expect(after.answer).not.toContain('30 days');
    expect(after.citations.map((citation) => `${citation.id} v${citation.version}`)).toEqual(['refund-policy v2']);
  });

  it("withholds a restricted document's content from one principal and gives it to another", async () => {
    const question = 'What do we do about a chargeback dispute?';
    const sam = await ask({ question, reader: await readerFor(kb.store, 'sam'), store: kb.store, config, now });
    const serialized = JSON.stringify(sam);
    expect(sam.refused).toBe(true);
    expect(serialized).not.toContain('billing/chargebacks');
    expect(serialized).not.toContain('$25');
    expect(serialized).not.toContain('open chargeback');
    expect(sam.trace.permissions[0]).toMatchObject({ subject: 'documents', decision: 'filter' });

    const bea = await ask({ question, reader: await readerFor(kb.store, 'bea'), store: kb.store, config, now });
    expect(bea.refused).toBe(false);
    expect(bea.answer).toContain('Never refund an order with an open chargeback.');
    expect(bea.citations.map((citation) => citation.id)).toEqual(['billing/chargebacks']);
  });

  it('declines an off-topic question, with a typed handoff and no citations', async () => {
    const result = await ask({
      question: 'Do you sell gift cards for tea?',
      reader: await readerFor(kb.store, 'ana'),
      store: kb.store,
      config,
      now,
    });
    expect(result).toMatchObject({
      answer: "The policy doesn't cover that.",
      refused: true,
      refusal: { reason: 'no_coverage' },
      citations: [],
      handoff: { reason: 'no_coverage', queue: 'tier-2' },
    });
    expect(result.trace.model_calls).toBe(0);
  });

  it('gives the same answer to the same question (deterministic)', async () => {
    const question = 'How do I issue a refund?';
    const first = await ask({ question, reader: await readerFor(kb.store, 'sam'), store: kb.store, config, now });
    const second = await ask({ question, reader: await readerFor(kb.store, 'sam'), store: kb.store, config, now });
    expect(second.answer).toBe(first.answer);
    expect(first.answer).toBe(
      [
        '1. Confirm the order number in the order system.',
        '2. Issue the refund from Orders → Refund.',
        '3. Tell the customer the refund takes 3 to 5 business days.',
      ].join('\n'),
    );
  });
});
