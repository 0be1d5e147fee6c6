/** Word tokens with offsets, for the recognizers that reason about capitalised words (names, addresses). */
import { isWordCharacter } from './scan.js';

export interface Token {
  /** The text the token is in. */
  readonly source: string;
  readonly text: string;
  readonly lower: string;
  readonly start: number;
  readonly end: number;
  /** Starts with an upper-case letter. */
  readonly capitalised: boolean;
  /** First word of the text, of a sentence or of a line. */
  readonly sentenceStart: boolean;
}

/**
 * A token whose `text` and `lower` are sliced and lower-cased on first use: most tokens are never looked at
 * beyond their offsets and case, and slicing and lower-casing every word was a third of the tokenizer's time.
 */
class WordToken implements Token {
  private sliced: string | undefined = undefined;
  private lowered: string | undefined = undefined;

  constructor(
    readonly source: string,
    readonly start: number,
    readonly end: number,
    readonly capitalised: boolean,
    readonly sentenceStart: boolean,
  ) {}

  get text(): string {
    this.sliced ??= this.source.slice(this.start, this.end);
    return this.sliced;
  }

  get lower(): string {
    this.lowered ??= this.text.toLowerCase();
    return this.lowered;
  }
}

/**
 * A word is what `wordPattern` matches: a letter or digit, then letters, marks and digits, with inner
 * apostrophes and hyphens (`o'brien`, `jean-luc`) but not a possessive `'s`. `tokenize` scans for exactly these
 * matches by hand, code point by code point, which is faster than running the regex (most characters are ASCII
 * and need no Unicode lookup); the pattern is kept as the reference the scanner is tested against.
 */
export const wordPattern = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’-](?![sS]\b)[\p{L}\p{M}\p{N}]+)*/gu;

/** Bit set in `codeClass` for `[\p{L}\p{N}]` (a word may start here). */
const startsWord = 1;
/** Bit set in `codeClass` for `[\p{L}\p{M}\p{N}]` (a word may go on here). */
const continuesWord = 2;
/** Bit marking an entry of `bmpClasses` as computed. */
const known = 4;
const startPattern = /^[\p{L}\p{N}]$/u;
const continuePattern = /^[\p{L}\p{M}\p{N}]$/u;
/** Classes of the code points below U+10000, filled in on first sight (64 KB). */
const bmpClasses = new Uint8Array(0x10000);

function computeClass(character: string): number {
  return (startPattern.test(character) ? startsWord : 0) | (continuePattern.test(character) ? continuesWord : 0);
}

/** `startsWord | continuesWord` bits of a code point, by the same Unicode properties as `wordPattern`. */
function codeClass(codePoint: number): number {
  if (codePoint < 128) return isAsciiAlphanumeric(codePoint) ? startsWord | continuesWord : 0;
  if (codePoint >= 0x10000) return computeClass(String.fromCodePoint(codePoint));
  let value = bmpClasses[codePoint] ?? 0;
  if (value === 0) {
    // A lone surrogate is neither (the regex reads code points, and no property matches a lone surrogate).
    value = computeClass(String.fromCharCode(codePoint)) | known;
    bmpClasses[codePoint] = value;
  }
  return value;
}

/** The code point at `index` (a surrogate pair is read whole, as a `u` regex reads it). */
function codePointAt(text: string, index: number): number {
  return text.codePointAt(index) ?? -1;
}

/** Width in UTF-16 units of the code point `codePoint`. */
function widthOf(codePoint: number): number {
  return codePoint >= 0x10000 ? 2 : 1;
}

/** ASCII letters and digits: `[\p{L}\p{N}]` and `[\p{L}\p{M}\p{N}]` below U+0080. */
function isAsciiAlphanumeric(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** End of the run of `[\p{L}\p{M}\p{N}]` that starts at `index` (`index` itself when there is none). */
function skipRun(text: string, index: number): number {
  let at = index;
  while (at < text.length) {
    const code = text.charCodeAt(at);
    if (code < 128) {
      if (!isAsciiAlphanumeric(code)) break;
      at += 1;
      continue;
    }
    const codePoint = codePointAt(text, at);
    if ((codeClass(codePoint) & continuesWord) === 0) break;
    at += widthOf(codePoint);
  }
  return at;
}

/** End of the word that starts at `start` (which is `[\p{L}\p{N}]`), as `wordPattern` would match it. */
function wordEnd(text: string, start: number): number {
  let at = skipRun(text, start + widthOf(codePointAt(text, start)));
  for (;;) {
    const separator = text.charCodeAt(at);
    // ' ’ -
    if (separator !== 39 && separator !== 0x2019 && separator !== 45) return at;
    const next = text.charCodeAt(at + 1);
    // (?![sS]\b): an `s` not followed by an ASCII word character (or at the end) stops the word.
    if ((next === 115 || next === 83) && !isWordCharacter(text.charCodeAt(at + 2))) return at;
    const after = skipRun(text, at + 1);
    if (after === at + 1) return at;
    at = after;
  }
}

/**
 * Whether the text between two tokens, `text.slice(from, to)`, ends a sentence or a line: the same as
 * `/[.!?\n]\W*$/u.test(between) || /\n/.test(between)`, without the slice and the two regexes. The first
 * holds when a `.`, `!`, `?` or newline comes after the last word character of `between`; the second when a
 * newline is anywhere in it.
 */
function startsSentence(text: string, from: number, to: number): boolean {
  let afterWord = true;
  for (let index = to - 1; index >= from; index -= 1) {
    const code = text.charCodeAt(index);
    if (code === 10) return true;
    if (isWordCharacter(code)) afterWord = false;
    else if (afterWord && (code === 46 || code === 33 || code === 63)) return true;
  }
  return false;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = 0;
  let index = 0;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code < 128) {
      if (!isAsciiAlphanumeric(code)) {
        index += 1;
        continue;
      }
    } else {
      const codePoint = codePointAt(text, index);
      if ((codeClass(codePoint) & startsWord) === 0) {
        index += widthOf(codePoint);
        continue;
      }
    }
    const start = index;
    const end = wordEnd(text, start);
    const sentenceStart = tokens.length === 0 || startsSentence(text, previousEnd, start);
    const first = text.charCodeAt(start);
    let capitalised: boolean;
    if (first < 128) capitalised = first >= 65 && first <= 90;
    else {
      const character = text.charAt(start);
      capitalised = character !== character.toLowerCase();
    }
    tokens.push(new WordToken(text, start, end, capitalised, sentenceStart));
    previousEnd = end;
    index = end;
  }
  return tokens;
}

/** Text between two tokens is only spaces (and at most one period, as after an initial or `Dr`). */
export function adjacent(text: string, left: Token, right: Token): boolean {
  return /^\.? {1,2}$/.test(text.slice(left.end, right.start));
}
