import { readFileSync } from 'node:fs';
import type { Value } from '../src/values/index.js';

/**
 * Person names in informal text: WNUT-17 (tweets, Reddit, YouTube and StackExchange comments; `dev.conll`:
 * token TAB BIO tag, sentences separated by blank lines). Each sentence is given to the detector as its tokens
 * joined by single spaces; a person value covers the tokens it overlaps. Scored as the shared task scores:
 * an entity is correct only when its first and last tokens both match a gold person entity (exact span).
 */

export interface Sentence {
  tokens: string[];
  tags: string[];
}

export function readConll(path: string): Sentence[] {
  const sentences: Sentence[] = [];
  let current: Sentence = { tokens: [], tags: [] };
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') {
      if (current.tokens.length > 0) sentences.push(current);
      current = { tokens: [], tags: [] };
      continue;
    }
    const fields = line.split('\t');
    current.tokens.push(fields[0] ?? '');
    current.tags.push(fields[fields.length - 1] ?? 'O');
  }
  if (current.tokens.length > 0) sentences.push(current);
  return sentences;
}

/** Entities of one type as `first:last` token indexes. */
export function entities(tags: readonly string[], type: string): Set<string> {
  const found = new Set<string>();
  for (let index = 0; index < tags.length; index += 1) {
    if (tags[index] !== `B-${type}`) continue;
    let last = index;
    while (tags[last + 1] === `I-${type}`) last += 1;
    found.add(`${index}:${last}`);
  }
  return found;
}

export interface WnutReport {
  sentences: number;
  gold: number;
  predicted: number;
  correct: number;
  precision: number;
  recall: number;
  f1: number;
  /** Predicted person entities that overlap no gold person (up to 25). */
  falsePositives: string[];
}

/** Text of a sentence and the character offsets of its tokens. */
export function sentenceText(sentence: Sentence): { text: string; offsets: { start: number; end: number }[] } {
  const offsets: { start: number; end: number }[] = [];
  let text = '';
  for (const token of sentence.tokens) {
    if (text !== '') text += ' ';
    offsets.push({ start: text.length, end: text.length + token.length });
    text += token;
  }
  return { text, offsets };
}

export function scoreWnut(sentences: readonly Sentence[], detect: (text: string) => Value[]): WnutReport {
  let gold = 0;
  let predicted = 0;
  let correct = 0;
  const falsePositives: string[] = [];
  for (const sentence of sentences) {
    const { text, offsets } = sentenceText(sentence);
    const expected = entities(sentence.tags, 'person');
    gold += expected.size;
    for (const value of detect(text)) {
      if (value.kind !== 'person') continue;
      const covered = offsets.flatMap((offset, index) =>
        offset.start < value.end && value.start < offset.end ? [index] : [],
      );
      if (covered.length === 0) continue;
      predicted += 1;
      const key = `${covered[0]}:${covered[covered.length - 1]}`;
      if (expected.has(key)) correct += 1;
      else if (
        falsePositives.length < 25 &&
        !sentence.tags.some((tag, index) => covered.includes(index) && tag.endsWith('person'))
      ) {
        falsePositives.push(value.text);
      }
    }
  }
  const precision = predicted === 0 ? 0 : correct / predicted;
  const recall = gold === 0 ? 0 : correct / gold;
  return {
    sentences: sentences.length,
    gold,
    predicted,
    correct,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    falsePositives,
  };
}
