import type { Candidate } from './candidate.js';
import { type Lexicon, lexicon } from './lexicon.js';
import { adjacent, type Token, tokenize } from './tokens.js';

/**
 * Person names, found without a model, from compromise's lexicon and the words around a name:
 * - a capitalised first name and the capitalised words after it (`Olivia Schmitt`, `Szabina J Gelencsér`), or a
 *   known last name in mid-sentence (`the Schmitz novel`), taking in a capitalised word just before
 *   (`Crystal Minh`);
 * - the words after an honorific (`Ms. Wijtze`, `mr. martin`; the honorific itself is not part of the name);
 * - the words after a strong cue, in any case (`my name is tracy sukhorukova`, `Name: Allen Akhtakhanov`);
 * - an unknown capitalised word that the context makes a person: a greeting or thanks (`Thanks, Crystal!`),
 *   `I'm` / `this is`, a verb of people around it (`Kelvin is from`, `tell Alterio`, `Liam's address`).
 * A name followed by a company suffix (`Ltd`, `PLC`, `& Associates`) is a company and is dropped.
 * Normalized `person:` + lowercase with single spaces.
 */

const honorifics = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'madam', 'dame', 'mister']);
const particles = new Set('van von de der den da di du del della dos la le bin al ter ten'.split(' '));
const strongCue = /\b(?:my name is|my name's|name is|name:|name|named|call me|dear|signed|regards,|sincerely,)\s*$/i;
// Words after a capitalised word that the word is a person: "Kelvin is from", "Alterio was a", "Klimek shouted".
const personVerbAfter =
  /^(?:'s\s+(?:address|account|order|email|phone|number|name|card|wife|husband|son|daughter|mother|father|partner)\b|\s+(?:is|was)\s+(?:from|a|an|very|so|not|my|your|our|the)\b|\s+(?:said|says|told|asked|shouted|replied|wrote|called|emailed|had given|has given|gave|lives|lived|works|worked|wants|wanted|needs|needed)\b)/;
const vocative =
  /\b(?:hi|hello|hey|dear|(?:thanks|thank you)(?: so much| very much| again)?|bye|goodbye|welcome|sorry)[,!]?\s*$/i;
const personVerbBefore =
  /\b(?:tell|told|asked|ask|thank|met|meet|gave|given|starring|directed by|married|named|call|email|emailed|message|messaged|shouted at|spoke to|talk to|talked to)\s+$/i;
const organisation =
  /^\s*(?:,\s*)?(?:ltd|plc|llc|inc|corp|co|gmbh|ag|sa|bv|group|associates|holdings|partners|research|labs|technologies|&)\b/i;
const weakCue =
  /\b(?:i am|i'm|this is|hi|hello|hey|thanks|thank you|cheers|contact|ask for|speak (?:to|with)|spoke (?:to|with))[,:]?\s*$/i;
const stop = new Set(
  (
    'and or but the a an i is am are was from at in on to of for with please here my your it not calling ' +
    'speaking writing looking trying having sorry happy glad ok okay yes no so very just also still going ' +
    'good fine hi hello hey dear welcome thanks thank call ask tell email contact let have meet see dr mr ' +
    'mrs ms'
  ).split(' '),
);

function nameLike(token: Token, list: Lexicon): boolean {
  if (!token.capitalised || stop.has(token.lower) || list.places.has(token.lower)) return false;
  return !list.words.has(token.lower) || token.text.length === 1;
}

/** Extends a name from `index` over following capitalised words, initials and particles (at most four words). */
function extend(text: string, tokens: Token[], index: number, list: Lexicon, lowerAllowed: boolean): number {
  let last = index;
  for (let next = index + 1; next < tokens.length && next - index < 4; next += 1) {
    const token = tokens[next];
    const previous = tokens[next - 1];
    if (token === undefined || previous === undefined || !adjacent(text, previous, token)) break;
    const known = list.lastNames.has(token.lower) || list.firstNames.has(token.lower) || list.places.has(token.lower);
    if (nameLike(token, list) || (token.capitalised && known)) {
      if (!token.capitalised && !lowerAllowed) break;
      last = next;
    } else if (
      lowerAllowed &&
      /^\p{Ll}+$/u.test(token.text) &&
      !stop.has(token.lower) &&
      !list.words.has(token.lower)
    ) {
      last = next;
    } else if (particles.has(token.lower) && tokens[next + 1]?.capitalised) {
    } else {
      break;
    }
  }
  return last;
}

/** After `Mr`, `Dr`…: a capitalised word, or a lower-case one when a period marks the title (`mr. martin`). */
function honoured(text: string, title: Token, next: Token, list: Lexicon): boolean {
  if (next.capitalised) return true;
  return text.charAt(title.end) === '.' && !stop.has(next.lower) && !list.words.has(next.lower);
}

/** An unknown capitalised word is a name where the words around it say so. */
function contextSaysPerson(text: string, token: Token, before: string): boolean {
  // A greeting or thanks addressed to someone: "Thanks, Crystal!", "Hi Penny,".
  if (vocative.test(before) && /^\s*(?:[!,.?]|$)/.test(text.slice(token.end, token.end + 2))) return true;
  if (weakCue.test(before) || personVerbBefore.test(before)) return true;
  return personVerbAfter.test(text.slice(token.end, token.end + 24));
}

/** Takes in a capitalised word just before a name (`Crystal Minh`), unless it is a function word or title. */
function extendLeft(text: string, tokens: Token[], index: number): number {
  const previous = tokens[index - 1];
  const token = tokens[index];
  if (previous === undefined || token === undefined || !previous.capitalised || !adjacent(text, previous, token)) {
    return index;
  }
  if (
    stop.has(previous.lower) ||
    honorifics.has(previous.lower) ||
    isAllCaps(previous) ||
    !/^\p{L}+$/u.test(previous.text)
  ) {
    return index;
  }
  return index - 1;
}

function isAllCaps(token: Token): boolean {
  return token.text.length > 1 && token.text === token.text.toUpperCase();
}

function toCandidate(tokens: Token[], from: number, to: number, text: string): Candidate | undefined {
  const first = tokens[from];
  const last = tokens[to];
  if (first === undefined || last === undefined) return undefined;
  const name = text.slice(first.start, last.end).toLowerCase().replace(/\s+/g, ' ');
  return { kind: 'person', start: first.start, end: last.end, normalized: `person:${name}` };
}

export function recognizePeople(text: string): Candidate[] {
  if (!/\p{Lu}/u.test(text) && !/name|dear|\b(?:mrs?|ms|miss|mx|dr|prof)\b/i.test(text)) return [];
  const list = lexicon();
  const tokens = tokenize(text);
  const found: Candidate[] = [];
  let index = 0;
  while (index < tokens.length) {
    const token = tokens[index];
    if (token === undefined) break;
    const next = tokens[index + 1];
    const before = text.slice(Math.max(0, token.start - 24), token.start);
    let end = -1;
    let from = index;
    if (
      honorifics.has(token.lower) &&
      next !== undefined &&
      adjacent(text, token, next) &&
      honoured(text, token, next, list)
    ) {
      from = index + 1;
      end = extend(text, tokens, from, list, !next.capitalised);
    } else if (
      strongCue.test(before) &&
      !stop.has(token.lower) &&
      (token.capitalised || !list.words.has(token.lower))
    ) {
      end = extend(text, tokens, index, list, !token.capitalised);
    } else if (isAllCaps(token)) {
      end = -1;
    } else if (token.capitalised && list.firstNames.has(token.lower)) {
      end = extend(text, tokens, index, list, false);
    } else if (token.capitalised && !token.sentenceStart && list.lastNames.has(token.lower)) {
      end = extend(text, tokens, index, list, false);
    } else if (
      (nameLike(token, list) || vocative.test(before)) &&
      token.capitalised &&
      token.text.length > 1 &&
      /^\p{L}+$/u.test(token.text) &&
      contextSaysPerson(text, token, before)
    ) {
      end = extend(text, tokens, index, list, false);
    }
    const last = tokens[end];
    if (last !== undefined && organisation.test(text.slice(last.end, last.end + 16))) end = -1;
    if (end >= from && from === index && !honorifics.has(tokens[from - 1]?.lower ?? '')) {
      from = extendLeft(text, tokens, from);
      const previousFound = found[found.length - 1];
      if (previousFound !== undefined && (tokens[from]?.start ?? 0) < previousFound.end) from = index;
    }
    if (end >= from) {
      const candidate = toCandidate(tokens, from, end, text);
      if (candidate !== undefined) found.push(candidate);
      index = end + 1;
    } else {
      index += 1;
    }
  }
  return found;
}
