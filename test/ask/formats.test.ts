import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readerFor } from '../../src/access.js';
import { ask } from '../../src/ask/ask.js';
import { seamConfigSchema } from '../../src/config/behavior-config.js';
import { makeKb, now, type TestKb } from './helpers/kb.js';

/** The extractive composer in each configured format and voice. */
describe('extractive answers in the house format', () => {
  let kb: TestKb;
  beforeAll(async () => {
    kb = await makeKb();
  });
  afterAll(() => kb.store.close());
  const question = 'How do I issue a refund?';

  it('short prose with the voice: opening, closing, rewrites and a sentence limit', async () => {
    const config = seamConfigSchema.parse({
      format: { type: 'short_prose', max_sentences: 2 },
      voice: { opening: 'Happy to help.', closing: 'Anything else?', rewrite: { 'Tell the customer': 'Note that' } },
    });
    const result = await ask({ question, reader: await readerFor(kb.store, 'sam'), store: kb.store, config, now });
    expect(result.answer).toBe(
      'Happy to help. Issue the refund from Orders → Refund. Note that the refund takes 3 to 5 business days. Anything else?',
    );
    expect(result.trace.validation.ok).toBe(true);
  });

  it('leaves out sentences with phrases the voice avoids', async () => {
    const config = seamConfigSchema.parse({ voice: { avoid: ['order system'] } });
    const result = await ask({ question, reader: await readerFor(kb.store, 'sam'), store: kb.store, config, now });
    expect(result.answer).not.toContain('order system');
    expect(result.answer).toMatch(/^1\. Issue the refund from Orders → Refund\./);
  });

  it('a JSON schema is filled by convention and validated: prose, items, citations, handoff', async () => {
    const schema = {
      type: 'object',
      properties: {
        answer: { type: 'string' },
        steps: { type: 'array', items: { type: 'string' }, maxItems: 2 },
        sources: {
          type: 'array',
          items: { type: 'object', properties: { id: { type: 'string' }, version: { type: 'integer' } } },
        },
        handoff: { type: 'boolean' },
      },
      required: ['answer', 'steps', 'sources', 'handoff'],
      additionalProperties: false,
    };
    const config = seamConfigSchema.parse({ format: { type: 'json_schema', schema } });
    const result = await ask({ question, reader: await readerFor(kb.store, 'sam'), store: kb.store, config, now });
    expect(
      z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]).safeParse(result.structured).success,
    ).toBe(true);
    expect(result.structured).toMatchObject({
      steps: ['Confirm the order number in the order system.', 'Issue the refund from Orders → Refund.'],
      sources: [{ id: 'refund-policy', version: 1 }],
      handoff: false,
    });
    expect(JSON.parse(result.answer)).toEqual(result.structured);
  });

  it('a required field the composer cannot fill is a visible failure, not an invented value', async () => {
    const schema = {
      type: 'object',
      properties: { answer: { type: 'string' }, priority: { type: 'integer' } },
      required: ['answer', 'priority'],
    };
    const config = seamConfigSchema.parse({ format: { type: 'json_schema', schema } });
    const result = await ask({ question, reader: await readerFor(kb.store, 'sam'), store: kb.store, config, now });
    expect(result).toMatchObject({
      refused: true,
      refusal: { reason: 'invalid_format' },
      handoff: { reason: 'withheld' },
    });
    expect(result.trace.validation.problems.join(' ')).toContain('priority');
    expect(result.structured).toBeUndefined();
  });
});
