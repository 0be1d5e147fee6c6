import { operator } from '../access.js';
import { InputError } from '../errors.js';
import type { KnowledgeStore } from '../store/knowledge-store.js';
import type { SyncedWrite, SyncedWriteResult, SyncRecord } from '../store/sync-store.js';

/**
 * A batch of a sync's writes in one transaction (`writeSynced`). A document the store refuses (an
 * `InputError`: a NUL character PostgreSQL cannot store, an empty access list) fails the batch whole; then
 * the records and each document are written alone, so only the refused ones are left out: `undefined` in
 * the results, and told to `refused`. Any other failure (the store down, the disk full) is thrown, with
 * nothing of the batch written.
 */
export async function writeBatch(options: {
  store: KnowledgeStore;
  writes: readonly SyncedWrite[];
  records: readonly SyncRecord[];
  refused: (index: number, error: InputError) => void;
}): Promise<(SyncedWriteResult | undefined)[]> {
  const { store, writes, records } = options;
  try {
    return await store.writeSynced({ writes, records }, { reader: operator });
  } catch (error) {
    if (!InputError.isInstance(error)) throw error;
  }
  if (records.length > 0) await store.writeSynced({ writes: [], records }, { reader: operator });
  const results: (SyncedWriteResult | undefined)[] = [];
  for (const [index, write] of writes.entries()) {
    try {
      results.push(...(await store.writeSynced({ writes: [write], records: [] }, { reader: operator })));
    } catch (error) {
      if (!InputError.isInstance(error)) throw error;
      options.refused(index, error);
      results.push(undefined);
    }
  }
  return results;
}
