import { expect } from 'vitest';
import { operator } from '../../src/access.js';
import { plainDocument } from '../../src/documents/convert/convert.js';
import type { DocumentInput, KnowledgeStore } from '../../src/store/knowledge-store.js';
import type { SyncedWrite, SyncRecord } from '../../src/store/sync-store.js';

/** A page as a website source hands it over. */
export function page(id: string, body: string, acl: string[] | null = null): DocumentInput {
  return plainDocument({ id, title: id, body, collection: 'help', acl });
}

function record(id: string): Omit<SyncRecord, 'synced_version'> {
  return {
    doc_id: id,
    source: 'help',
    upstream_id: `https://help.example.com/${id}`,
    url: `https://help.example.com/${id}`,
    upstream_updated_at: null,
    synced_at: '2026-12-01T10:00:00.000Z',
    upstream_hash: `hash-${id}`,
    etag: null,
    last_modified: null,
    state: 'synced',
    held: null,
    conflict: null,
  };
}

export function write(document: DocumentInput, expectedHead = 0): SyncedWrite {
  return {
    document,
    author: 'sync:help',
    message: `synced from https://help.example.com/${document.id}`,
    expected_head: expectedHead,
    record: record(document.id),
  };
}

/**
 * `writeSynced` on any backend: documents and records land together; a write whose head moved is left out
 * whole; a batch holding a document the store refuses leaves nothing of itself behind.
 */
export async function checkWriteSynced(store: KnowledgeStore): Promise<void> {
  const results = await store.writeSynced(
    { writes: [write(page('help/a', '# A\n\nAlpha text.')), write(page('help/b', '# B\n\nBravo text.'))], records: [] },
    { reader: operator },
  );
  expect(results).toEqual([
    { status: 'created', version: 1 },
    { status: 'created', version: 1 },
  ]);
  const records = await store.syncRecords({ reader: operator, source: 'help' });
  expect(records.map((entry) => [entry.doc_id, entry.synced_version])).toEqual([
    ['help/a', 1],
    ['help/b', 1],
  ]);
  expect((await store.history('help/a', { reader: operator }))?.[0]).toMatchObject({ author: 'sync:help' });

  // Someone edited help/a since the sync read it at version 1: that write goes stale, help/b's goes through.
  await store.put(page('help/a', '# A\n\nEdited in Seam.'), { reader: operator, author: 'dana' });
  const second = await store.writeSynced(
    {
      writes: [write(page('help/a', '# A\n\nAlpha, v2 upstream.'), 1), write(page('help/b', '# B\n\nBravo v2.'), 1)],
      records: [],
    },
    { reader: operator },
  );
  expect(second).toEqual([
    { status: 'stale', version: 2 },
    { status: 'updated', version: 2 },
  ]);
  expect((await store.get('help/a', { reader: operator }))?.body).toContain('Edited in Seam');
  const afterStale = await store.syncRecords({ reader: operator, source: 'help' });
  expect(afterStale.find((entry) => entry.doc_id === 'help/a')?.synced_version).toBe(1);

  // A refused document (an empty access list) fails its batch whole: nothing of the batch is written.
  const conflicted: SyncRecord = { ...record('help/b'), synced_version: 2, state: 'conflict', held: null };
  await expect(
    store.writeSynced(
      {
        writes: [write(page('help/c', '# C\n\nCharlie text.')), write(page('help/d', '# D\n\nDelta.', []))],
        records: [conflicted],
      },
      { reader: operator },
    ),
  ).rejects.toMatchObject({ name: 'InputError' });
  expect(await store.get('help/c', { reader: operator })).toBeUndefined();
  const afterFailure = await store.syncRecords({ reader: operator, source: 'help' });
  expect(afterFailure.map((entry) => [entry.doc_id, entry.state])).toEqual([
    ['help/a', 'synced'],
    ['help/b', 'synced'],
  ]);
  expect(await store.searchText({ text: 'charlie', reader: operator, k: 3, at: new Date().toISOString() })).toEqual([]);
}
