import type { Lexicon } from '../lexicon.js';
import type { Token } from '../tokens.js';
import { wordCluster } from './clusters.js';

/**
 * Features of the person tagger: what a word looks like (shape, case, prefixes and suffixes, the mark glued before
 * or after it: `@`, `#`, `,`), what the word lists say of it (a common first name, a surname, a place, an ordinary
 * English word), the word's cluster in word vectors (clusters.ts: fine and coarse), and the same of its neighbours,
 * two words each side. Everything is read from the text, the lexicon and the cluster table, so a sentence in lower
 * case still has its gazetteer, cluster and context features. Bump `featuresVersion` on
 * any change here: a model trained on other features is not used.
 */
export const featuresVersion = 6;

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
  /** The word's fine and coarse cluster (`-` when the table has no such word). */
  cluster: string;
  coarse: string;
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
  const cluster = wordCluster(lower);
  return {
    lower,
    shape: shapeOf(token.text),
    casing: casingOf(token),
    lists: lists === '' ? '-' : lists,
    before: markAt(token.source, token.start - 1),
    after: markAt(token.source, token.end),
    register,
    cluster: cluster.fine,
    coarse: cluster.coarse,
  };
}

/** FNV-1a over the UTF-16 units of `text`: the number a feature's part is known by. */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** One feature: its template's number mixed with the numbers of its parts (a 32-bit hash, as a string key is). */
function mix(template: number, first: number, second = 0, third = 0): number {
  let hash = Math.imul(template + 0x9e3779b9, 0x85ebca6b);
  hash = Math.imul(hash ^ first, 0x01000193);
  hash = Math.imul(hash ^ second, 0x01000193);
  hash = Math.imul(hash ^ third, 0x01000193);
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x2c1b3c6d);
  hash ^= hash >>> 12;
  return hash >>> 0;
}

/** The numbers of a view's parts, computed once per token. */
interface ViewHashes {
  lower: number;
  shape: number;
  casing: number;
  lists: number;
  listsCasing: number;
  registerCasing: number;
  registerListsCasing: number;
  marks: number;
  before: number;
  after: number;
  cluster: number;
  coarse: number;
  clusterCasing: number;
  affixes: [number, number, number, number, number, number];
}

const hashesOf = new WeakMap<TokenView, ViewHashes>();

function hashes(view: TokenView): ViewHashes {
  let known = hashesOf.get(view);
  if (known === undefined) {
    const lower = view.lower;
    known = {
      lower: hashText(lower),
      shape: hashText(view.shape),
      casing: hashText(view.casing),
      lists: hashText(view.lists),
      listsCasing: hashText(view.lists + view.casing),
      registerCasing: hashText(view.register + view.casing),
      registerListsCasing: hashText(view.register + view.lists + view.casing),
      marks: hashText(view.before + view.after),
      before: hashText(view.before),
      after: hashText(view.after),
      cluster: hashText(view.cluster),
      coarse: hashText(view.coarse),
      clusterCasing: hashText(`${view.cluster} ${view.casing}`),
      affixes: [
        hashText(lower.slice(0, 2)),
        hashText(lower.slice(0, 3)),
        hashText(lower.slice(0, 4)),
        hashText(lower.slice(-2)),
        hashText(lower.slice(-3)),
        hashText(lower.slice(-4)),
      ],
    };
    hashesOf.set(view, known);
  }
  return known;
}

const edge: TokenView = {
  lower: '<e>',
  shape: '<e>',
  casing: 'e',
  lists: 'e',
  before: '_',
  after: '_',
  register: 'e',
  cluster: 'e',
  coarse: 'e',
};

/**
 * The features of token `index`, given the tags already chosen for the two tokens before it (greedy decoding,
 * left to right), as numbers (each a hash of a template and its parts: the word, its shape, its neighbours…).
 * Every feature has the value 1.
 */
export function featuresAt(
  view: (index: number) => TokenView | undefined,
  index: number,
  previousTag: string,
  tagBefore: string,
): number[] {
  const here = hashes(view(index) ?? edge);
  const left = hashes(view(index - 1) ?? edge);
  const left2 = hashes(view(index - 2) ?? edge);
  const right = hashes(view(index + 1) ?? edge);
  const right2 = hashes(view(index + 2) ?? edge);
  const previous = hashText(previousTag);
  const before = hashText(tagBefore);
  const [p2, p3, p4, s2, s3, s4] = here.affixes;
  return [
    mix(1, here.lower),
    mix(2, here.shape),
    mix(3, p2),
    mix(4, p3),
    mix(5, s2),
    mix(6, s3),
    mix(7, here.casing),
    mix(8, here.registerCasing),
    mix(9, here.registerListsCasing),
    mix(10, p4),
    mix(11, s4),
    mix(12, here.lists),
    mix(13, here.listsCasing),
    mix(14, here.marks),
    mix(15, left.lower),
    mix(16, left2.lower),
    mix(17, right.lower),
    mix(18, right2.lower),
    mix(19, left2.lower, left.lower),
    mix(20, left.lower, here.lower),
    mix(21, here.lower, right.lower),
    mix(22, left.listsCasing),
    mix(23, right.listsCasing),
    mix(24, left.listsCasing, here.listsCasing, right.listsCasing),
    mix(25, left.after),
    mix(26, previous),
    mix(27, before, previous),
    mix(28, previous, here.listsCasing),
    mix(29, previous, left.lower),
    mix(30, here.cluster),
    mix(31, here.coarse),
    mix(32, here.clusterCasing),
    mix(33, left.cluster),
    mix(34, right.cluster),
    mix(35, left.coarse, here.coarse, right.coarse),
    mix(36, previous, here.coarse),
  ];
}
