import { append } from '../util/append.js';
import { extendAddress } from './address-block.js';
import type { Candidate } from './candidate.js';

/**
 * Postal addresses. An address is anchored on something only an address has — a house number with a street
 * word (`18 Harbour Lane`, `8 wressle road`, `Hulsterdreef 100`, `Via Raffaele Conforti 74`), a PO box or
 * military address (`PSC 4457, Box 7534`, `APO AP 95145`), a city with a US state and ZIP (`Austin, TX
 * 78701`), an intersection (`the corner of Main St and 2nd Ave`), or a number after a cue (`address: …`,
 * `ship to …`) — and then extended over the lines or comma-separated parts that follow it (unit, city,
 * region, country, postcode). Normalized `address:` + lowercase words and numbers joined by single spaces.
 */

const stopWords =
  'a|an|the|and|or|of|to|in|on|at|for|from|by|with|is|are|was|were|be|my|your|our|their|his|her|its|i|you|we|they|it|me|us|them|this|that|these|those|per|than|about|over|under|more|less|each|every|all|any|some|no|not|days?|weeks?|months?|years?|hours?|minutes?|items?|times?|dollars?|percent|orders?|people|kids|children';
const streetWords =
  'street|st|str|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|place|pl|way|terrace|parkway|pkwy|highway|hwy|circle|cir|square|sq|trail|trl|crescent|close|row|plaza|alley|mews|gardens|grove|heights|loop|pike|expressway|freeway|turnpike|crossing|commons|walk|path';
const compoundEndings =
  'straße|strasse|str\\.|str|weg|gasse|platz|allee|damm|ufer|dreef|laan|straat|gracht|kade|singel|plein|gatan|vägen|vagen|gata|gade|vej|veien|vegen|katu|tie|polku|kuja|utca|út|ulica|baan';
const prefixWords =
  'via|viale|piazza|corso|rue|avenue|avenida|av\\.|avda\\.|calle|carrer|camino|paseo|rua|travessa|praça|vila|ctra\\.|carretera|ulica|ul\\.|chemin|allée|impasse|quai|strada|plaza|boulevard';
const states =
  'AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC|PR';

/** `street` → `[sS]treet`: case-insensitive for one word, without the `i` flag that would also relax `\p{Lu}`. */
function anyCase(alternatives: string): string {
  return alternatives
    .split('|')
    .map((word) => `[${word.charAt(0)}${word.charAt(0).toUpperCase()}]${word.slice(1)}`)
    .join('|');
}

const nameWord = `(?!(?:${stopWords})\\b)[\\p{L}\\d][\\p{L}\\d'’.-]*`;
const houseNumber = '\\d{1,6}[A-Za-z]?(?:[-/]\\d{1,4})?';
// Gates: cheap tests that rule out an anchor for a whole text (see `anchors`).
const spaceThenDigit = /\s+\d/g;
const digitSpace = /\d[A-Za-z]?\s/iu;
// Both alternatives have a prefix word then whitespace, and a \b before the word: `\s+` precedes it in one,
// `(?<![\w-])` in the other.
const prefixGate = new RegExp(`\\b(?:${anyCase(prefixWords)})\\s`, 'u');
const upperStateGate = new RegExp(`,\\s*(?:${states})\\s+\\d{5}`, 'u');
const lowerStateGate = new RegExp(`,\\s*(?:${states.toLowerCase()})\\s+\\d{5}`, 'u');

/** What several anchors' gates need to know about a text, found once per text. */
interface Shape {
  /**
   * Where each run of whitespace that ends at a digit starts (`\s+\d`). Every anchor that ends in (or has
   * inside) `\s+` and a number has one: the compound street (`…straße 12`), the prefixed street without a house
   * number (`Via Roma 74`), the PO box and military addresses, `City, ST 12345`, and the weak anchor. What comes
   * just before such a run then tells whether the compound street and the weak anchor can match at all.
   */
  spaceBeforeDigit: number[];
  /**
   * A digit (or a digit and a letter) then whitespace: every anchor that starts with a house number followed
   * by `\s+` has it (`18 Harbour Lane`, `47 Via Roma`). Tested with `iu`, as the first anchor's
   * `[A-Za-z]` is read under `iu` (where it also matches `ſ` and the Kelvin sign).
   */
  digitSpace: boolean;
}

