/**
 * Blocks of a term's posting list, the unit a store keeps in its own tables (`sqlite/search-postings.ts`).
 *
 * A term's postings are sorted by chunk id and cut into blocks of at most `blockSize`; a block is stored
 * as one binary value keyed by (term, its first chunk id). A posting holds what BM25 needs of one chunk,
 * so a search scores a whole posting list without another lookup:
 *
 * - `chunk`: the chunk's id;
 * - `weight`: the term's weighted frequency in it (title 4, headings 2, body 1: `bm25-terms.ts`);
 * - `tokens`: the chunk's length as FTS5's `bm25()` counts it (every column, `scope` too);
 * - `scope`: the id of the chunk's scope (its grants and collection), which a search filters on.
 *
 * Layout: four little-endian columns of `n` 32-bit values (chunk, weight as float, tokens, scope), so a
 * block decodes into typed arrays with no per-posting work.
 */

export const blockSize = 128;

export interface Posting {
  chunk: number;
  weight: number;
  tokens: number;
  scope: number;
}

/** A decoded block: column views over one buffer. */
export interface PostingBlock {
  length: number;
  chunks: Uint32Array;
  weights: Float32Array;
  tokens: Uint32Array;
  scopes: Uint32Array;
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export function encodeBlock(postings: readonly Posting[]): Buffer {
  const n = postings.length;
  const bytes = Buffer.alloc(16 * n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  postings.forEach((posting, index) => {
    if (posting.chunk > 0xffffffff || posting.tokens > 0xffffffff || posting.scope > 0xffffffff) {
      throw new RangeError(`posting out of range: chunk ${posting.chunk}`);
    }
    view.setUint32(4 * index, posting.chunk, true);
    view.setFloat32(4 * (n + index), posting.weight, true);
    view.setUint32(4 * (2 * n + index), posting.tokens, true);
    view.setUint32(4 * (3 * n + index), posting.scope, true);
  });
  return bytes;
}

export function decodeBlock(bytes: Uint8Array): PostingBlock {
  const n = bytes.byteLength / 16;
  if (!Number.isInteger(n)) throw new RangeError(`a posting block of ${bytes.byteLength} bytes`);
  if (!littleEndian) return decodeSlowly(bytes, n);
  // Typed arrays need an aligned offset: copy the rare value that is not.
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : Uint8Array.from(bytes);
  const { buffer, byteOffset } = aligned;
  return {
    length: n,
    chunks: new Uint32Array(buffer, byteOffset, n),
    weights: new Float32Array(buffer, byteOffset + 4 * n, n),
    tokens: new Uint32Array(buffer, byteOffset + 8 * n, n),
    scopes: new Uint32Array(buffer, byteOffset + 12 * n, n),
  };
}

function decodeSlowly(bytes: Uint8Array, n: number): PostingBlock {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const column = <T extends Uint32Array | Float32Array>(make: new (n: number) => T, at: number, float: boolean) => {
    const values = new make(n);
    for (let index = 0; index < n; index++) {
      values[index] = float ? view.getFloat32(4 * (at * n + index), true) : view.getUint32(4 * (at * n + index), true);
    }
    return values;
  };
  return {
    length: n,
    chunks: column(Uint32Array, 0, false),
    weights: column(Float32Array, 1, true),
    tokens: column(Uint32Array, 2, false),
    scopes: column(Uint32Array, 3, false),
  };
}

export function blockPostings(block: PostingBlock): Posting[] {
  return Array.from({ length: block.length }, (_, index) => ({
    chunk: block.chunks[index] ?? 0,
    weight: block.weights[index] ?? 0,
    tokens: block.tokens[index] ?? 0,
    scope: block.scopes[index] ?? 0,
  }));
}
