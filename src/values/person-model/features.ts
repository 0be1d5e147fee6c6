import type { Lexicon } from '../lexicon.js';
import type { Token } from '../tokens.js';

/**
 * Features of the person tagger: what a word looks like (shape, case, prefixes and suffixes, the mark glued before
 * or after it: `@`, `#`, `,`), what the word lists say of it (a common first name, a surname, a place, an ordinary
 * English word), and the same of its neighbours, two words each side. Everything is read from the text and the
 * lexicon, so a sentence in lower case still has its gazetteer and context features. Bump `featuresVersion` on
 * any change here: a model trained on other features is not used.
 */
export const featuresVersion = 4;

/** What the tagger knows of one token before it looks at the tags around it. */
export interface TokenView {
  lower: string;
  shape: string;
  /** `C` capitalised, `c` lower case, `A` all capitals, `d` with a digit, plus `s` when it starts a sentence. */
  casing: string;
  /** Gazetteer letters: `F` first name, `L` surname, `P` place, `W` ordinary word (any subset, or `-`). */
  lists: string;
  /** The non-space character right before and right after the token (`_` for a space or the text's edge). */
  before: string;
  after: string;
  /** How the sentence is cased: `l` mostly lower case, `t` mostly capitalised words (a title), `a` shouting, `m` mixed. */
  register: string;
}

function shapeOf(text: string): string {
  let shape = '';
  let last = '';
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    let kind: string;
    if (code >= 48 && code <= 57) kind = 'd';
    else if (code >= 65 && code <= 90) kind = 'X';
    else if (code >= 97 && code <= 122) kind = 'x';
    else {
      const character = text.charAt(index);
      if (character !== character.toLowerCase()) kind = 'X';
      else if (character !== character.toUpperCase()) kind = 'x';
      else kind = character;
    }
    if (kind !== last) shape += kind;
    last = kind;
  }
  return shape;
}

function casingOf(token: Token): string {
  const text = token.text;
  let casing: string;
  if (/\d/.test(text)) casing = 'd';
  else if (text.length > 1 && text === text.toUpperCase() && text !== text.toLowerCase()) casing = 'A';
  else casing = token.capitalised ? 'C' : 'c';
  return token.sentenceStart ? `${casing}s` : casing;
}

function markAt(source: string, index: number): string {
  const code = source.charCodeAt(index);
  // The text's edge, a space, a tab or a line break.
  if (Number.isNaN(code) || code === 32 || code === 9 || code === 10 || code === 13 || code === 0xa0) return '_';
  return source.charAt(index);
}

/** The register of a text from its tokens (see `TokenView.register`). */
export function registerOf(tokens: readonly Token[]): string {
  let capitalised = 0;
  let shouting = 0;
  for (const token of tokens) {
    if (token.capitalised) capitalised += 1;
    if (token.text.length > 1 && token.text === token.text.toUpperCase() && /\p{L}/u.test(token.text)) shouting += 1;
  }
  const count = Math.max(1, tokens.length);
  if (shouting / count > 0.6) return 'a';
  if (capitalised / count > 0.6) return 't';
  return capitalised / count < 0.1 ? 'l' : 'm';
}

export function viewOf(token: Token, list: Lexicon, register = 'm'): TokenView {
  const lower = token.lower;
  let lists = '';
  if (list.commonFirstNames.has(lower)) lists += 'F';
  if (list.lastNames.has(lower)) lists += 'L';
  if (list.places.has(lower)) lists += 'P';
  if (list.words.has(lower) || list.englishWords.has(lower)) lists += 'W';
  return {
    lower,
    shape: shapeOf(token.text),
    casing: casingOf(token),
    lists: lists === '' ? '-' : lists,
    before: markAt(token.source, token.start - 1),
    after: markAt(token.source, token.end),
    register,
  };
}

const edge: TokenView = { lower: '<e>', shape: '<e>', casing: 'e', lists: 'e', before: '_', after: '_', register: 'e' };

/**
 * The features of token `index`, given the tags already chosen for the two tokens before it (greedy decoding,
 * left to right). Every feature has the value 1.
 */
export function featuresAt(
  view: (index: number) => TokenView | undefined,
  index: number,
  previousTag: string,
  tagBefore: string,
): string[] {
  const left = view(index - 1) ?? edge;
  const left2 = view(index - 2) ?? edge;
  const right = view(index + 1) ?? edge;
  const right2 = view(index + 2) ?? edge;
  return featuresOf(view(index) ?? edge, left, left2, right, right2, previousTag, tagBefore);
}

function featuresOf(
  view: TokenView,
  left: TokenView,
  left2: TokenView,
  right: TokenView,
  right2: TokenView,
  previousTag: string,
  tagBefore: string,
): string[] {
  const lower = view.lower;
  return [
    `w=${lower}`,
    `sh=${view.shape}`,
    `p2=${lower.slice(0, 2)}`,
    `p3=${lower.slice(0, 3)}`,
    `s2=${lower.slice(-2)}`,
    `s3=${lower.slice(-3)}`,
    `c=${view.casing}`,
    `rc=${view.register}${view.casing}`,
    `rgc=${view.register}${view.lists}${view.casing}`,
    `p4=${lower.slice(0, 4)}`,
    `s4=${lower.slice(-4)}`,
    `g=${view.lists}`,
    `gc=${view.lists}${view.casing}`,
    `m=${view.before}${view.after}`,
    `w-1=${left.lower}`,
    `w-2=${left2.lower}`,
    `w+1=${right.lower}`,
    `w+2=${right2.lower}`,
    `w-2w-1=${left2.lower} ${left.lower}`,
    `w-1w=${left.lower} ${lower}`,
    `ww+1=${lower} ${right.lower}`,
    `gc-1=${left.lists}${left.casing}`,
    `gc+1=${right.lists}${right.casing}`,
    `gc-1gc+1=${left.lists}${left.casing} ${view.lists}${view.casing} ${right.lists}${right.casing}`,
    `m-1=${left.after}`,
    `t-1=${previousTag}`,
    `t-2t-1=${tagBefore} ${previousTag}`,
    `t-1gc=${previousTag} ${view.lists}${view.casing}`,
    `t-1w-1=${previousTag} ${left.lower}`,
  ];
}
