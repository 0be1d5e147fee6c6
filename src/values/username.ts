import type { Candidate } from './candidate.js';
import { isOrdinaryWord, lexicon } from './lexicon.js';
import type { DetectOptions } from './value.js';

/**
 * Usernames and account handles: identifiers a person chose, private like their name. Found where the words
 * around them say so, never by shape alone (`jbanter9` could be a product code anywhere else):
 * - labelled: `username: cminh730`, `user name is jwuwu`, `my login is x`, `handle @x`, `cm648512 is my username`;
 * - the answer to a turn that asks for one (`DetectOptions.previous`): after "what is your username?", a reply's
 *   word of letters and digits (`cminh1982`, `yea its nbouchard926`), or a reply that is one word (`jwuwu`).
 * An email address is not a username (the email recognizer takes it). Normalized `username:` + lowercase.
 */

const value = '(@?[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)';
const labelled = new RegExp(
  `\\b(?:user ?name|login|handle|screen ?name)s?(?:\\s+(?:is|was|on file is|would be|should be|of))?\\s*[:=#-]?\\s*${value}(?![\\w@])`,
  'dgi',
);
const ownedBefore = new RegExp(
  `(?<![\\w@.])${value}\\s+(?:is|was|=)\\s+(?:my|the)\\s+(?:user ?name|login|handle)\\b`,
  'dgi',
);
const asksUsername = /\b(?:user ?names?|login|handle)\b/i;
/** Words that follow "username" without being one: "username and email", "username is correct". */
const notValues = new Set(
  'and or is was the a an my your our his her their to for of on in it please is? please. email password pin account id'.split(
    ' ',
  ),
);
/** A word of the reply that is a handle by shape: letters and digits, with a lower-case letter. */
const handleShape = /(?<![\w@.-])[A-Za-z][A-Za-z0-9._-]*\d[A-Za-z0-9._-]*(?![\w@-])/g;

function plausible(word: string, labelledByColon: boolean): boolean {
  const bare = word.replace(/^@/, '');
  if (bare.length < 3 || bare.length > 40 || !/\p{L}/u.test(bare) || notValues.has(bare.toLowerCase())) return false;
  if (/\d/.test(bare) || word.startsWith('@')) return true;
  // A word without a digit is a username only after an explicit label, and when it is no ordinary word.
  return labelledByColon || !isOrdinaryWord(bare.toLowerCase(), lexicon());
}

function toCandidate(text: string, start: number, end: number): Candidate {
  return { kind: 'username', start, end, normalized: `username:${text.slice(start, end).toLowerCase()}` };
}

/** A placeholder such as `{username_1}` (what `seam lint --fix` writes) is no value. */
function placeholder(text: string, start: number, end: number): boolean {
  return text.charCodeAt(start - 1) === 123 && text.charCodeAt(end) === 125;
}

export function recognizeUsernames(text: string, options: DetectOptions = {}): Candidate[] {
  const found = collectUsernames(text, options);
  return found.some((candidate) => placeholder(text, candidate.start, candidate.end))
    ? found.filter((candidate) => !placeholder(text, candidate.start, candidate.end))
    : found;
}

function collectUsernames(text: string, options: DetectOptions): Candidate[] {
  const found: Candidate[] = [];
  if (/user ?name|login|handle/i.test(text)) {
    for (const pattern of [labelled, ownedBefore]) {
      pattern.lastIndex = 0;
      for (const match of text.matchAll(pattern)) {
        const [start, end] = match.indices?.[1] ?? [0, 0];
        const word = match[1] ?? '';
        const colon = /[:=#]\s*$/.test(text.slice(match.index, start)) || pattern === ownedBefore;
        if (end > start && plausible(word, colon)) found.push(toCandidate(text, start, end));
      }
    }
  }
  if (options.previous !== undefined && text.length <= 200 && asksUsername.test(options.previous)) {
    const shaped = [...text.matchAll(handleShape)].filter((match) => /[a-z]/.test(match[0]));
    for (const match of shaped) found.push(toCandidate(text, match.index, match.index + match[0].length));
    const single = /^\s*(?:(?:it'?s|its|it is|sure|yes|ok|okay)[,:]?\s+)?([A-Za-z][A-Za-z0-9._-]{2,39})[.!]?\s*$/i.exec(
      text,
    );
    if (shaped.length === 0 && single?.[1] !== undefined && plausible(single[1], false)) {
      const start = text.indexOf(single[1], single.index);
      found.push(toCandidate(text, start, start + single[1].length));
    }
  }
  return found;
}
