import { bm25 } from '../bm25-terms.js';
import type { PostingBlock } from './posting-block.js';

/**
 * BM25 over posting blocks, computed exactly as SQLite FTS5's `bm25()` computes it (fts5_aux.c), so a
 * search over a store's own posting lists returns the scores the FTS5 query returns, to the last bit:
 *
 *   idf(phrase) = max(ln((N - n + 0.5) / (n + 0.5)), 1e-6)
 *   score      = Σ over phrases, in query order, of idf × (f × (k1 + 1)) / (f + k1 × (1 - b + b × D / avgdl))
 *
 * with N the index's rows, n the rows holding the phrase, f its weighted frequency in the chunk, D the
 * chunk's length and avgdl the index's average length, all in double precision and summed in the same
 * order. A chunk holding none of the words is never scored (FTS5 does not match it).
 */

export interface Bm25Statistics {
  /** Rows in the index (N). */
  rows: number;
  /** Average row length (avgdl), as FTS5 computes it: total tokens / rows. */
  averageLength: number;
}

/** The inverse document frequency of a phrase found in `matching` of `rows` rows. */
export function fts5Idf(rows: number, matching: number): number {
  const idf = Math.log((rows - matching + 0.5) / (matching + 0.5));
  return idf <= 0 ? 1e-6 : idf;
}

/** One phrase of the query: its idf and its posting blocks (all of them, in any order). */
export interface ScoredPhrase {
  idf: number;
  blocks: Iterable<PostingBlock>;
}

/**
 * Scores per chunk, reused between searches on one connection (a search runs to completion before the
 * next starts): `score[chunk]` accumulates, `touched` lists the chunks scored, to reset and to rank.
 */
export class ScoreAccumulator {
  private score: Float64Array = new Float64Array(1024);
  private touched: Uint32Array = new Uint32Array(1024);
  private count = 0;
  /** Per query: `k1 × (1 - b + b × D / avgdl)` by chunk length D, computed once per length (0: not yet). */
  private norms: Float64Array = new Float64Array(1024);

  /**
   * Add each phrase's contribution to the chunks of its postings whose scope `allowed` holds (every
   * scope when `null`), phrase by phrase in query order. A chunk's score is 0 until its first phrase
   * (every contribution is positive: idf ≥ 1e-6, f > 0).
   */
  add(phrases: readonly ScoredPhrase[], statistics: Bm25Statistics, allowed: Uint8Array | null): void {
    const { k1, b } = bm25;
    const { averageLength } = statistics;
    this.norms.fill(0);
    for (const phrase of phrases) {
      const { idf } = phrase;
      for (const block of phrase.blocks) {
        const { chunks, weights, tokens, scopes, length } = block;
        if (length === 0) continue;
        // Chunks ascend within a block: make room for the last one, then score with local references.
        const last = chunks[length - 1] as number;
        if (last >= this.score.length) this.grow(last);
        if (this.count + length > this.touched.length) this.touched = grown(this.touched, 2 * (this.count + length));
        const { score, touched } = this;
        let norms = this.norms;
        let count = this.count;
        for (let index = 0; index < length; index++) {
          if (allowed !== null && allowed[scopes[index] as number] !== 1) continue;
          const chunk = chunks[index] as number;
          const f = weights[index] as number;
          const D = tokens[index] as number;
          if (D >= norms.length) norms = this.growNorms(D);
          let norm = norms[D] as number;
          if (norm === 0) {
            norm = k1 * (1 - b + (b * D) / averageLength);
            norms[D] = norm;
          }
          const before = score[chunk] as number;
          if (before === 0) touched[count++] = chunk;
          score[chunk] = before + idf * ((f * (k1 + 1.0)) / (f + norm));
        }
        this.count = count;
      }
    }
  }

  /** The best `limit` chunks scored, best first (ties: the lower chunk id first). */
  top(limit: number): { chunks: number[]; scores: number[] } {
    const heap = new TopK(limit);
    const { score, touched, count } = this;
    for (let index = 0; index < count; index++) {
      const chunk = touched[index] as number;
      const value = score[chunk] as number;
      // Most chunks score below the worst kept: skip them without touching the heap.
      if (value >= heap.worstScore) heap.offer(chunk, value);
    }
    return heap.sorted();
  }

  /** How many chunks hold at least one phrase (in an allowed scope). */
  get size(): number {
    return this.count;
  }

  /** Forget every score (before the next search). */
  clear(): void {
    for (let index = 0; index < this.count; index++) this.score[this.touched[index] as number] = 0;
    this.count = 0;
  }

  private grow(chunk: number): void {
    const score = new Float64Array(Math.max(chunk + 1, this.score.length * 2));
    score.set(this.score);
    this.score = score;
  }

  private growNorms(length: number): Float64Array {
    const norms = new Float64Array(Math.max(length + 1, this.norms.length * 2));
    norms.set(this.norms);
    this.norms = norms;
    return norms;
  }
}

function grown(values: Uint32Array, size: number): Uint32Array {
  const next = new Uint32Array(size);
  next.set(values);
  return next;
}

/** `a` ranks before `b`: a higher score, or the same score and a lower chunk id. */
const before = (aScore: number, aChunk: number, bScore: number, bChunk: number) =>
  aScore > bScore || (aScore === bScore && aChunk < bChunk);

/** The best `limit` of the chunks offered: a binary heap with the worst kept at the root. */
class TopK {
  private chunks: number[] = [];
  private scores: number[] = [];
  constructor(private readonly limit: number) {}

  /** A score below this cannot enter: the worst kept once full, else -Infinity. */
  get worstScore(): number {
    return this.chunks.length < this.limit ? Number.NEGATIVE_INFINITY : (this.scores[0] as number);
  }

  offer(chunk: number, score: number): void {
    const { chunks, scores } = this;
    if (chunks.length < this.limit) {
      chunks.push(chunk);
      scores.push(score);
      this.up(chunks.length - 1);
    } else if (this.limit > 0 && before(score, chunk, scores[0] as number, chunks[0] as number)) {
      chunks[0] = chunk;
      scores[0] = score;
      this.down(0);
    }
  }

  sorted(): { chunks: number[]; scores: number[] } {
    const order = this.chunks.map((_, index) => index);
    order.sort((a, b) =>
      before(this.scores[a] as number, this.chunks[a] as number, this.scores[b] as number, this.chunks[b] as number)
        ? -1
        : 1,
    );
    return {
      chunks: order.map((index) => this.chunks[index] as number),
      scores: order.map((index) => this.scores[index] as number),
    };
  }

  /** Heap order: a parent ranks after its children (the worst at the root). */
  private worse(a: number, b: number): boolean {
    return before(
      this.scores[b] as number,
      this.chunks[b] as number,
      this.scores[a] as number,
      this.chunks[a] as number,
    );
  }

  private swap(a: number, b: number): void {
    const { chunks, scores } = this;
    [chunks[a], chunks[b]] = [chunks[b] as number, chunks[a] as number];
    [scores[a], scores[b]] = [scores[b] as number, scores[a] as number];
  }

  private up(index: number): void {
    for (let at = index; at > 0; ) {
      const parent = (at - 1) >> 1;
      if (!this.worse(at, parent)) return;
      this.swap(at, parent);
      at = parent;
    }
  }

  private down(index: number): void {
    const n = this.chunks.length;
    for (let at = index; ; ) {
      let worst = at;
      for (const child of [2 * at + 1, 2 * at + 2]) if (child < n && this.worse(child, worst)) worst = child;
      if (worst === at) return;
      this.swap(at, worst);
      at = worst;
    }
  }
}
