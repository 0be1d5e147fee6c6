import type { Candidate } from './candidate.js';
import { isContraction, isOrdinaryWord, type Lexicon } from './lexicon.js';
import type { Token } from './tokens.js';

/**
 * Names as people type them in chat, in any case, where the words around them say a name comes:
 * - the answer to a turn that asks for a name ("may I have your full name?" → `sanya afzal`, `yes its Chloe Zhang`);
 * - after "it's / this is / I'm / my name is" (`its albert sanders`), when the first word is a known first name;
 * - addressed to someone: after a greeting or thanks (`thank you sanya`, `hello chloe!`), or a known first name
 *   closing a clause in mid-sentence (`anything else today, Crystal?`).
 * Known names come from the gazetteers (see lexicon.ts); a word that is also an ordinary word (`crystal`, `will`)
 * is a name only when capitalised, or when a surname follows it. Normalized as in person.ts.
 */

/** A turn that asks for the customer's name (not a username or a file name). */
const asksName =
  /\b(?:full|first|last|your|the|account|a|customer'?s?)\s+name\b(?!\s*(?:of|for)\b)|\bname\s*\?|\bwho am i speaking/i;
/** Words an answer opens with before the name itself: `yes, it's`, `sure thing, my name is`. */
const answerFillers = new Set(
  (
    'yes yeah yep yup sure ok okay good great fine hi hello hey its it it’s is my name name’s names full ' +
    "this i’m i'm im i am sorry oh of course thing certainly absolutely sir no problem here you go the s"
  ).split(' '),
);
/** Words that end a name in an answer (`Sanya Afzal and my account id is …`). */
const fieldWords = new Set(
  (
    'and or but my your the a an account id order username user email e-mail mail phone number zip code ' +
    'address pin password membership member level i im it its is was please thanks thank you name ' +
    'from at in on with for to of by here there yes no not sure ok okay'
  ).split(' '),
);
/** Before a self-introduction: "it's", "this is", "I'm", "my name is". */
const selfCue =
  /(?:^|[^\p{L}])(?:it'?s|it’s|it is|this is|i'?m|i’m|i am|my name is|my name'?s|name is|call me)[,:]?\s+$/iu;
/** Before a name addressed to someone: greetings, thanks, and the replies that lead into a name. */
const vocativeCue =
  /(?:^|[^\p{L}])(?:hi|hello|hey|dear|thanks|thank you|thank you so much|thanks so much|no problem|sure thing|welcome|sorry|bye|goodbye|okay|ok|alright|great)[,!]?\s+$/iu;
/** Lower-case words in the name lists that people write to a group or a stranger: never a name there. */
const notVocative = new Set(
  (
    'guys bro dude man mate buddy folks sir maam madam all everyone team again lol so very much too anyway for ' +
    'ty thx tx np k kk lmao omg pls plz ur u yw gg hi hello hey bye thanks'
  ).split(' '),
);

/** The cue words of `selfCue` and `vocativeCue` with the spaces and marks after them, to find where a name may start. */
const cueEnds =
  /(?<![\p{L}'’])(?:it'?s|it’s|it is|this is|i'?m|i’m|i am|my name is|my name'?s|name is|call me|hi|hello|hey|dear|thanks|thank you|thank you so much|thanks so much|no problem|sure thing|welcome|sorry|bye|goodbye|okay|ok|alright|great)[,!:]?\s+/giu;

/** Before a first name that closes a clause: a comma, or a word a question or sentence ends with. */
const clauseEnd = /(?:\b(?:today|there|you|it|please|again|level|name|this|that|return|account|for|with|up|to)|,)\s*$/i;

/** An upper-case letter after the first character (a non-ASCII character counts, to be safe). */
function hasCapitalAfterFirst(text: string): boolean {
  for (let index = 1; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if ((code >= 65 && code <= 90) || code >= 128) return true;
  }
  return false;
}

/** After `end`, optional spaces and then `, . ! ? ; : )` or the end of the text. */
function closesClause(text: string, end: number): boolean {
  let index = end;
  while (text.charCodeAt(index) === 32) index += 1;
  if (index >= text.length) return true;
  const code = text.charCodeAt(index);
  // , . ! ? ; : ) and a line break
  return (
    code === 44 || code === 46 || code === 33 || code === 63 || code === 59 || code === 58 || code === 41 || code === 10
  );
}

function isLetters(token: Token): boolean {
  return /^\p{L}+(?:['’-]\p{L}+)*$/u.test(token.text);
}

function ordinary(lower: string, list: Lexicon): boolean {
  return isOrdinaryWord(lower, list);
}

/**
 * A name word: a known first name or surname (one that is also an ordinary word, `crystal`, only when
 * capitalised), or a word that is no ordinary word (`afzal`).
 */
function knownName(token: Token, list: Lexicon): boolean {
  const lower = token.lower;
  const named = list.commonFirstNames.has(lower) || list.lastNames.has(lower);
  if (ordinary(lower, list)) return named && token.capitalised;
  return named || (token.text.length > 2 && !/\d/.test(token.text));
}

/** A word that may stand in a name where a name is expected: known, or unknown and not an ordinary word. */
function mayBeName(token: Token, list: Lexicon): boolean {
  if (!isLetters(token) || fieldWords.has(token.lower) || answerFillers.has(token.lower)) return false;
  if (notVocative.has(token.lower) || isContraction(token.lower)) return false;
  if (token.text.length > 1 && token.text === token.text.toUpperCase() && /\p{L}{2}/u.test(token.text)) return false;
  return knownName(token, list) || (token.capitalised && !ordinary(token.lower, list));
}

/** Only spaces between two tokens (one or two: chat answers are not typeset). */
function spaced(text: string, left: Token, right: Token): boolean {
  return /^ {1,2}$/.test(text.slice(left.end, right.start));
}

/** The end of a run of name words from `from` (at most three), or -1. */
function nameRun(text: string, tokens: readonly Token[], from: number, list: Lexicon): number {
  let last = -1;
  for (let index = from; index < tokens.length && index - from < 3; index += 1) {
    const token = tokens[index];
    const previous = tokens[index - 1];
    if (token === undefined || !mayBeName(token, list)) break;
    if (index > from && (previous === undefined || !spaced(text, previous, token))) break;
    last = index;
  }
  return last;
}

function candidate(text: string, first: Token, last: Token): Candidate {
  const name = text.slice(first.start, last.end).toLowerCase().replace(/\s+/g, ' ');
  return { kind: 'person', start: first.start, end: last.end, normalized: `person:${name}` };
}

/** A run is a name when one of its words is a known name, or when all are capitalised. */
function convincing(tokens: readonly Token[], from: number, to: number, list: Lexicon): boolean {
  const run = tokens.slice(from, to + 1);
  return run.some((token) => knownName(token, list)) || run.every((token) => token.capitalised);
}

/** The name that answers a question for it: the first run of name words after the answer's opening fillers. */
function answeredName(text: string, tokens: readonly Token[], list: Lexicon): Candidate | undefined {
  let index = 0;
  while (index < tokens.length && index < 6 && answerFillers.has(tokens[index]?.lower ?? '')) index += 1;
  const first = tokens[index];
  if (first === undefined || index >= 6) return undefined;
  const end = nameRun(text, tokens, index, list);
  const last = tokens[end];
  if (last === undefined || !convincing(tokens, index, end, list)) return undefined;
  // The run must close the clause: an answer goes on with punctuation, a field, a number or nothing.
  const next = tokens[end + 1];
  const between = text.slice(last.end, next?.start ?? text.length);
  if (next !== undefined && /^ {1,2}$/.test(between) && !fieldWords.has(next.lower) && !/\d/.test(next.text)) {
    return undefined;
  }
  return candidate(text, first, last);
}

export function chatPeople(text: string, tokens: readonly Token[], list: Lexicon, previous?: string): Candidate[] {
  const found: Candidate[] = [];
  if (previous !== undefined && text.length <= 160 && /name|speaking/i.test(previous) && asksName.test(previous)) {
    const answer = answeredName(text, tokens, list);
    if (answer !== undefined) found.push(answer);
  }
  // Where a word follows a cue: the greetings and self-introductions end there (both patterns allow only spaces,
  // `,`, `!` or `:` between the cue and the name), so only the words at these offsets, and capitalised words
  // in mid-sentence, are looked at.
  const afterCue = new Set<number>();
  cueEnds.lastIndex = 0;
  for (let match = cueEnds.exec(text); match !== null; match = cueEnds.exec(text)) {
    afterCue.add(match.index + match[0].length);
  }
  const mayClose = hasCapitalAfterFirst(text);
  if (afterCue.size === 0 && !mayClose) return found;
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index];
    if (token === undefined || (found.length > 0 && token.start < (found.at(-1)?.end ?? 0))) continue;
    if (!afterCue.has(token.start) && (!token.capitalised || token.sentenceStart)) continue;
    // Set lookups first: most words are no name of any list, and are passed over without a slice or a pattern.
    const lower = token.lower;
    const firstName = list.commonFirstNames.has(lower);
    const capitalised = token.capitalised;
    // A word of no first-name list can only be a name addressed to someone, closing its clause (`thank you sanya!`).
    if (!firstName && (capitalised || !closesClause(text, token.end) || ordinary(lower, list))) continue;
    if (!isLetters(token)) continue;
    const before = text.slice(Math.max(0, token.start - 24), token.start);
    const after = text.slice(token.end, token.end + 2);
    let end = -1;
    if (!capitalised && firstName && selfCue.test(before)) {
      // "its albert sanders": a first name, and the surnames after it.
      const run = nameRun(text, tokens, index, list);
      const surname = tokens[index + 1];
      if (!ordinary(lower, list) || (run > index && surname !== undefined && knownName(surname, list))) end = run;
    } else if (
      /^\s*(?:[,.!?;:)]|$)/.test(after) &&
      !notVocative.has(lower) &&
      (capitalised || firstName || list.lastNames.has(lower) || (lower.length > 3 && !ordinary(lower, list))) &&
      vocativeCue.test(before)
    ) {
      // "thank you sanya", "Sure thing Crystal!"
      end = index;
    } else if (capitalised && !token.sentenceStart && /^\s*(?:[.!?]|,\s|$)/.test(after) && clauseEnd.test(before)) {
      // "anything else today, Crystal?": a first name closing a question or a sentence.
      end = index;
    }
    const last = tokens[end];
    if (end >= index && last !== undefined) {
      found.push(candidate(text, token, last));
      index = end;
    }
  }
  return found;
}
