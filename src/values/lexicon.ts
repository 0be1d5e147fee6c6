import nlp from 'compromise';

/**
 * Word lists taken from compromise's lexicon (offline, about 24,000 entries): first names, last names,
 * places, and the ordinary English words it knows, so that names can be told from words without running the
 * full tagger. Built once, on first use.
 */

export interface Lexicon {
  firstNames: ReadonlySet<string>;
  lastNames: ReadonlySet<string>;
  /** Cities, countries and regions, lowercase, some of several words (`costa rica`). */
  places: ReadonlySet<string>;
  /** Words compromise knows as something other than a name or a place. */
  words: ReadonlySet<string>;
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
  const model = (nlp as unknown as { model(): { one: { lexicon: Record<string, string | string[]> } } }).model();
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
  cached = { firstNames, lastNames, places, words };
  return cached;
}
