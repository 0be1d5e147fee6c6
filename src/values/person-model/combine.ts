import type { Candidate } from '../candidate.js';
import { isContraction, isOrdinaryWord, type Lexicon } from '../lexicon.js';
import type { Token } from '../tokens.js';
import { modelPeople, modelTags } from './model-people.js';

/**
 * Rules first, the tagger for the rest: the names the rules found stay as they are (they hold in the contexts
 * they know: cues, answers, greetings, brands), and a name the tagger finds where the rules found none is added
 * when it passes the checks the rules apply to every name (`rejects`: a place, a brand, a company, a street) and
 * the tagger's own: no title or function word at either end, no word glued by `_` or with a digit, no brand label
 * or drawn-out interjection (`Ummm`); no lone word in capitals (an acronym), and an ordinary English word only
 * when it is a known first name written with a capital in mid-sentence. Measured on the development sets (docs/private-data.md): preferring
 * the tagger's span where both found one, or dropping a rule's name the tagger calls another entity, scored lower.
 */
export interface Combination {
  text: string;
  tokens: Token[];
  list: Lexicon;
  /** The names the rules found, in text order. */
  found: Candidate[];
  /** A title, a function word or a chat word, never the first or last word of a name. */
  isFiller(token: Token): boolean;
  /** Whether the words `from`..`end` are something other than a person (the rules' `notAPerson`). */
  rejects(from: number, end: number): boolean;
  toCandidate(from: number, end: number): Candidate | undefined;
}

export function addModelNames(combination: Combination): Candidate[] {
  const { text, tokens, list, found } = combination;
  const tags = modelTags(tokens, list);
  if (tags === undefined) return found;
  const added: Candidate[] = [];
  for (const candidate of modelPeople(text, tokens, tags)) {
    if (found.some((other) => other.start < candidate.end && candidate.start < other.end)) continue;
    let from = tokens.findIndex((token) => token.start === candidate.start);
    let end = tokens.findIndex((token) => token.end === candidate.end);
    while (from <= end && filler(combination, tokens[from])) from += 1;
    while (end >= from && filler(combination, tokens[end])) end -= 1;
    if (end < from || !plausible(text, tokens, from, end, list) || combination.rejects(from, end)) continue;
    const kept = combination.toCandidate(from, end);
    if (kept !== undefined) added.push(kept);
  }
  return added.length === 0 ? found : [...found, ...added].sort((a, b) => a.start - b.start);
}

function filler(combination: Combination, token: Token | undefined): boolean {
  if (token === undefined) return true;
  const short = token.text.length <= 2 && !combination.list.commonFirstNames.has(token.lower);
  return short || combination.isFiller(token);
}

function plausible(text: string, tokens: readonly Token[], from: number, end: number, list: Lexicon): boolean {
  for (let index = from; index <= end; index += 1) {
    const token = tokens[index];
    if (token === undefined || /\d/.test(token.text)) return false;
    // `_` glues words into an identifier (`first_name`).
    if (text.charCodeAt(token.start - 1) === 95 || text.charCodeAt(token.end) === 95) return false;
    if (token.lower === 'brand' || /(\p{L})\1\1/u.test(token.lower) || isContraction(token.lower)) return false;
  }
  const only = tokens[from];
  if (from !== end || only === undefined) return true;
  // A lone word in capitals is an acronym or shouting more often than a name (`FAQ`, `USPS`), as for the rules.
  if (only.text.length > 1 && only.text === only.text.toUpperCase()) return false;
  const known = list.commonFirstNames.has(only.lower) || list.lastNames.has(only.lower);
  if (!only.capitalised && !known && only.text.length < 4) return false;
  if (!isOrdinaryWord(only.lower, list)) return true;
  return only.capitalised && !only.sentenceStart && list.commonFirstNames.has(only.lower);
}
