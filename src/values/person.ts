import type { Candidate } from './candidate.js';
import { isContraction, isSlip, type Lexicon, lexicon } from './lexicon.js';
import { chatPeople } from './person-chat.js';
import { addModelNames } from './person-model/combine.js';
import { personModel } from './person-model/tagger.js';
import { isProductNoun } from './product-nouns.js';
import { isAsciiSpace } from './scan.js';
import { type Token, tokenize } from './tokens.js';
import type { DetectOptions } from './value.js';

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

const honorifics = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'madam', 'madame', 'dame', 'mister']);
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
  /^\s*(?:,\s*)?(?:ltd|plc|llc|inc|corp|co|gmbh|ag|sa|bv|group|associates|holdings|partners|research|labs|technologies|&|customer (?:service|support|care)|support|team|store|shop|brands?|company)\b/i;
/** A name followed by a state code or a state is a place (`San Mateo, TX`); one after "live in" too. */
const placeAfter =
  /^,?\s+(?:(?!MD|DO|II|IV|JR|SR|RN)[A-Z]{2}\b|(?:[Aa]labama|[Aa]laska|[Aa]rizona|[Aa]rkansas|[Cc]alifornia|[Cc]olorado|[Cc]onnecticut|[Dd]elaware|[Ff]lorida|[Gg]eorgia|[Hh]awaii|[Ii]daho|[Ii]llinois|[Ii]ndiana|[Ii]owa|[Kk]ansas|[Kk]entucky|[Ll]ouisiana|[Mm]aine|[Mm]aryland|[Mm]assachusetts|[Mm]ichigan|[Mm]innesota|[Mm]ississippi|[Mm]issouri|[Mm]ontana|[Nn]ebraska|[Nn]evada|[Oo]hio|[Oo]klahoma|[Oo]regon|[Pp]ennsylvania|[Tt]ennessee|[Tt]exas|[Uu]tah|[Vv]ermont|[Vv]irginia|[Ww]ashington|[Ww]isconsin|[Ww]yoming)\b)/;
