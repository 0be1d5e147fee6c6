import type { Candidate } from './candidate.js';
import { type Lexicon, lexicon } from './lexicon.js';
import { isProductNoun } from './product-nouns.js';
import { isAsciiSpace } from './scan.js';
import { adjacent, type Token, tokenize } from './tokens.js';

/**
 * Person names, found without a model, from compromise's lexicon and the words around a name:
 * - a capitalised first name and the capitalised words after it (`Olivia Schmitt`, `Maren K Lindqvist`), or a
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
/**
 * `honorifics.has(token.lower)`, answering most tokens from their first character without lower-casing them:
 * every honorific starts with d, m, p or s, so a token starting with any other ASCII character is none.
 */
function isHonorific(text: string, token: Token): boolean {
  const first = text.charCodeAt(token.start);
  if (
    first < 128 &&
    (first | 0x20) !== 100 &&
    (first | 0x20) !== 109 &&
    (first | 0x20) !== 112 &&
    (first | 0x20) !== 115
  ) {
    return false;
  }
  return honorifics.has(token.lower);
}
const particles = new Set('van von de der den da di du del della dos la le bin al ter ten'.split(' '));
const strongCue = /\b(?:my name is|my name's|name is|name:|name|named|call me|dear|signed|regards,|sincerely,)\s*$/i;
// Words after a capitalised word that the word is a person: "Kelvin is from", "Alterio was a", "Klimek shouted".
const personVerbAfter =
  /^(?:'s\s+(?:address|account|order|email|phone|number|name|card|wife|husband|son|daughter|mother|father|partner)\b|\s+(?:is|was)\s+(?:from|a|an|very|so|not|my|your|our|the)\b|\s+(?:said|says|told|asked|shouted|replied|wrote|called|emailed|had given|has given|gave|lives|lived|works|worked|wants|wanted|needs|needed)\b)/;
const vocative =
  /\b(?:hi|hello|hey|dear|(?:thanks|thank you)(?: so much| very much| again)?|bye|goodbye|welcome|sorry)[,!]?\s*$/i;
/**
 * Whether `vocative` can match `before`: it ends in a greeting word, an optional `,` or `!`, and whitespace, and
 * every greeting word ends in one of `i o y r s u h n e`. Looking back past ASCII whitespace and one `,` or
 * `!`, an ASCII character that is not one of those letters (in either case) rules the pattern out; anything
 * else is left to the pattern. Most capitalised words start a sentence, after a period: answered here.
 */
function mayBeVocative(before: string): boolean {
  let index = before.length - 1;
  while (index >= 0 && isAsciiSpace(before.charCodeAt(index))) index -= 1;
  if (index >= 0 && (before.charCodeAt(index) === 44 || before.charCodeAt(index) === 33)) index -= 1;
  if (index < 0) return false;
  const code = before.charCodeAt(index);
  if (code >= 128) return true;
  return vocativeEnds.includes(String.fromCharCode(code | 0x20));
}
const vocativeEnds = 'ioyrsuhne';
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
    'mrs ms what who whom whose where when why how which there this that these those'
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
  if (mayBeVocative(before) && vocative.test(before) && /^\s*(?:[!,.?]|$)/.test(text.slice(token.end, token.end + 2)))
    return true;
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
  if (token.end - token.start <= 1) return false;
  // No character's upper case has an ASCII lower-case letter in it, so a token with one (most often its second
  // character) is not all capitals: answered without slicing and upper-casing it.
  const second = token.source.charCodeAt(token.start + 1);
  if (second >= 97 && second <= 122) return false;
  return token.text === token.text.toUpperCase();
}

function toCandidate(tokens: Token[], from: number, to: number, text: string): Candidate | undefined {
  const first = tokens[from];
  const last = tokens[to];
  if (first === undefined || last === undefined) return undefined;
  const name = text.slice(first.start, last.end).toLowerCase().replace(/\s+/g, ' ');
  return { kind: 'person', start: first.start, end: last.end, normalized: `person:${name}` };
}

/**
 * A name that ends in a product noun or is followed by one is a brand and its product ("Calvin Klein Shirt",
 * "a Michael Kors bag").
 */
function namesProduct(text: string, tokens: Token[], end: number): boolean {
  const last = tokens[end];
  const next = tokens[end + 1];
  if (last !== undefined && isProductNoun(last.text)) return true;
  return last !== undefined && next !== undefined && adjacent(text, last, next) && isProductNoun(next.text);
}

/**
 * Every alternative of `strongCue` contains one of these strings (same flags), so a text without any of them
 * cannot satisfy `strongCue` in any window: the per-token test is skipped for the whole text.
 */
const strongCueGate = /name|call me|dear|signed|regards,|sincerely,/i;

export function recognizePeople(text: string): Candidate[] {
  if (!/\p{Lu}/u.test(text) && !/name|dear|\b(?:mrs?|ms|miss|mx|dr|prof)\b/i.test(text)) return [];
  const list = lexicon();
  const tokens = tokenize(text);
  const mayHaveStrongCue = strongCueGate.test(text);
  const found: Candidate[] = [];
  let index = 0;
  while (index < tokens.length) {
    const token = tokens[index];
    if (token === undefined) break;
    const next = tokens[index + 1];
    // The 24 characters before the token, for the cue patterns (each anchored at the window's end). Only the strong
    // cue is tested before a lower-case token, and only in a text that may have one: otherwise it is not sliced.
    const before = mayHaveStrongCue || token.capitalised ? text.slice(Math.max(0, token.start - 24), token.start) : '';
    let end = -1;
    let from = index;
    if (
      isHonorific(text, token) &&
      next !== undefined &&
      adjacent(text, token, next) &&
      honoured(text, token, next, list)
    ) {
      from = index + 1;
      end = extend(text, tokens, from, list, !next.capitalised);
    } else if (
      mayHaveStrongCue &&
      strongCue.test(before) &&
      !stop.has(token.lower) &&
      (token.capitalised || !list.words.has(token.lower))
    ) {
      end = extend(text, tokens, index, list, !token.capitalised);
    } else if (!token.capitalised) {
      // Every remaining branch needs a capitalised token (an all-caps one is not a name either).
      end = -1;
    } else if (isAllCaps(token)) {
      end = -1;
    } else if (list.firstNames.has(token.lower)) {
      end = extend(text, tokens, index, list, false);
    } else if (!token.sentenceStart && list.lastNames.has(token.lower)) {
      end = extend(text, tokens, index, list, false);
    } else if (
      token.text.length > 1 &&
      !stop.has(token.lower) &&
      (nameLike(token, list) || (mayBeVocative(before) && vocative.test(before))) &&
      /^\p{L}+$/u.test(token.text) &&
      contextSaysPerson(text, token, before)
    ) {
      end = extend(text, tokens, index, list, false);
    }
    // `end` is -1 when no name was found: test before indexing (`tokens[-1]` is a slow property lookup).
    const last = end >= 0 ? tokens[end] : undefined;
    if (last !== undefined && organisation.test(text.slice(last.end, last.end + 16))) end = -1;
    if (last !== undefined && namesProduct(text, tokens, end)) end = -1;
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
