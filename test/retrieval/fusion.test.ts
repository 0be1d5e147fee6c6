import { describe, expect, it } from 'vitest';
import { operator, readerFor } from '../../src/access.js';
import { reciprocalRankFusion, rrfK } from '../../src/retrieval/fusion.js';
import { bm25Leg, createRetriever, type RetrievalLeg } from '../../src/retrieval/retriever.js';
import type { Hit } from '../../src/store/knowledge-store.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { doc } from '../store/knowledge-store.suite.js';

const hit = (id: string, score = 1): Hit => ({
  id,
  version: 1,
  title: id,
  collection: 'policy',
  heading_path: [],
  score,
  text: id,
  effective_from: null,
  effective_until: null,
  chunk: 0,
});

describe('reciprocal-rank fusion', () => {
  it('ranks a passage found by both legs above passages found by one', () => {
    const fused = reciprocalRankFusion(
      [
        [hit('a', 9), hit('b', 8)],
        [hit('c', 0.9), hit('b', 0.8)],
      ],
      3,
    );
    expect(fused.map((entry) => entry.id)).toEqual(['b', 'a', 'c']);
    expect(fused[0]?.score).toBeCloseTo(1 / (rrfK + 2) + 1 / (rrfK + 2), 6);
  });

  it('ignores raw scores, which are not comparable across legs', () => {
    const fused = reciprocalRankFusion([[hit('a', 1000)], [hit('b', 0.001)]], 2);
    expect(fused.map((entry) => entry.score)).toEqual([fused[0]?.score, fused[0]?.score]);
  });
});

describe('retriever', () => {
  it('passes the access filter to every leg and fuses their lists without changing callers', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    await store.put(doc('public', 'Refund window for everyone.'), { reader: operator, author: 't' });
    await store.put(doc('billing-only', 'Refund window for chargebacks.', { acl: ['billing'] }), {
      reader: operator,
      author: 't',
    });
    await store.putPrincipal({ id: 'sam', roles: ['support'] });
    const seen: string[][] = [];
    const titleLeg: RetrievalLeg = {
      name: 'title',
      async search(query) {
        seen.push(query.reader.kind === 'principal' ? [...query.reader.roles] : ['(operator)']);
        return store.searchText({ ...query, text: 'everyone' });
      },
    };
    const sam = await readerFor(store, 'sam');
    expect(sam).toEqual({ kind: 'principal', id: 'sam', known: true, roles: ['support'] });
    const single = await createRetriever({ store }).retrieve({ query: 'refund window', reader: sam });
    expect(single.hits.map((entry) => entry.id)).toEqual(['public']);

    const fused = await createRetriever({ store, legs: [bm25Leg(store), titleLeg] }).retrieve({
      query: 'refund window',
      reader: sam,
    });
    expect(seen).toEqual([['support']]);
    expect(fused.hits.map((entry) => entry.id)).toEqual(['public']);
    expect(fused.legs).toEqual([
      { name: 'bm25', hits: 1 },
      { name: 'title', hits: 1 },
    ]);

    const mallory = await readerFor(store, 'mallory');
    expect(mallory).toEqual({ kind: 'principal', id: 'mallory', known: false, roles: [] });
    const unknown = await createRetriever({ store }).retrieve({ query: 'refund window', reader: mallory });
    expect(unknown.hits.map((entry) => entry.id)).toEqual(['public']);
    await store.close();
  });
});
