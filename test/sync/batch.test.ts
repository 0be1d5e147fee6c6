import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import { openStore } from '../../src/store/open-store.js';
import { SyncApplier } from '../../src/sync/apply.js';
import { tempDir } from '../helpers/temp.js';
import { checkWriteSynced, page } from './write-synced.cases.js';

const root = tempDir('seam-sync-batch-');
let stores = 0;
const newStore = (pool = false) =>
  openStore({ location: join(root, `store-${stores++}.db`), ...(pool ? { pool: { readThreads: 1 } } : {}) });

const upstream = (id: string, body: string, acl: string[] | null = null) => ({
  upstream_id: `https://help.example.com/${id}`,
  url: `https://help.example.com/${id}`,
  updated_at: null,
  document: page(`help/${id}`, body, acl),
});

describe('a sync writes in batches', () => {
  it('writeSynced on SQLite: all or nothing, and a write whose head moved is left out', async () => {
    const store = await newStore();
    try {
      await checkWriteSynced(store);
    } finally {
      await store.close();
    }
  });

  it('writeSynced on the pooled SQLite store a server uses', async () => {
    const store = await newStore(true);
    try {
      await checkWriteSynced(store);
    } finally {
      await store.close();
    }
  });

  it('holds writes until the batch is full, then writes them in one go', async () => {
    const store = await newStore();
    try {
      const applier = await SyncApplier.open({ store, source: 'help', now: () => new Date(), batchSize: 3 });
      await applier.upsert(upstream('one', '# One\n\nFirst page.'));
      await applier.upsert(upstream('two', '# Two\n\nSecond page.'));
      expect(await store.get('help/one', { reader: operator })).toBeUndefined();
      await applier.upsert(upstream('three', '# Three\n\nThird page.'));
      expect((await store.list({ reader: operator })).map((entry) => entry.id)).toEqual([
        'help/one',
        'help/three',
        'help/two',
      ]);
      expect(applier.counts).toEqual({ created: 3 });
    } finally {
      await store.close();
    }
  });

  it('a page the store refuses is left out and named; the rest of its batch is written', async () => {
    const store = await newStore();
    try {
      const applier = await SyncApplier.open({ store, source: 'help', now: () => new Date() });
      await applier.upsert(upstream('good', '# Good\n\nA fine page.'));
      await applier.upsert(upstream('bad', '# Bad\n\nAn empty access list.', []));
      await applier.upsert(upstream('fine', '# Fine\n\nAnother page.'));
      await applier.flush();
      expect(applier.counts).toEqual({ created: 2, invalid: 1 });
      expect(applier.problems).toEqual([expect.stringContaining('https://help.example.com/bad')]);
      expect((await store.list({ reader: operator })).map((entry) => entry.id)).toEqual(['help/fine', 'help/good']);
    } finally {
      await store.close();
    }
  });

  it('an edit made in Seam while a change waited in the batch is never overwritten: it becomes a conflict', async () => {
    const store = await newStore();
    try {
      const first = await SyncApplier.open({ store, source: 'help', now: () => new Date() });
      await first.upsert(upstream('refunds', '# Refunds\n\nWithin 30 days.'));
      await first.flush();

      const second = await SyncApplier.open({ store, source: 'help', now: () => new Date() });
      expect(await second.upsert(upstream('refunds', '# Refunds\n\nWithin 60 days.'))).toBe('updated');
      // An editor saves a version through the server before the batch is written.
      await store.put(page('help/refunds', '# Refunds\n\nWithin 45 days, says the policy owner.'), {
        reader: operator,
        author: 'dana',
      });
      await second.flush();
      expect(second.counts).toEqual({ conflict: 1 });
      expect(second.conflicts).toEqual([{ id: 'help/refunds', reason: 'edited_in_seam' }]);
      expect((await store.get('help/refunds', { reader: operator }))?.body).toContain('45 days');
      const [held] = await store.syncRecords({ reader: operator, source: 'help' });
      expect(held).toMatchObject({ state: 'conflict', synced_version: 1 });
      expect(held?.held?.body).toContain('60 days');
    } finally {
      await store.close();
    }
  });
});