function shapeOf(text: string): Shape {
  const spaceBeforeDigit: number[] = [];
  spaceThenDigit.lastIndex = 0;
  for (let match = spaceThenDigit.exec(text); match !== null; match = spaceThenDigit.exec(text)) {
    // The leftmost match starts at the first character of the run of whitespace.
    spaceBeforeDigit.push(match.index);
  }
  return { spaceBeforeDigit, digitSpace: digitSpace.test(text) };
}

/** The compound endings by their last character, each as [first letter, first letter upper-cased, the rest]. */
const compoundEndingsByLast = new Map<string, Array<[string, string, string]>>();
for (const ending of compoundEndings.replaceAll('\\.', '.').split('|')) {
  const last = ending.charAt(ending.length - 1);
  const list = compoundEndingsByLast.get(last) ?? [];
  list.push([ending.charAt(0), ending.charAt(0).toUpperCase(), ending.slice(1)]);
  compoundEndingsByLast.set(last, list);
}

/**
 * Whether `text` has a compound ending (`straße`, `weg`, `dreef`…, first letter in either case, as `anyCase`
 * writes it in the anchor) just before `index`, where whitespace before a digit starts: the anchor's
 * `(?:endings)\s+\d`, whose `\s+` can only start where the run of whitespace does.
 */
function compoundEndsAt(text: string, index: number): boolean {
  for (const [lower, upper, rest] of compoundEndingsByLast.get(text.charAt(index - 1)) ?? []) {
    const start = index - rest.length - 1;
    if (start < 0 || !text.startsWith(rest, start + 1)) continue;
    const first = text.charAt(start);
    if (first === lower || first === upper) return true;
  }
  return false;
}

const letter = /^\p{L}$/u;
const upperCaseLetter = /^\p{Lu}$/u;

/**
 * Whether the characters just before `index` (where whitespace before a digit starts), back to the first one
 * outside `[\p{L}'’.-]`, include a capital letter: the weak anchor's `\p{Lu}[\p{L}'’.-]*\s+\d`, read by code
 * point as the `u` pattern reads it.
 */
function capitalBefore(text: string, index: number): boolean {
  let at = index;
  while (at > 0) {
    let code = text.charCodeAt(at - 1);
    let width = 1;
    if (code < 128) {
      if (code >= 65 && code <= 90) return true;
      if ((code >= 97 && code <= 122) || code === 39 || code === 46 || code === 45) {
        at -= 1;
        continue;
      }
      return false;
    }
    if (code === 0x2019) {
      at -= 1;
      continue;
    }
    if (code >= 0xdc00 && code <= 0xdfff && at > 1) {
      const high = text.charCodeAt(at - 2);
      if (high >= 0xd800 && high <= 0xdbff) {
        code = text.codePointAt(at - 2) ?? code;
        width = 2;
      }
    }
    const character = String.fromCodePoint(code);
    if (upperCaseLetter.test(character)) return true;
    if (!letter.test(character)) return false;
    at -= width;
  }
  return false;
}

/**
 * The anchors, each with a gate: a cheap test that every match of the anchor must pass, so that the anchor
 * (tried at every position, with backtracking over letter runs) runs only on texts where it could match. A
 * text that fails a gate cannot match that anchor anywhere; when it passes, the anchor runs over the whole
 * text as before, so the spans found are the same. Each gate tests for a piece written in the anchor's pattern.
 */
