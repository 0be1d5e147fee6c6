import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { operator, type Reader } from '../../src/access.js';
import { ConflictError, InputError } from '../../src/errors.js';
import type { DocumentInput, KnowledgeStore, TextQuery } from '../../src/store/knowledge-store.js';
import { runAccessConformance } from './access.suite.js';
import { runRankingConformance } from './ranking.suite.js';

/**
 * The behaviour every KnowledgeStore backend must have. Run it with a factory for a fresh, empty store:
 * `runKnowledgeStoreSuite('sqlite', () => openSqliteStore({ path }))`. `connect`, when given, opens a second
 * connection to the store the last `newStore` call created (for concurrency checks).
 */
export function runKnowledgeStoreSuite(
  name: string,
  newStore: () => Promise<KnowledgeStore>,
  connect?: () => Promise<KnowledgeStore>,
): void {
  runAccessConformance(name, newStore, connect);
  runRankingConformance(name, newStore);
  const now = '2026-11-25T12:00:00.000Z';
  const nobody = principal([]);
  const author = { reader: operator, author: 'tester' };

  describe(`KnowledgeStore conformance: ${name}`, () => {
    let store: KnowledgeStore;
    beforeEach(async () => {
      store = await newStore();
    });
    afterEach(async () => {
      await store.close();
    });

    const search = (text: string, extra: Partial<TextQuery> = {}) =>
      store.searchText({ text, reader: operator, k: 10, at: now, ...extra });

    it('creates a document at version 1 and reads it back', async () => {
      const result = await store.put(doc('refunds', 'Returns are accepted within 30 days.'), author);
      expect(result).toMatchObject({ id: 'refunds', version: 1, status: 'created' });
      expect(result.chunks).toBeGreaterThan(0);
      const stored = await store.get('refunds', { reader: operator });
      expect(stored).toMatchObject({ id: 'refunds', version: 1, author: 'tester', collection: 'policy' });
      expect(stored?.body).toContain('30 days');
      expect(await store.history('refunds', { reader: operator })).toHaveLength(1);
    });

    it('re-putting unchanged content creates no version', async () => {
      await store.put(doc('refunds', 'Returns within 30 days.'), author);
      const again = await store.put(doc('refunds', 'Returns within 30 days.'), author);
      expect(again).toMatchObject({ version: 1, status: 'unchanged' });
      expect(await store.history('refunds', { reader: operator })).toHaveLength(1);
    });

    it('an edit is visible to the very next search, and the old value is gone', async () => {
      await store.put(doc('refunds', 'Returns are accepted within thirty days of delivery.'), author);
      const edited = await store.put(doc('refunds', 'Returns are accepted within fourteen days of delivery.'), author);
      expect(edited).toMatchObject({ version: 2, status: 'updated' });

      const hits = await search('returns accepted days');
      expect(hits.map((hit) => [hit.id, hit.version])).toEqual([['refunds', 2]]);
      expect(hits[0]?.text).toContain('fourteen');
      expect(await search('thirty')).toEqual([]);
      expect((await store.get('refunds', { reader: operator, version: 1 }))?.body).toContain('thirty');
    });

    it('no stale chunk survives an edit that shrinks a long document to a short one', async () => {
      const sections = Array.from(
        { length: 40 },
        (_, index) => `## Section ${index}\n\nStaletoken${index} appears only here.`,
      );
      const long = await store.put(doc('handbook', sections.join('\n\n')), author);
      expect(long.chunks).toBeGreaterThanOrEqual(40);
      const short = await store.put(doc('handbook', 'Everything changed. Freshtoken remains.'), author);
      expect(short.chunks).toBe(1);

      for (let index = 0; index < 40; index++) expect(await search(`staletoken${index}`)).toEqual([]);
      expect(await search('section appears only here', { k: 100 })).toEqual([]);
      const fresh = await search('freshtoken');
      expect(fresh.map((hit) => hit.version)).toEqual([2]);
    });

    it('refuses a stale --if-version with a ConflictError and changes nothing', async () => {
      await store.put(doc('refunds', 'v1 text'), author);
      await store.put(doc('refunds', 'v2 text'), author);
      const attempt = store.put(doc('refunds', 'my edit based on v1'), { ...author, ifVersion: 1 });
      await expect(attempt).rejects.toSatisfy(
        (error: unknown) => ConflictError.isInstance(error) && error.expectedVersion === 1 && error.actualVersion === 2,
      );
      expect((await store.get('refunds', { reader: operator }))?.version).toBe(2);
      expect(await search('edit based')).toEqual([]);

      const accepted = await store.put(doc('refunds', 'my edit based on v2'), { ...author, ifVersion: 2 });
      expect(accepted.version).toBe(3);
    });

    it('--if-version 0 means "must not exist yet"', async () => {
      await expect(store.put(doc('fresh', 'one'), { ...author, ifVersion: 0 })).resolves.toMatchObject({ version: 1 });
      await expect(store.put(doc('fresh', 'two'), { ...author, ifVersion: 0 })).rejects.toSatisfy(
        ConflictError.isInstance,
      );
    });

    it('keeps history with author and message, and revert makes a new version with old content', async () => {
      await store.put(doc('plans', 'Daily Grind costs $12 per month.'), {
        reader: operator,
        author: 'devon',
        message: 'first',
      });
      await store.put(doc('plans', 'Daily Grind costs $14 per month.'), {
        reader: operator,
        author: 'devon',
        message: 'price rise',
      });
      const history = await store.history('plans', { reader: operator });
      expect(history?.map((entry) => [entry.version, entry.author, entry.message])).toEqual([
        [1, 'devon', 'first'],
        [2, 'devon', 'price rise'],
      ]);

      const reverted = await store.revert('plans', 1, { reader: operator, author: 'maria' });
      expect(reverted).toMatchObject({ version: 3, status: 'updated' });
      const head = await store.get('plans', { reader: operator });
      expect(head?.body).toContain('$12');
      expect(head?.message).toBe('revert to version 1');
      expect((await search('daily grind costs')).map((hit) => [hit.version, hit.text.includes('$12')])).toEqual([
        [3, true],
      ]);
    });

    it('deletes every version, chunk and index entry', async () => {
      await store.put(doc('customer-note', 'Jane Doe asked about order 4471.'), author);
      await store.put(doc('customer-note', 'Jane Doe asked about order 4471 again.'), author);
      await store.put(doc('other', 'Unrelated text about orders.'), author);
      const removed = await store.remove('customer-note', { reader: operator });
      expect(removed).toMatchObject({ id: 'customer-note', versions: 2 });
      expect(await store.get('customer-note', { reader: operator })).toBeUndefined();
      expect(await store.get('customer-note', { reader: operator, version: 1 })).toBeUndefined();
      expect(await store.history('customer-note', { reader: operator })).toBeUndefined();
      expect(await search('jane doe')).toEqual([]);
      expect((await search('orders')).map((hit) => hit.id)).toEqual(['other']);
      expect(await store.remove('customer-note', { reader: operator })).toBeUndefined();
    });

    it('evaluates access lists inside the query', async () => {
      await store.put(doc('public-refunds', 'Refund rules for everyone.'), author);
      await store.put(doc('chargebacks', 'Refund rules when a chargeback is open.', { acl: ['billing'] }), author);
      const ids = async (reader: Reader) => (await search('refund rules', { reader })).map((hit) => hit.id).sort();
      expect(await ids(nobody)).toEqual(['public-refunds']);
      expect(await ids(principal(['support']))).toEqual(['public-refunds']);
      expect(await ids(principal(['support', 'billing']))).toEqual(['chargebacks', 'public-refunds']);
      expect(await ids(operator)).toEqual(['chargebacks', 'public-refunds']);
    });

    it('returns the top k among what the asker may read (a pre-filter, not a post-filter)', async () => {
      for (let index = 0; index < 12; index++) {
        await store.put(
          doc(`secret-${index}`, 'invoice invoice invoice invoice dispute', { acl: ['billing'] }),
          author,
        );
      }
      await store.put(doc('faq', 'A long public answer that mentions an invoice once among many other words.'), author);
      const hits = await search('invoice dispute', { reader: nobody, k: 3 });
      expect(hits.map((hit) => hit.id)).toEqual(['faq']);
      const billing = await search('invoice dispute', { reader: principal(['billing']), k: 3 });
      expect(billing).toHaveLength(3);
      expect(billing.every((hit) => hit.id.startsWith('secret-'))).toBe(true);
    });

    it('an access change in a new version applies at once', async () => {
      await store.put(doc('memo', 'Quarterly margin memo.'), author);
      await store.put(doc('memo', 'Quarterly margin memo.', { acl: ['finance'] }), author);
      expect(await search('margin memo', { reader: nobody })).toEqual([]);
      expect(await search('margin memo', { reader: principal(['finance']) })).toHaveLength(1);
    });

    it('stores a future version without serving it until its effective date', async () => {
      await store.put(doc('shipping', 'Shipping costs $5.95.'), author);
      await store.put(doc('shipping', 'Shipping costs $6.95.', { effective_from: '2026-12-01' }), author);
      const at = async (instant: string) => (await search('shipping costs', { at: instant })).map((hit) => hit.version);
      expect(await at(now)).toEqual([1]);
      expect(await at('2026-11-30T23:59:59.000Z')).toEqual([1]);
      expect(await at('2026-12-01')).toEqual([2]);
      expect(await at('2027-06-01')).toEqual([2]);
      expect((await store.getServed('shipping', { reader: operator, at: now }))?.version).toBe(1);
      expect((await store.getServed('shipping', { reader: operator, at: '2026-12-02' }))?.version).toBe(2);
      expect((await store.get('shipping', { reader: operator }))?.version).toBe(2);
    });

    it('a new document dated in the future is invisible today; one that has ended is invisible after', async () => {
      await store.put(doc('promo', 'Holiday promo code WINTER.', { effective_from: '2026-12-20' }), author);
      await store.put(doc('old-promo', 'Autumn promo code LEAVES.', { effective_until: '2026-11-01' }), author);
      expect(await search('promo code')).toEqual([]);
      expect((await search('promo code', { at: '2026-12-24' })).map((hit) => hit.id)).toEqual(['promo']);
      expect((await search('promo code', { at: '2026-10-15' })).map((hit) => hit.id)).toEqual(['old-promo']);
      expect(await store.getServed('promo', { reader: operator, at: now })).toBeUndefined();
    });

    it('serves the old version again after a temporary one ends', async () => {
      await store.put(doc('promo-window', 'Returns within 30 days.'), author);
      await store.put(
        doc('promo-window', 'Holiday returns within 60 days.', {
          effective_from: '2026-12-20',
          effective_until: '2027-01-10',
        }),
        author,
      );
      const at = async (instant: string) =>
        (await search('returns within days', { at: instant })).map((hit) => hit.version);
      expect(await at('2026-12-01')).toEqual([1]);
      expect(await at('2026-12-25')).toEqual([2]);
      expect(await at('2027-02-01')).toEqual([1]);
      const billing = await search('returns', { at: '2027-02-01', reader: principal(['billing']) });
      expect(billing.map((hit) => hit.version)).toEqual([1]);
    });

    it('an undated edit supersedes a dated one everywhere', async () => {
      await store.put(doc('window', 'Window is 30 days.'), author);
      await store.put(doc('window', 'Window is 14 days.', { effective_from: '2026-05-01' }), author);
      expect((await search('window', { at: '2026-01-01' }))[0]?.text).toContain('30 days');
      await store.put(doc('window', 'Window is 21 days.'), author);
      for (const instant of ['2026-01-01', now, '2030-01-01']) {
        expect((await search('window', { at: instant })).map((hit) => hit.version)).toEqual([3]);
      }
    });

    it('returns hits with heading paths, collection and effective dates', async () => {
      await store.put(
        doc(
          'refund-policy',
          '# Refunds\n\n## Window\n\nWithin 14 days of delivery.\n\n## Method\n\nTo the original card.',
          {
            effective_from: '2026-05-01',
            title: 'Refunds',
          },
        ),
        author,
      );
      const [hit] = await search('delivery');
      expect(hit).toMatchObject({
        id: 'refund-policy',
        version: 1,
        title: 'Refunds',
        collection: 'policy',
        heading_path: ['Refunds', 'Window'],
        effective_from: '2026-05-01',
        effective_until: null,
        chunk: 0,
      });
      expect(hit?.score).toBeGreaterThan(0);
      expect(hit?.text).toBe('Within 14 days of delivery.');
    });

    it('filters by collection and lists documents', async () => {
      await store.put(doc('a', 'Premium plan price.', { collection: 'product' }), author);
      await store.put(doc('b', 'Premium support policy.', { collection: 'policy' }), author);
      expect((await search('premium', { collection: 'product' })).map((hit) => hit.id)).toEqual(['a']);
      expect((await store.list({ reader: operator })).map((summary) => summary.id)).toEqual(['a', 'b']);
      expect((await store.list({ reader: operator, collection: 'policy' })).map((summary) => summary.id)).toEqual([
        'b',
      ]);
    });

    it('treats query text as words, never as query syntax', async () => {
      await store.put(doc('a', 'Quotes "and" NEAR(parentheses) OR stars* are fine.'), author);
      for (const query of ['"unbalanced', 'NEAR(', 'a OR', '*', 'AND NOT', "it's", '-']) {
        await expect(search(query)).resolves.toBeInstanceOf(Array);
      }
      expect(await search('   ')).toEqual([]);
      expect((await search('parentheses')).map((hit) => hit.id)).toEqual(['a']);
    });

    it('ranks by the content words of a question, not its stopwords', async () => {
      await store.put(doc('refunds', 'Refunds are issued within 14 days.'), author);
      await store.put(doc('filler', 'What is the thing that you can do for me and how is it to be done?'), author);
      expect((await search('what is the refund window for my order?')).map((hit) => hit.id)).toEqual(['refunds']);
      // A query of stopwords alone: a backend may match them literally (SQLite) or drop them (PostgreSQL's
      // english configuration), but never ranks a passage that lacks them.
      expect((await search('what is the')).map((hit) => hit.id)).not.toContain('refunds');
    });

    it('writes a batch all at once', async () => {
      const results = await store.putMany([doc('x', 'first'), doc('y', 'second'), doc('x', 'first changed')], author);
      expect(results.map((result) => [result.id, result.version, result.status])).toEqual([
        ['x', 1, 'created'],
        ['y', 1, 'created'],
        ['x', 2, 'updated'],
      ]);
    });

    it('stores principals and their roles', async () => {
      expect(await store.putPrincipal({ id: 'alice', roles: ['support', 'billing', 'support'] })).toEqual({
        status: 'created',
      });
      expect(await store.getPrincipal('alice')).toEqual({ id: 'alice', roles: ['billing', 'support'] });
      expect(await store.putPrincipal({ id: 'alice', roles: ['support'] })).toEqual({ status: 'updated' });
      expect(await store.listPrincipals()).toEqual([{ id: 'alice', roles: ['support'] }]);
      expect(await store.removePrincipal('alice')).toBe(true);
      expect(await store.getPrincipal('alice')).toBeUndefined();
      expect(await store.removePrincipal('alice')).toBe(false);
    });

    it('keeps API tokens by name and prefix, refusing a taken name', async () => {
      const token = { name: 'ci', principal: 'alice', prefix: 'seam_ab12', hash: 'f'.repeat(64), created_at: now };
      await store.putToken(token);
      await expect(store.putToken({ ...token, prefix: 'seam_cd34' })).rejects.toSatisfy(InputError.isInstance);
      expect(await store.findToken('seam_ab12')).toEqual(token);
      expect(await store.listTokens()).toEqual([
        { name: 'ci', principal: 'alice', prefix: 'seam_ab12', created_at: now },
      ]);
      expect(await store.removeToken('ci')).toBe(true);
      expect(await store.findToken('seam_ab12')).toBeUndefined();
    });

    it('keeps console sessions by hash until they expire, are signed out, or their token is revoked', async () => {
      await store.putToken({
        name: 'ci',
        principal: 'alice',
        prefix: 'seam_ab12',
        hash: 'f'.repeat(64),
        created_at: now,
      });
      const session = {
        hash: 'a'.repeat(64),
        principal: 'alice',
        token_prefix: 'seam_ab12',
        token_hash: 'f'.repeat(64),
        expires_at: '2099-01-01T00:00:00.000Z',
        view_as: null,
      };
      await store.putSession(session);
      expect(await store.findSession(session.hash, { now })).toEqual(session);
      expect(await store.findSession(session.hash, { now: '2099-01-01T00:00:01.000Z' })).toBeUndefined();
      await store.putSession({ ...session, view_as: 'bob' });
      expect((await store.findSession(session.hash, { now }))?.view_as).toBe('bob');
      const other = { ...session, hash: 'b'.repeat(64) };
      await store.putSession(other);
      expect(await store.removeSession(session.hash)).toBe(true);
      expect(await store.findSession(session.hash, { now })).toBeUndefined();
      expect(await store.findSession(other.hash, { now })).toEqual(other);
      expect(await store.removeToken('ci')).toBe(true);
      expect(await store.findSession(other.hash, { now })).toBeUndefined();
      expect(await store.removeSession(other.hash)).toBe(false);
    });

    it('keeps a bounded answer log, found by citation and deleted by principal', async () => {
      const entry = (principal: string, question: string, citations: { id: string; version: number }[]) => ({
        at: now,
        principal,
        question,
        answer: `answer to ${question}`,
        refused: false,
        citations,
      });
      await store.logAnswer(entry('ana', 'q1', [{ id: 'refunds', version: 1 }]), { keep: 2 });
      await store.logAnswer(
        entry('ben', 'q2', [
          { id: 'refunds', version: 2 },
          { id: 'plans', version: 1 },
        ]),
        { keep: 2 },
      );
      await store.logAnswer(entry('ana', 'q3', [{ id: 'refunds', version: 2 }]), { keep: 2 });
      const recent = await store.recentAnswers({ limit: 10 });
      expect(recent.map((answer) => answer.question)).toEqual(['q3', 'q2']);
      expect(recent[1]?.citations).toEqual([
        { id: 'refunds', version: 2 },
        { id: 'plans', version: 1 },
      ]);
      const citing = await store.recentAnswers({ limit: 10, citing: { id: 'plans' } });
      expect(citing.map((answer) => answer.question)).toEqual(['q2']);
      expect(await store.removeAnswers({ principal: 'ana' })).toBe(1);
      expect((await store.recentAnswers({ limit: 10 })).map((answer) => answer.principal)).toEqual(['ben']);
      expect(await store.removeAnswers({ containing: 'ANSWER TO Q2' })).toBe(1);
      expect(await store.recentAnswers({ limit: 10 })).toEqual([]);
    });

    it('logs who asked and whom they were viewing as, and forgets by either', async () => {
      const entry = { at: now, question: 'q', answer: 'a', refused: false, citations: [] };
      await store.logAnswer({ ...entry, principal: 'ben' }, { keep: 10 });
      await store.logAnswer({ ...entry, principal: 'ada', viewed_as: 'ben' }, { keep: 10 });
      await store.logAnswer({ ...entry, principal: 'ada' }, { keep: 10 });
      const logged = await store.recentAnswers({ limit: 10 });
      expect(logged.map((answer) => [answer.principal, answer.viewed_as])).toEqual([
        ['ada', null],
        ['ada', 'ben'],
        ['ben', null],
      ]);
      // Forgetting ben removes what ben asked and what an admin asked viewing as ben, not ada's own question.
      expect(await store.removeAnswers({ principal: 'ben' })).toBe(2);
      expect((await store.recentAnswers({ limit: 10 })).map((answer) => answer.viewed_as)).toEqual([null]);
      expect(await store.removeAnswers({ principal: 'ada' })).toBe(1);
    });
  });
}

/** A document built in the test from readable data. */
export function doc(id: string, body: string, overrides: Partial<DocumentInput> = {}): DocumentInput {
  return {
    id,
    title: id,
    collection: 'policy',
    acl: null,
    effective_from: null,
    effective_until: null,
    subjects: [],
    tags: [],
    extra: {},
    body,
    ...overrides,
  };
}

/** A principal reader with these roles (known: it was added). */
export function principal(roles: readonly string[], id = 'someone'): Reader {
  return { kind: 'principal', id, known: true, roles };
}
