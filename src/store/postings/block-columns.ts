import { blockSize, decodeBlock, encodeBlock, type PostingBlock } from './posting-block.js';

/**
 * Changing blocks column by column, with no object per posting: a block is decoded into typed-array views
 * over its stored bytes, merged with a term's sorted changes into new columns, and encoded by copying.
 */

/** A term's changes to one block: chunks to add (sorted, with their columns) and chunks to remove. */
export interface ColumnChange {
  chunks: number[];
  weights: number[];
  tokens: number[];
  scopes: number[];
  removed: ReadonlySet<number>;
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export function emptyBlock(length: number): PostingBlock {
  const buffer = new ArrayBuffer(16 * length);
  return {
    length,
    chunks: new Uint32Array(buffer, 0, length),
    weights: new Float32Array(buffer, 4 * length, length),
    tokens: new Uint32Array(buffer, 8 * length, length),
    scopes: new Uint32Array(buffer, 12 * length, length),
  };
}

/** The block's stored bytes (the layout of `posting-block.ts`). */
export function blockBytes(block: PostingBlock): Buffer {
  if (!littleEndian) {
    return encodeBlock(
      Array.from(block.chunks, (chunk, index) => ({
        chunk,
        weight: block.weights[index] ?? 0,
        tokens: block.tokens[index] ?? 0,
        scope: block.scopes[index] ?? 0,
      })),
    );
  }
  const n = block.length;
  const bytes = Buffer.allocUnsafe(16 * n);
  const copy = (column: Uint32Array | Float32Array, at: number) =>
    bytes.set(new Uint8Array(column.buffer, column.byteOffset, 4 * n), 4 * at * n);
  copy(block.chunks, 0);
  copy(block.weights, 1);
  copy(block.tokens, 2);
  copy(block.scopes, 3);
  return bytes;
}

/** Decode stored bytes, or an empty block for a term that has none yet. */
export function readBlock(bytes: Uint8Array | undefined): PostingBlock {
  return bytes ? decodeBlock(bytes) : emptyBlock(0);
}

/**
 * The block after a change: `removed` chunks taken out (each must be there), the added ones merged in by
 * chunk id (none may be there already).
 */
export function mergeBlock(block: PostingBlock, change: ColumnChange): PostingBlock {
  const added = change.chunks.length;
  const out = emptyBlock(block.length - change.removed.size + added);
  let kept = 0;
  let next = 0;
  let at = 0;
  const fail = (why: string): never => {
    throw new Error(`posting list out of step: ${why}`);
  };
  for (let index = 0; index < block.length; index++) {
    const chunk = block.chunks[index] as number;
    if (change.removed.has(chunk)) continue;
    kept++;
    while (next < added && (change.chunks[next] as number) < chunk) at = put(out, at, change, next++);
    if (next < added && change.chunks[next] === chunk) fail(`chunk ${chunk} added twice`);
    if (at >= out.length) fail(`${change.removed.size} removed chunk(s) were not all in their block`);
    out.chunks[at] = chunk;
    out.weights[at] = block.weights[index] as number;
    out.tokens[at] = block.tokens[index] as number;
    out.scopes[at] = block.scopes[index] as number;
    at++;
  }
  if (block.length - kept !== change.removed.size) {
    fail(`${change.removed.size - (block.length - kept)} removed chunk(s) were not in their block`);
  }
  while (next < added) at = put(out, at, change, next++);
  return out;
}

function put(out: PostingBlock, at: number, change: ColumnChange, index: number): number {
  const chunk = change.chunks[index] as number;
  if (chunk > 0xffffffff) throw new RangeError(`posting out of range: chunk ${chunk}`);
  if (at > 0 && (out.chunks[at - 1] as number) >= chunk) throw new Error(`posting list out of step: chunk ${chunk}`);
  out.chunks[at] = chunk;
  out.weights[at] = change.weights[index] as number;
  out.tokens[at] = change.tokens[index] as number;
  out.scopes[at] = change.scopes[index] as number;
  return at + 1;
}

/**
 * Cut a merged block into stored blocks of at most `blockSize`. An append (`appended`: the old postings
 * are the merged block's prefix) keeps the block full and starts new ones, so a growing list is written once;
 * any other change cuts it into pieces of even size.
 */
export function cutBlock(block: PostingBlock, options: { appended: boolean }): PostingBlock[] {
  const n = block.length;
  if (n <= blockSize) return n === 0 ? [] : [block];
  const pieces = Math.ceil(n / blockSize);
  const size = options.appended ? blockSize : Math.ceil(n / pieces);
  const result: PostingBlock[] = [];
  for (let start = 0; start < n; start += size) {
    const end = Math.min(n, start + size);
    result.push({
      length: end - start,
      chunks: block.chunks.subarray(start, end),
      weights: block.weights.subarray(start, end),
      tokens: block.tokens.subarray(start, end),
      scopes: block.scopes.subarray(start, end),
    });
  }
  return result;
}

/** Its largest weight and smallest length: together they bound what any of its postings adds to a score. */
export function columnBounds(block: PostingBlock): { maxWeight: number; minTokens: number } {
  let maxWeight = 0;
  let minTokens = Number.POSITIVE_INFINITY;
  for (let index = 0; index < block.length; index++) {
    maxWeight = Math.max(maxWeight, block.weights[index] as number);
    minTokens = Math.min(minTokens, block.tokens[index] as number);
  }
  return { maxWeight, minTokens: Number.isFinite(minTokens) ? minTokens : 0 };
}
