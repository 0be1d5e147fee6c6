import { describe, expect, it } from 'vitest';
import { contentTerms, queryWords, stem } from '../../src/ask/evidence/terms.js';
import { renderRecord, splitSentences } from '../../src/ask/evidence/units.js';
import { checkValues, indexSources } from '../../src/ask/grounding.js';
import { parseModelText } from '../../src/ask/render/draft.js';
import { applyRewrites } from '../../src/ask/render/voice.js';
import type { Hit } from '../../src/store/knowledge-store.js';

describe('matching words', () => {
  it.each([
    ['returns', 'returned'],
    ['handle', 'handling'],
    ['shipping', 'shipped'],
    ['policies', 'policy'],
    ['boxes', 'box'],
    ['arrives', 'arrive'],
  ])('%s and %s share a stem', (a, b) => {
    expect(stem(a)).toBe(stem(b));
  });

  it.each([
    ['refund', 'return'],
    ['order', 'ordinal'],
    ['bag', 'bank'],
  ])('%s and %s do not', (a, b) => {
    expect(stem(a)).not.toBe(stem(b));
  });

  it('drops function words from questions, keeps the rest as typed for the full-text query', () => {
    expect(contentTerms("How long do I have to return Ana's bags?")).toEqual(['long', 'return', 'ana', 'bag']);
    expect(queryWords('What is the refund window?')).toBe('refund window');
    expect(queryWords('what is it?')).toBe('what is it?');
  });
});

describe('splitting passages', () => {
  it('keeps list items whole, splits paragraphs at sentence ends, drops markup and code', () => {
    const markdown = [
      'Returns take **3 to 5 business days**. Refunds go to the [original card](https://x.example).',
      '',
      '1. Confirm the order.',
      '- Issue the refund from `Orders → Refund`.',
      '',
      '```',
      'ignored code',
      '```',
      '| plan | price |',
      '| --- | --- |',
      '| Daily Grind | $14 |',
    ].join('\n');
    expect(splitSentences(markdown)).toEqual([
      'Returns take 3 to 5 business days.',
      'Refunds go to the original card.',
      'Confirm the order.',
      'Issue the refund from Orders → Refund.',
      'plan, price',
      'Daily Grind, $14',
    ]);
  });

  it('renders a record with a template, or as field: value pairs', () => {
    const record = { order_id: 'A-1', status: 'shipped', note: null };
    expect(renderRecord(record, 'Order {order_id} is {status}.')).toBe('Order A-1 is shipped.');
    expect(renderRecord(record)).toBe('order id: A-1; status: shipped.');
  });

  it('rewrites phrases in the house voice, keeping a leading capital', () => {
    expect(applyRewrites('Customers can return it; the customer can also exchange.', { 'the customer': 'you' })).toBe(
      'Customers can return it; you can also exchange.',
    );
    expect(applyRewrites('Customers can return it.', { 'customers can': 'you can' })).toBe('You can return it.');
  });
});

describe('grounding values', () => {
  const hit = (id: string, text: string): Hit => ({
    id,
    version: 1,
    title: id,
    collection: 'policy',
    heading_path: [],
    score: 1,
    text,
    effective_from: null,
    effective_until: null,
    chunk: 0,
  });
  const index = indexSources([
    {
      text: 'Customers can return items within 30 days. Shipping costs $14.',
      origin: { type: 'passage', hit: hit('a', '') },
    },
    { text: 'Your order TW-1042 is shipped.', origin: { type: 'state', connector: 'orders' } },
  ]);
  const grounded = (text: string) =>
    checkValues(text, index).map((check) => [check.value.text, check.source !== undefined]);

  it('accepts other surface forms of a stated value, and verbatim ids', () => {
    expect(grounded('You have thirty days, and it costs $14.00.')).toEqual([
      ['thirty days', true],
      ['$14.00', true],
    ]);
    expect(grounded('Your order TW-1042 left today.')).toEqual([['TW-1042', true]]);
  });

  it('rejects values no source states, even when a source contains them as part of a longer value', () => {
    expect(grounded('It costs $1 and takes 60 days.')).toEqual([
      ['$1', false],
      ['60 days', false],
    ]);
    expect(grounded('Your order TW-104 left today.')).toEqual([['TW-104', false]]);
  });
});

describe('reading a model answer', () => {
  const passages = [1, 2].map((n) => ({ id: `doc-${n}`, version: n }) as Hit);
  it('takes citation markers per item, and keeps stray lines as opening and closing', () => {
    const draft = parseModelText(
      { type: 'numbered_list', max_items: 5 },
      'Here you go:\n1. First [1]\n2. Second [1, 2]\nHope that helps.',
      passages,
    );
    expect(draft.segments.map((segment) => [segment.text, segment.cites?.map((hit) => hit.id)])).toEqual([
      ['First', ['doc-1']],
      ['Second', ['doc-1', 'doc-2']],
    ]);
    expect([draft.opening, draft.closing]).toEqual(['Here you go:', 'Hope that helps.']);
  });

  it('splits prose at sentence ends even when a marker follows the period', () => {
    const draft = parseModelText(
      { type: 'short_prose', max_sentences: 3 },
      'Within 30 days. [1] Shipping is $14. [2]',
      passages,
    );
    expect(draft.segments.map((segment) => [segment.text, segment.cites?.map((hit) => hit.id)])).toEqual([
      ['Within 30 days.', ['doc-1']],
      ['Shipping is $14.', ['doc-2']],
    ]);
    expect(draft.text).toBe('Within 30 days. Shipping is $14.');
  });
});
