import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import type { KnowledgeStore, TextQuery } from '../../src/store/knowledge-store.js';
import { doc } from './knowledge-store.suite.js';

/**
 * How every backend ranks (BM25: term rarity and length normalisation, with title and heading matches
 * counting more than body matches). Run from `runKnowledgeStoreSuite` for each backend.
 */
export function runRankingConformance(name: string, newStore: () => Promise<KnowledgeStore>): void {
  const now = '2026-11-25T12:00:00.000Z';
  const author = { reader: operator, author: 'tester' };
  // Ten words of neutral text, so that documents differ only in where (or whether) the query words appear.
  const filler = 'Our team reviews each case carefully and answers within two business days.';

  describe(`KnowledgeStore ranking: ${name}`, () => {
    let store: KnowledgeStore;
    beforeEach(async () => {
      store = await newStore();
    });
    afterEach(async () => {
      await store.close();
    });
    const ids = async (text: string, extra: Partial<TextQuery> = {}) =>
      (await store.searchText({ text, reader: operator, k: 10, at: now, ...extra })).map((hit) => hit.id);

    it('a rare word outranks a common one, however often the common one repeats', async () => {
      for (let index = 0; index < 8; index++) {
        await store.put(doc(`shipping-${index}`, `Shipping to region ${index}. ${filler}`), author);
      }
      await store.put(doc('shipping-heavy', `Shipping, shipping and more shipping. ${filler}`), author);
      await store.put(doc('customs', `Customs forms are checked at the border. ${filler}`), author);
      const ranked = await ids('shipping customs');
      expect(ranked[0]).toBe('customs');
      // Among the common word's documents, the one that says it most comes first.
      expect(ranked[1]).toBe('shipping-heavy');
      expect(ranked).toHaveLength(10);
    });

    it('a shorter passage outranks a longer one with the same matches', async () => {
      await store.put(doc('short', `Warranty claims. ${filler}`), author);
      await store.put(doc('long', `Warranty claims. ${filler} ${filler} ${filler} ${filler}`), author);
      expect(await ids('warranty')).toEqual(['short', 'long']);
    });

    it('a match in the title outranks one in a heading, which outranks one in the body', async () => {
      await store.put(doc('in-body', `Notes\n\nThe warranty covers parts. ${filler}`, { title: 'Repairs' }), author);
      await store.put(
        doc('in-heading', `## Warranty\n\nThe cover includes parts. ${filler}`, { title: 'Repairs' }),
        author,
      );
      await store.put(doc('in-title', `Notes\n\nThe cover includes parts. ${filler}`, { title: 'Warranty' }), author);
      expect(await ids('warranty')).toEqual(['in-title', 'in-heading', 'in-body']);
    });

    it("returns the passage of the version served now, never a superseded or scheduled version's", async () => {
      // Version 1 matches the query best, but is superseded; version 3 matches better still, but is scheduled.
      await store.put(doc('refunds', 'Refund window: refunds within the refund window of thirty days.'), author);
      await store.put(doc('refunds', `Refunds are issued within fourteen days. ${filler}`), author);
      await store.put(
        doc('refunds', 'Refund window: refunds within the refund window of seven days.', {
          effective_from: '2027-01-01',
        }),
        author,
      );
      await store.put(doc('refund-faq', `Refund questions go to support. ${filler}`), author);
      const hits = await store.searchText({ text: 'refund window', reader: operator, k: 10, at: now });
      expect(hits.map((hit) => [hit.id, hit.version])).toEqual(
        expect.arrayContaining([
          ['refunds', 2],
          ['refund-faq', 1],
        ]),
      );
      expect(hits).toHaveLength(2);
      expect(hits.find((hit) => hit.id === 'refunds')?.text).toContain('fourteen');
      const later = await store.searchText({ text: 'refund window', reader: operator, k: 1, at: '2027-02-01' });
      expect(later.map((hit) => [hit.id, hit.version])).toEqual([['refunds', 3]]);
    });
  });
}
