import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { operator, type Reader, readerFor } from '../../src/access.js';
import { ConflictError, InputError, NotFoundError } from '../../src/errors.js';
import type { KnowledgeStore } from '../../src/store/knowledge-store.js';
import { doc as page } from './knowledge-store.suite.js';

/**
 * The access rule (src/access.ts) as every backend must apply it, per version, inside each read.
 * `connect` opens a second connection to the store the last `newStore` call created.
 */
export function runAccessConformance(
  name: string,
  newStore: () => Promise<KnowledgeStore>,
  connect?: () => Promise<KnowledgeStore>,
): void {
  const now = '2026-11-25T12:00:00.000Z';
  const author = { reader: operator, author: 'tester' };
  const support = reader('sam', ['support']);
  const hr = reader('hana', ['hr']);

  describe(`KnowledgeStore access conformance: ${name}`, () => {
    let store: KnowledgeStore;
    beforeEach(async () => {
      store = await newStore();
    });
    afterEach(async () => {
      await store.close();
    });
    const hits = async (text: string, who: Reader, at = now) =>
      (await store.searchText({ text, reader: who, k: 10, at })).map((hit) => `${hit.id}@${hit.version}`);

    it('refuses acl: [] with the field named, and writes nothing', async () => {
      const attempt = store.put(page('empty', 'Nobody at all.', { acl: [], source: 'docs/empty.md' }), author);
      await expect(attempt).rejects.toSatisfy(
        (error: unknown) =>
          InputError.isInstance(error) && error.file === 'docs/empty.md' && error.field === "front matter 'acl'",
      );
      expect(await store.get('empty', { reader: operator })).toBeUndefined();
      expect(await hits('nobody', operator)).toEqual([]);
    });

    it('hides a restricted earlier version from history, get and the fact timelines', async () => {
      await store.put(page('memo', 'Layoffs planned in Q3.', { acl: ['hr'], title: 'Q3 plan' }), {
        ...author,
        message: 'planned in Q3',
      });
      await store.put(page('memo', 'Team update for everyone.', { title: 'Team update' }), author);
      expect((await store.history('memo', { reader: support }))?.map((entry) => entry.version)).toEqual([2]);
      expect(JSON.stringify(await store.history('memo', { reader: support }))).not.toMatch(/Q3/);
      expect(await store.get('memo', { reader: support, version: 1 })).toBeUndefined();
      expect((await store.get('memo', { reader: support }))?.version).toBe(2);
      expect((await store.history('memo', { reader: hr }))?.map((entry) => entry.version)).toEqual([1, 2]);
      const timelines = await store.timelines({ reader: support });
      expect(timelines.map((timeline) => timeline.versions.map((version) => version.version))).toEqual([[2]]);
      expect((await store.timelines({ reader: hr }))[0]?.versions).toHaveLength(2);
    });

    it('a restricted later version: the newest readable one is shown, nothing is served or listed of it', async () => {
      await store.put(page('pay', 'Pay bands are public.', { title: 'Pay' }), author);
      await store.put(page('pay', 'Pay bands with salaries.', { acl: ['hr'], title: 'Salary bands' }), author);
      expect((await store.get('pay', { reader: support }))?.version).toBe(1);
      expect(await store.getServed('pay', { reader: support, at: now })).toBeUndefined();
      expect((await store.getServed('pay', { reader: hr, at: now }))?.version).toBe(2);
      const listed = await store.list({ reader: support });
      expect(listed.map((summary) => [summary.id, summary.version, summary.title])).toEqual([['pay', 1, 'Pay']]);
      expect(await hits('pay bands', support)).toEqual([]);
      expect(await hits('pay bands', hr)).toEqual(['pay@2']);
    });

    it('as-of reads follow the acl of the version in effect at each instant', async () => {
      await store.put(page('promo', 'Promo code list.'), author);
      await store.put(
        page('promo', 'Promo code list, staff only.', { acl: ['hr'], effective_from: '2026-12-01' }),
        author,
      );
      expect((await store.getServed('promo', { reader: support, at: now }))?.version).toBe(1);
      expect(await store.getServed('promo', { reader: support, at: '2026-12-02' })).toBeUndefined();
      expect(await hits('promo code', support)).toEqual(['promo@1']);
      expect(await hits('promo code', support, '2026-12-02')).toEqual([]);
      expect(await hits('promo code', hr, '2026-12-02')).toEqual(['promo@2']);
    });

    it('compares role names without case, and stores them in lower case', async () => {
      await store.put(page('handbook', 'Handbook for people ops.', { acl: ['HR'] }), author);
      expect((await store.get('handbook', { reader: operator }))?.acl).toEqual(['hr']);
      await store.putPrincipal({ id: 'hana', roles: ['Hr'] });
      const hana = await readerFor(store, 'hana');
      expect(hana).toEqual({ kind: 'principal', id: 'hana', known: true, roles: ['hr'] });
      expect(await hits('handbook', hana)).toEqual(['handbook@1']);
      expect(await hits('handbook', reader('x', ['HR']))).toEqual(['handbook@1']);
    });

    it('an unknown principal reads public versions only', async () => {
      await store.put(page('open', 'Opening hours for all.'), author);
      await store.put(page('closed', 'Opening hours for staff.', { acl: ['support'] }), author);
      const ghost = await readerFor(store, 'ghost');
      expect(ghost).toEqual({ kind: 'principal', id: 'ghost', known: false, roles: [] });
      expect(await hits('opening hours', ghost)).toEqual(['open@1']);
      expect((await store.list({ reader: ghost })).map((summary) => summary.id)).toEqual(['open']);
      expect(await store.get('closed', { reader: ghost })).toBeUndefined();
    });

    it('refuses, as not found, to write over a document the writer may not read', async () => {
      await store.put(page('secret', 'Secret v1.', { acl: ['hr'] }), author);
      await expect(store.put(page('secret', 'Overwritten.'), { ...author, reader: support })).rejects.toSatisfy(
        (error: unknown) => NotFoundError.isInstance(error) && !error.message.includes('hr'),
      );
      await expect(store.revert('secret', 1, { ...author, reader: support })).rejects.toSatisfy(
        NotFoundError.isInstance,
      );
      expect(await store.remove('secret', { reader: support })).toBeUndefined();
      expect((await store.get('secret', { reader: operator }))?.body).toBe('Secret v1.');
    });

    it('shows where a version was read from to the operator only', async () => {
      await store.put(page('sourced', 'Body.', { source: '/home/op/docs/sourced.md' }), author);
      expect((await store.get('sourced', { reader: operator }))?.source).toBe('/home/op/docs/sourced.md');
      expect((await store.get('sourced', { reader: support }))?.source).toBeNull();
      expect((await store.list({ reader: support }))[0]?.source).toBeNull();
    });

    it('putMany rolls back every document when one is bad', async () => {
      const batch = [page('good', 'A good one.'), page('bad', 'Bad acl.', { acl: [] })];
      await expect(store.putMany(batch, author)).rejects.toSatisfy(InputError.isInstance);
      expect(await store.get('good', { reader: operator })).toBeUndefined();
      expect(await store.list({ reader: operator })).toEqual([]);
    });

    it.runIf(connect !== undefined)('ifVersion holds across two connections to one store', async () => {
      await store.put(page('shared', 'Version one.'), author);
      const other = await (connect as () => Promise<KnowledgeStore>)();
      try {
        const [first, second] = await Promise.allSettled([
          store.put(page('shared', 'Edit from A.'), { ...author, ifVersion: 1 }),
          other.put(page('shared', 'Edit from B.'), { ...author, ifVersion: 1 }),
        ]);
        const outcomes = [first, second].map((outcome) => outcome.status);
        expect(outcomes.sort()).toEqual(['fulfilled', 'rejected']);
        const loser = [first, second].find((outcome) => outcome.status === 'rejected');
        expect(ConflictError.isInstance(loser?.status === 'rejected' ? loser.reason : undefined)).toBe(true);
        expect((await other.history('shared', { reader: operator }))?.map((entry) => entry.version)).toEqual([1, 2]);
        await expect(other.remove('shared', { reader: operator, ifVersion: 1 })).rejects.toSatisfy(
          ConflictError.isInstance,
        );
      } finally {
        await other.close();
      }
    });

    it('serves a section marked {internal} (or a document marked internal: true) to the agent role only', async () => {
      const agent = reader('ava', ['support', 'agent']);
      const billingAgent = reader('bo', ['billing', 'agent']);
      await store.put(
        page('refunds', '## Window\n\nReturns within 30 days.\n\n## Steps {internal}\n\nOpen the zqledger and refund.'),
        author,
      );
      await store.put(page('playbook', 'Escalate zqledger cases.', { extra: { internal: true } }), author);
      await store.put(page('disputes', 'Disputes need the zqledger {internal}.', { acl: ['billing'] }), author);
      await store.put(page('fees', '## Fees {internal}\n\nThe zqledger fee.', { acl: ['billing'] }), author);
      expect(await hits('zqledger', support)).toEqual([]);
      expect((await hits('zqledger', agent)).sort()).toEqual(['playbook@1', 'refunds@1']);
      // An internal chunk of a restricted version needs both: the version's role and the agent role.
      expect((await hits('zqledger', billingAgent)).sort()).toEqual([
        'disputes@1',
        'fees@1',
        'playbook@1',
        'refunds@1',
      ]);
      expect((await hits('zqledger', reader('bill', ['billing']))).sort()).toEqual(['disputes@1']);
      expect(await hits('returns', support)).toEqual(['refunds@1']);
      const found = await store.searchText({ text: 'refund', reader: agent, k: 5, at: now });
      expect(found[0]?.heading_path).toEqual(['Steps']);
    });

    it('counts words only in chunks the reader may read (term frequencies for weighing a question)', async () => {
      await store.put(page('open', 'Parcels ship daily. Returns within 30 days.'), author);
      await store.put(page('secret', 'Layoffs and zqbonus pools.', { acl: ['hr'] }), author);
      await store.put(page('steps', '## Steps {internal}\n\nCheck the zqledger.'), author);
      const counts = (who: Reader) =>
        store.termFrequencies({ reader: who, words: ['parcels', 'returned', 'zqbonus', 'zqledger', 'gift wrap'] });
      expect(await counts(support)).toEqual({
        chunks: 1,
        frequencies: { parcels: 1, returned: 1, zqbonus: 0, zqledger: 0, 'gift wrap': 0 },
      });
      expect(await counts(hr)).toMatchObject({ chunks: 2, frequencies: { zqbonus: 1, zqledger: 0 } });
      expect(await counts(operator)).toMatchObject({ chunks: 3, frequencies: { zqbonus: 1, zqledger: 1 } });
    });
  });
}

function reader(id: string, roles: readonly string[]): Reader {
  return { kind: 'principal', id, known: true, roles };
}
