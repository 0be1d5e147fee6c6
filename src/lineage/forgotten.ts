import type { Reader } from '../access.js';
import type { KnowledgeStore } from '../store/knowledge-store.js';
import { detectValues, type Value } from '../values/index.js';
import { keyedHash } from './canonical.js';

/**
 * A check for what was forgotten, for eval's deletion probes and any other judge: the private values in a
 * text whose canonical form a stored forget receipt covers (compared by keyed hash; the receipts hold no
 * values). Returns a function that finds none when no receipt exists.
 */
export async function forgottenValues(store: KnowledgeStore, reader: Reader): Promise<(text: string) => Value[]> {
  const receipts = await store.listReceipts({ reader });
  const hashes = new Set(receipts.flatMap((receipt) => receipt.value_hashes));
  if (hashes.size === 0) return () => [];
  const secret = await store.lineageSecret({ reader });
  return (text) =>
    detectValues(text, { classes: ['private'] }).filter((value) =>
      [value.normalized, ...value.alternatives].some((form) => hashes.has(keyedHash(secret, form))),
    );
}