const placeBefore = /\b(?:in|live in|living|located in|moved to|move to|near|based in)\s+$/i;
/** A price right after a name: `$94`, `for $94`, `at 15 dollars` (a person is not sold; `Ann costs $8` may be a sentence). */
const priceAfter = /^\s*(?:(?:for|at)\s+)?(?:[$€£]\s?\d|\d+(?:\.\d+)?\s*(?:dollars|usd|euros?|pounds)\b)/i;
/** A turn that asks which brand (`what brand of jeans?`, `is there a specific brand…?`). */
const asksBrand = /\b(?:which|what|specific|favou?rite|any)\b[^.!?]*\bbrands?\b|\bbrands?\b[^.!?]*\?/i;
/** A name ending in one of these is a street (`Primrose Ave`). */
const streetSuffix = /^(?:ave|avenue|street|st|road|rd|lane|ln|blvd|boulevard|way|court|ct|place|pl|terrace|drive)$/i;
/** A brand, by its label or the way it is written: `Brand: Calvin_Klein`, `Tommy_Hilfiger`. */
const brandBefore = /\bbrand\s*(?:name)?\s*(?:is|:|=|-)?\s*$/i;
const weakCue =
  /\b(?:i am|i'm|this is|hi|hello|hey|thanks|thank you|cheers|contact|ask for|speak (?:to|with)|spoke (?:to|with))[,:]?\s*$/i;
const stop = new Set(
  (
    'and or but the a an i is am are was from at in on to of for with please here my your it not calling ' +
    'speaking writing looking trying having sorry happy glad ok okay yes no so very just also still going ' +
    'good fine hi hello hey dear welcome thanks thank call ask tell email contact let have meet see dr mr ' +
    'mrs ms what who whom whose where when why how which there this that these those ' +
    "i'll i'm i'd i've you're you'll you've we're we'll it's that's there's let's can't don't won't " +
    'username email address phone number account order id password pin zip code alright okay sure yeah now can ' +
    'do you appreciate ty tysm thx thnx np pls plz lol omg idk btw'
  ).split(' '),
);

function nameLike(token: Token, list: Lexicon): boolean {
  if (!token.capitalised || stop.has(token.lower) || list.places.has(token.lower) || isContraction(token.lower)) {
    return false;
  }
  if (/\d/.test(token.text) || (token.text.length > 1 && isAllCaps(token))) return false;
  return token.text.length === 1 || (!list.words.has(token.lower) && !isSlip(token.lower, list));
}

/** A first name: compromise's, or a common one (stdlib's lists) that is no ordinary word. */
function isFirstName(token: Token, list: Lexicon): boolean {
  return list.firstNames.has(token.lower) || (list.commonFirstNames.has(token.lower) && !list.words.has(token.lower));
}

/** A first name that may stand alone at a sentence's start: compromise's, or one that is no English word. */
function strongFirstName(token: Token, list: Lexicon): boolean {
  const lower = token.lower;
  return list.firstNames.has(lower) || !(list.words.has(lower) || list.englishWords.has(lower));
}

/** Glued to another word by `_` (`Calvin_Klein`, `first_name`): part of an identifier, not a name. */
function glued(text: string, token: Token): boolean {
  return text.charCodeAt(token.start - 1) === 95 || text.charCodeAt(token.end) === 95;
}

/**
 * Two name words next to each other: one space, or a period after an initial (`Maren K. Lindqvist`). A period after
 * a longer word ends a sentence ("David. I'll"), and two spaces separate the fields of a pasted form.
 */
function adjacent(text: string, left: Token, right: Token): boolean {
  const between = text.slice(left.end, right.start);
  if (between === ' ') return true;
  return between === '. ' && (left.end - left.start === 1 || honorifics.has(left.lower));
}

/** Extends a name from `index` over following capitalised words, initials and particles (at most four words). */
function extend(text: string, tokens: Token[], index: number, list: Lexicon, lowerAllowed: boolean): number {
  let last = index;
  for (let next = index + 1; next < tokens.length && next - index < 4; next += 1) {
    const token = tokens[next];
    const previous = tokens[next - 1];
    if (token === undefined || previous === undefined || !adjacent(text, previous, token) || glued(text, token)) break;
    if (/\d/.test(token.text)) break;
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
  if (stop.has(next.lower) || (next.text.length > 1 && isAllCaps(next))) return false;
  if (next.capitalised) return true;
  return text.charAt(title.end) === '.' && !stop.has(next.lower) && !list.words.has(next.lower);
}

/** A greeting or thanks addressed to someone: "Thanks, Crystal!", "Hi Penny,". */
function addressed(text: string, token: Token, before: string): boolean {
  return (
    mayBeVocative(before) && vocative.test(before) && /^\s*(?:[!,.?]|$)/.test(text.slice(token.end, token.end + 2))
  );
}

/** An unknown capitalised word is a name where the words around it say so. */
function contextSaysPerson(text: string, token: Token, before: string): boolean {
  if (addressed(text, token, before)) return true;
  if (weakCue.test(before) || personVerbBefore.test(before)) return true;
  return personVerbAfter.test(text.slice(token.end, token.end + 24));
}

/** Takes in a capitalised word just before a name (`Crystal Minh`), unless it is a function word or title. */
function extendLeft(text: string, tokens: Token[], index: number, list: Lexicon): number {
  const previous = tokens[index - 1];
  const token = tokens[index];
  if (previous === undefined || token === undefined || !previous.capitalised || !adjacent(text, previous, token)) {
    return index;
  }
  if (
    stop.has(previous.lower) ||
    honorifics.has(previous.lower) ||
    isAllCaps(previous) ||
    !/^\p{L}+$/u.test(previous.text) ||
    glued(text, previous) ||
    (list.words.has(previous.lower) && !list.commonFirstNames.has(previous.lower))
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
  if (last !== undefined && isProductNoun(last.text)) return true;
  // "Calvin Klein boots", "Tommy hilifger jeans": a product noun one or two words on.
  for (let ahead = end + 1; ahead <= end + 2; ahead += 1) {
    const next = tokens[ahead];
    const previous = tokens[ahead - 1];
    if (next === undefined || previous === undefined || !/^ {1,2}$/.test(text.slice(previous.end, next.start))) {
      return false;
    }
    if (isProductNoun(next.text)) return true;
  }
  return false;
}

/**
 * What is around a name that makes it no person: a company word after it (`Acme customer support`, `Initech Ltd`),
 * a product noun (`Calvin Klein boots`), a state (`San Mateo, TX`); before it, an article (`the Tommy Hilfiger`), a
 * brand label (`Brand: Calvin Klein`), "live in", or a product and "by" or "from" (`a jacket by Calvin Klein`); or the
 * name is a place (`Washington`, `New York`) or a street (`Primrose Ave`).
 */
function notAPerson(
  text: string,
  tokens: Token[],
  from: number,
  end: number,
  list: Lexicon,
  brandAsked = false,
): boolean {
  const first = tokens[from];
  const last = tokens[end];
  if (first === undefined || last === undefined) return true;
  const after = text.slice(last.end, last.end + 24);
  if (organisation.test(after) || placeAfter.test(after) || namesProduct(text, tokens, end)) return true;
  // A name before a price is a brand and what it costs (`… for $94`); one before `ones` is a thing (`the … ones`).
  if (priceAfter.test(after) || /^\s+ones?\b/i.test(after)) return true;
  const before = text.slice(Math.max(0, first.start - 24), first.start);
  // The answer to "which brand?" names a brand, unless it says a name comes (`my name is …`).
  if (brandAsked && !strongCue.test(before) && !weakCue.test(before)) return true;
  // After a postcode comes a town (`00184 Roma`).
  if (placeBefore.test(before) || brandBefore.test(before) || /\b\d{4,6}\s+$/.test(before)) return true;
  // "not the Tommy Hilfiger": a name with an article that closes the clause is a thing ("the Takuda novel" goes on).
  if (/\b(?:a|an|the)\s+$/i.test(before) && /^\s*(?:[.!?,;]|$)/.test(after)) return true;
  const by = /\b(\p{L}+)\s+(?:by|from)\s+$/iu.exec(before)?.[1];
  if (by !== undefined && isProductNoun(by)) return true;
  if (streetSuffix.test(last.text)) return true;
  const previous = tokens[from - 1];
  if (previous !== undefined && list.places.has(`${previous.lower} ${first.lower}`)) return true;
  const name = text.slice(first.start, last.end).toLowerCase();
  // After a title a place's name is a surname (`Mr. Phoenix`).
  const titled = previous !== undefined && honorifics.has(previous.lower);
  return list.places.has(name) && !list.firstNames.has(name) && !titled;
}

/**
 * Every alternative of `strongCue` contains one of these strings (same flags), so a text without any of them
 * cannot satisfy `strongCue` in any window: the per-token test is skipped for the whole text.
 */
const strongCueGate = /name|call me|dear|signed|regards,|sincerely,/i;

/**
 * Every lower-case name has one of these words before it (see person-chat.ts and `strongCue`), or answers a turn
 * that asks for a name: a text in lower case without any of them holds no name.
 */
const lowerCaseGate =
  /name|dear|call me|\b(?:mrs?|ms|miss|mx|dr|prof|it'?s|its|it’s|it is|this is|i'?m|i’m|i am|hi|hello|hey|thanks|thank|problem|sure|ok|okay|alright|great|welcome|sorry|bye|goodbye)\b/i;

export function recognizePeople(text: string, options: DetectOptions = {}): Candidate[] {
  const answersName = options.previous !== undefined && /name|who am i/i.test(options.previous);
  const brandAsked = options.previous !== undefined && asksBrand.test(options.previous);
  // A text in lower case with no cue is left to the tagger alone (and is passed over without one).
  const cued = /\p{Lu}/u.test(text) || answersName || lowerCaseGate.test(text);
  if (!cued && personModel() === null) return [];
  const list = lexicon();
  const tokens = tokenize(text);
  const combine = (found: Candidate[]) =>
    addModelNames({
      text,
      tokens,
      list,
      found,
      isFiller: (token) => honorifics.has(token.lower) || stop.has(token.lower),
      rejects: (from, end) => notAPerson(text, tokens, from, end, list, brandAsked),
      toCandidate: (from, end) => toCandidate(tokens, from, end, text),
    });
  if (!cued) return combine([]);
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
    } else if (glued(text, token) || /\d/.test(token.text) || brandBefore.test(before)) {
      end = -1;
    } else if (isFirstName(token, list)) {
      end = extend(text, tokens, index, list, false);
      // A sentence's first word that is an English word and only in the long lists of given names (`Corny, …`) is
      // a name only with a surname or another name after it.
      if (end === index && token.sentenceStart && !strongFirstName(token, list)) end = -1;
    } else if (!token.sentenceStart && list.lastNames.has(token.lower)) {
      end = extend(text, tokens, index, list, false);
    } else if (
      token.text.length > 1 &&
      !stop.has(token.lower) &&
      /^\p{L}+$/u.test(token.text) &&
      (nameLike(token, list)
        ? contextSaysPerson(text, token, before)
        : list.commonFirstNames.has(token.lower) && addressed(text, token, before))
    ) {
      end = extend(text, tokens, index, list, false);
    }
    if (end >= from && from === index && !honorifics.has(tokens[from - 1]?.lower ?? '')) {
      from = extendLeft(text, tokens, from, list);
      const previousFound = found[found.length - 1];
      if (previousFound !== undefined && (tokens[from]?.start ?? 0) < previousFound.end) from = index;
    }
    if (end >= from && notAPerson(text, tokens, from, end, list, brandAsked)) end = -1;
    if (end >= from) {
      const candidate = toCandidate(tokens, from, end, text);
      if (candidate !== undefined) found.push(candidate);
      index = end + 1;
    } else {
      index += 1;
    }
  }
  const chat = chatPeople(text, tokens, list, options.previous);
  for (const candidate of chat) {
    const from = tokens.findIndex((token) => token.start === candidate.start);
    const end = tokens.findIndex((token) => token.end === candidate.end);
    if (from >= 0 && end >= from && !notAPerson(text, tokens, from, end, list, brandAsked)) found.push(candidate);
  }
  return combine(found);
}