const anchors: Array<{ pattern: RegExp; gate?: (text: string, shape: Shape) => boolean }> = [
  // 18 Harbour Lane, 8 wressle road, 6821 1st ave, 40 33 Avenue. Gate: the house number and `\s+`.
  {
    pattern: new RegExp(
      `(?<![\\w.,$€£-])${houseNumber}(?:\\s+\\d{1,6})?\\s+(?:${nameWord}\\s+){0,3}(?:${streetWords})\\b\\.?`,
      'giu',
    ),
    gate: (_, shape) => shape.digitSpace,
  },
  // Hulsterdreef 100, Brucker Bundesstrasse 31, 98 Grote Baan 477, hochstrasse 63.
  // Gate: a compound ending followed by `\s+` and a digit.
  {
    pattern: new RegExp(
      `(?<![\\w-])(?:${houseNumber}\\s+)?(?:\\p{Lu}[\\p{L}'.-]*\\s+){0,3}[\\p{L}-]*(?:${anyCase(compoundEndings)})\\s+\\d{1,5}[a-zA-Z]?\\b`,
      'gu',
    ),
    gate: (text, shape) => shape.spaceBeforeDigit.some((index) => compoundEndsAt(text, index)),
  },
  // Via Raffaele Conforti 74, 47 Ctra. Bailén-Motril 84, Avenue Millies Lacroix (after a number).
  // Gate: a prefix word then whitespace, and a house number then `\s+` (first alternative) or `\s+` then a
  // number (second alternative).
  {
    pattern: new RegExp(
      `(?<![\\w-])(?:(?:${houseNumber}\\s+)(?:${anyCase(prefixWords)})\\s+(?:(?:\\p{Lu}[\\p{L}'.-]*|de|la|del|di|da|des|du|dos|das|le)\\s*){1,4}(?:\\d{1,5}[a-zA-Z]?\\b)?|(?:${anyCase(prefixWords)})\\s+(?:(?:\\p{Lu}[\\p{L}'.-]*|de|la|del|di|da|des|du|dos|das|le)\\s+){1,4}\\d{1,5}[a-zA-Z]?\\b)`,
      'gu',
    ),
    gate: (text, shape) => (shape.digitSpace || shape.spaceBeforeDigit.length > 0) && prefixGate.test(text),
  },
  // PO boxes and military addresses: a number after `\s+`.
  {
    pattern: /\b(?:P\.? ?O\.? ?Box|PO Box|Post Office Box)\s+\d{1,6}\b/gi,
    gate: (_, shape) => shape.spaceBeforeDigit.length > 0,
  },
  {
    pattern: /\b(?:PSC|CMR|Unit)\s+\d{3,5},?\s+Box\s+\d{3,5}\b/g,
    gate: (_, shape) => shape.spaceBeforeDigit.length > 0,
  },
  { pattern: /\b(?:APO|FPO|DPO)\s+(?:AA|AE|AP)\s+\d{5}\b/g, gate: (_, shape) => shape.spaceBeforeDigit.length > 0 },
  { pattern: /\b(?:USNS|USS|USNV|USCGC)\s+\p{Lu}\p{L}+\b/gu },
  // Austin, TX 78701. Gate: `, ST 12345` (the words before it are tried at every letter, so this saves most).
  {
    pattern: new RegExp(
      `\\b\\p{L}[\\p{L}.'-]*(?:\\s\\p{L}[\\p{L}.'-]*){0,2},\\s*(?:${states})\\s+\\d{5}(?:-\\d{4})?\\b`,
      'gu',
    ),
    gate: (text, shape) => shape.spaceBeforeDigit.length > 0 && upperStateGate.test(text),
  },
  // austin, tx 78701. Gate as above.
  {
    pattern: new RegExp(
      `\\b\\p{L}[\\p{L}.'-]*(?:\\s\\p{L}[\\p{L}.'-]*){0,2},\\s*(?:${states.toLowerCase()})\\s+\\d{5}(?:-\\d{4})?\\b`,
      'gu',
    ),
    gate: (text, shape) => shape.spaceBeforeDigit.length > 0 && lowerStateGate.test(text),
  },
];
// A street name and number without a street word (`Kromwater 38`, `92 Eusebio Dávila 57`): an address only if
// a unit, a postcode or two more address lines follow it.
const weakAnchor = new RegExp(
  `(?<![\\w-])(?:${houseNumber}\\s+)?(?:\\p{Lu}[\\p{L}'’.-]*\\s+|(?:de|la|del|di|da|van|von|der)\\s+){0,3}\\p{Lu}[\\p{L}'’.-]*\\s+\\d{1,5}[a-zA-Z]?\\b`,
  'gu',
);
const corner = /\bcorner\s+of\s+([^\n,.;!?{}<>[\]]{2,40}?)\s+and\s+([^\n,;!?{}<>[\]]{2,40}?)(?=[.,;!?\n]|$)/dgi;
const cue =
  /\b(?:address(?:\s+(?:is|to|with|as))?|addr\.?|zip(?:\s*code)?(?:\s+is)?|post(?:al)?\s*code(?:\s+is)?|ship(?:ped)?\s+(?:it\s+)?to|send\s+(?:it\s+)?to|sent\s+to|deliver(?:ed)?\s+to|live\s+at|lives\s+at|living\s+at|located\s+at|reside\s+at|meet\s+me\s+at|office\s+is\s+at)\s*[:-]?\s*/gi;

