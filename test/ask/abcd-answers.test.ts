import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator, readerFor } from '../../src/access.js';
import { ask } from '../../src/ask/ask.js';
import type { KnowledgeStore } from '../../src/store/knowledge-store.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { abcdAvailable, abcdDir, guidelineDocuments } from '../fixtures/abcd.js';
import { tempDir } from '../helpers/temp.js';

/**
 * On a knowledge base nobody here wrote: ABCD's agent manual (read in place; one document per flow, its
 * headings action names, its values in nested bullet lists), with the subscription flow made billing-only.
 * The full question sets and their rates are in `npm run bench:answers`.
 */
describe.skipIf(!abcdAvailable)(`answer or decline on the ABCD manual (skipped when ${abcdDir} is absent)`, () => {
  let store: KnowledgeStore;
  const askAs = async (question: string, principal: string) =>
    ask({ question, reader: await readerFor(store, principal), store, env: {} });

  beforeAll(async () => {
    store = openSqliteStore({ path: join(tempDir('seam-abcd-answers-'), 'abcd.db') });
    const documents = guidelineDocuments().map((document) =>
      document.id === 'subscription-inquiry' ? { ...document, acl: ['billing'] } : document,
    );
    await store.putMany(documents, { reader: operator, author: 'abcd' });
    await store.putPrincipal({ id: 'agent', roles: ['support', 'agent'] });
    await store.putPrincipal({ id: 'biller', roles: ['billing', 'support', 'agent'] });
  });
  afterAll(() => store.close());

  it('answers with the value from a nested list item, cited', async () => {
    const result = await askAs('How long does a bronze member have to return something?', 'agent');
    expect(result.refused).toBe(false);
    expect(result.answer).toContain('90 days');
    expect(result.citations.map((citation) => citation.id)).toContain('product-defect');
  });

  it('reaches paraphrase: a card "declined" is the manual\'s card "rejected", answered with the steps', async () => {
    const result = await askAs(
      "A customer's credit card keeps being declined at checkout. What should they check?",
      'agent',
    );
    expect(result.answer).toContain('expiration date');
    expect(result.trace.coverage?.words.find((entry) => entry.word === 'declined')?.covered).toBe('related');
  });

  it('answers a question asking for the options with the whole list, not the sentence sharing most words', async () => {
    const result = await askAs('What refund methods can a customer choose between?', 'agent');
    expect(result.refused).toBe(false);
    for (const option of ['Gift card', 'Paper check', 'Credit card']) expect(result.answer).toContain(option);
    expect(result.citations[0]?.id).toBe('product-defect');
    expect(result.answer.split('\n')[0]).toMatch(/^1\. Refund method .*Gift card/);
  });

  it('answers how many days a guest has from the tier list, whatever they want to send back', async () => {
    const result = await askAs('A guest wants to send back a jacket. How many days do they have?', 'agent');
    expect(result.refused).toBe(false);
    expect(result.answer).toContain('30 days');
  });

  it('declines a question whose words are scattered over unrelated flows (a FAQ list of topics is no answer)', async () => {
    const result = await askAs('Can a bronze member get extra time on their subscription payment?', 'agent');
    expect(result).toMatchObject({ refused: true, citations: [] });
  });

  it('declines a place the manual never mentions, naming it', async () => {
    const result = await askAs('Do we ship to Mexico?', 'agent');
    expect(result).toMatchObject({ refused: true, refusal: { reason: 'no_coverage' }, citations: [] });
    expect(result.trace.coverage?.missing).toEqual(['mexico']);
  });

  it('declines a price the manual only lists as a question its FAQ answers elsewhere', async () => {
    const result = await askAs('How much does it cost to have an order gift wrapped?', 'agent');
    expect(result.refused).toBe(true);
    expect(result.trace.coverage?.expects).toMatchObject({ kinds: ['money', 'percentage'], found: false });
  });

  it('declines what only the billing-only flow answers for a support agent, and answers a billing agent', async () => {
    const agent = await askAs('How much is the yearly premium subscription?', 'agent');
    expect(agent).toMatchObject({ refused: true, citations: [] });
    expect(JSON.stringify(agent)).not.toMatch(/\$99|subscription-inquiry/);
    const biller = await askAs('How much is the yearly premium subscription?', 'biller');
    expect(biller.answer).toContain('$99');
    expect(biller.citations.map((citation) => citation.id)).toEqual(['subscription-inquiry']);
  });
});
