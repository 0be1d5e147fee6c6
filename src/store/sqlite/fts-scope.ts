import { chunkGrantsHeld, type Reader } from '../../access.js';

/**
 * The full-text index's `scope` column: each chunk's version grants (`src/access.ts`) and its collection,
 * as tokens. A search matches its words in the text columns AND the reader's grants in `scope`, so FTS5
 * intersects the posting lists itself: a reader allowed 1% of the documents never ranks the other 99%.
 *
 * Tokens are hex-encoded (the tokenizer would split `billing-eu` and stem `sales`) and end in `x`, which
 * no stemming rule removes: grant `*` is `g2ax`, collection `policy` is `c706f6c696379x`.
 */
function token(kind: 'g' | 'c', value: string): string {
  return `${kind}${Buffer.from(value, 'utf8').toString('hex')}x`;
}

/** The `scope` text of a chunk: its grants (`chunkGrants`, which mark internal chunks) and collection. */
export function scopeText(options: { grants: readonly string[]; collection: string }): string {
  return [...options.grants.map((grant) => token('g', grant)), token('c', options.collection)].join(' ');
}

/**
 * The FTS5 expression that restricts a search to what `reader` may read (and to one collection): empty
 * for the operator without a collection.
 */
export function scopeFilter(reader: Reader, collection: string | undefined): string {
  const held = chunkGrantsHeld(reader);
  const parts = [
    ...(held === 'all' ? [] : [`scope : (${held.map((grant) => `"${token('g', grant)}"`).join(' OR ')})`]),
    ...(collection === undefined ? [] : [`scope : "${token('c', collection)}"`]),
  ];
  return parts.join(' AND ');
}