const trailingWords = new RegExp(`(?:[\\s,]+(?!(?:${streetWords})\\b)\\p{Ll}+)+$`, 'u');

interface Span {
  start: number;
  end: number;
}

function matches(text: string, pattern: RegExp): Span[] {
  const spans: Span[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    spans.push({ start: match.index, end: match.index + match[0].replace(/\s+$/, '').length });
  }
  return spans;
}

function cornerSpans(text: string): Span[] {
  const spans: Span[] = [];
  corner.lastIndex = 0;
  for (let match = corner.exec(text); match !== null; match = corner.exec(text)) {
    const left = match[1] ?? '';
    const right = match[2] ?? '';
    if (left.split(/\s+/).length > 4 || right.split(/\s+/).length > 4) continue;
    spans.push({ start: match.indices?.[1]?.[0] ?? match.index, end: match.index + match[0].length });
  }
  return spans;
}

function cueSpans(text: string): Span[] {
  const spans: Span[] = [];
  cue.lastIndex = 0;
  for (let match = cue.exec(text); match !== null; match = cue.exec(text)) {
    const start = match.index + match[0].length;
    const rest = /^(?:\d[^\n!?]{2,60}?(?=\.?\s*(?:$|\n|[.!?]\s))|\d{4,6}\b|\p{Lu}[^\n.!?]{2,60}\d[\w-]*)/u.exec(
      text.slice(start),
    );
    if (rest === null) continue;
    // "ship it to 18 Harbour Lane please": trailing lower-case words that are not street words are not the address.
    const segment = rest[0].replace(/[\s,]+$/, '').replace(trailingWords, '');
    if (segment.split(/\s+/).length > 9 || !/\d/.test(segment)) continue;
    spans.push({ start, end: start + segment.length });
  }
  return spans;
}

/** Merges spans that overlap or are separated only by spaces or a comma. */
function merge(text: string, spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && (span.start <= last.end || /^[ ,]*$/.test(text.slice(last.end, span.start)))) {
      last.end = Math.max(last.end, span.end);
    } else {
      merged.push({ ...span });
    }
  }
  return merged;
}

export function recognizeAddresses(text: string): Candidate[] {
  if (!/\d|corner/i.test(text)) return [];
  const shape = shapeOf(text);
  const spans: Span[] = [];
  for (const { pattern, gate } of anchors) {
    if (gate === undefined || gate(text, shape)) append(spans, matches(text, pattern));
  }
  append(append(spans, cornerSpans(text)), cueSpans(text));
  // Every match of the weak anchor ends in a capitalised word, `\s+` and a digit.
  const weak = shape.spaceBeforeDigit.some((index) => capitalBefore(text, index)) ? matches(text, weakAnchor) : [];
  for (const span of weak) {
    const extension = extendAddress(text, span.end);
    if (extension.distinctive || extension.pieces >= 2) spans.push(span);
  }
  if (spans.length === 0) return [];
  const blocks = merge(text, spans).map((span) => ({ start: span.start, end: extendAddress(text, span.end).end }));
  return merge(text, blocks).map((span) => ({
    kind: 'address',
    start: span.start,
    end: span.end,
    normalized: `address:${text
      .slice(span.start, span.end)
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((part) => part.length > 0)
      .join(' ')}`,
  }));
}
