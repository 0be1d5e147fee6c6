import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import { type FactTimeline, factIndexAt, loadFactTimeline } from '../../src/lint/fact-index.js';
import type { KnowledgeStore } from '../../src/store/knowledge-store.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { createValueDetector } from '../../src/values/index.js';
import { tempDir } from '../helpers/temp.js';
import { doc } from '../store/knowledge-store.suite.js';

describe('the fact index over time', () => {
  let store: KnowledgeStore;
  let timeline: FactTimeline;
  beforeAll(async () => {
    store = openSqliteStore({ path: join(tempDir('seam-facts-'), 'kb.db') });
    const author = { reader: operator, author: 'maria' };
    await store.put(doc('pricing', 'The Daily plan costs $12 per month.'), author);
    await store.put(doc('pricing', 'The Daily plan costs $14 per month.', { effective_from: '2026-12-01' }), author);
    await store.put(doc('promo', 'Take 20% off your first box.', { effective_until: '2026-06-01' }), author);
    timeline = await loadFactTimeline(store, createValueDetector(), operator);
  });
  afterAll(() => store.close());

  const kinds = (at: string) => {
    const index = factIndexAt(timeline, at);
    return {
      current: index.current.map(([form, stated]) => `${form} ${stated.map((s) => `${s.id}@v${s.version}`)}`),
      superseded: index.superseded.map(([form, stated]) => `${form} ${stated.map((s) => `${s.id}@v${s.version}`)}`),
    };
  };

  it('counts a scheduled value as current and an ended one as superseded', () => {
    const before = kinds('2026-11-25');
    expect(before.current.some((line) => line.includes('12') && line.endsWith('pricing@v1'))).toBe(true);
    expect(before.current.some((line) => line.includes('14') && line.endsWith('pricing@v2'))).toBe(true);
    expect(before.superseded.filter((line) => line.includes('promo'))).toHaveLength(1);
  });

  it('makes the old price superseded once the scheduled one is served, and the promotion current before it ended', () => {
    const after = kinds('2026-12-05');
    expect(after.superseded.some((line) => line.includes('12') && line.endsWith('pricing@v1'))).toBe(true);
    expect(after.current.some((line) => line.includes('12'))).toBe(false);
    const spring = kinds('2026-05-01');
    expect(spring.current.some((line) => line.endsWith('promo@v1'))).toBe(true);
  });
});
