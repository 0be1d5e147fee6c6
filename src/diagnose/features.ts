import { type CategoryId, categoryIds, taxonomy } from '../taxonomy/index.js';

/**
 * Features of one strand for the offline classifier: stemmed word unigrams (stopwords dropped), bigrams,
 * negated words, the neighbours of ambiguous words, one count per taxonomy category of the cue phrases
 * found in the text, and the words of the strand before it and of the whole complaint. Bump `featuresVersion` when
 * anything here changes, so a model built with the old features is refused rather than misread.
 */
export const featuresVersion = 6;

export type FeatureVector = Map<string, number>;

/**
 * The weight of a category's cue count relative to one word feature, chosen on the development split (0.25,
 * 0.5, 1): heavier cues fit the training phrasing better but generalise worse to new phrasing.
 */
const cueWeight = 0.5;

/**
 * The weight of each word of the strand before (`c:` features): "It isn't" after "it says flood damage is
 * covered" is about what the clause before it said. Chosen on the development split (0.5 over 1; earlier 0,
 * 0.3, 0.6, 1 and 1.5 on the short reports; the next strand as context too did not help).
 */
const contextWeight = 0.5;

/**
 * The weight of each word of the whole complaint (`d:` features): in a long post, "it's £88" or "that number
 * is dead" says little alone, and the post around it says which kind of problem it is. Chosen on the
 * development split (0.4 over 0 and 0.8; character 4-grams at 0.2 and 0.4 added nothing and were dropped).
 */
const documentWeight = 0.4;

const stopwords = new Set(
  'a an the to of and or in on at for with is are was were be been it its this that these those i we you they he she them our my your their me us from by as so but if then than just also do does did has have had will would can could should very really'.split(
    ' ',
  ),
);

/** Lowercase word tokens with numbers, money, percentages and versions folded into placeholder tokens. */
export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[$€£]\s?\d[\d,.]*/g, ' zmoney ')
    .replace(/\d+(?:\.\d+)?\s?%/g, ' zpercent ')
    .replace(/\bv?\d+(?:\.\d+){1,3}\b/g, ' zversion ')
    .replace(/\d+/g, ' znum ')
    .replace(/'(s|re|ve|ll|d|m|t)\b/g, '$1')
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map(stem);
}

/**
 * A deliberately light suffix stripper: enough to make "prices", "priced" and "pricing" share a feature
 * with the cue "price", and consistent, which matters more than linguistic accuracy here.
 */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  let stemmed = word;
  if (stemmed.endsWith('ies') && stemmed.length > 4) stemmed = `${stemmed.slice(0, -3)}y`;
  else if (stemmed.endsWith('ing') && stemmed.length > 5) stemmed = trimDouble(stemmed.slice(0, -3));
  else if (stemmed.endsWith('ed') && stemmed.length > 4) stemmed = trimDouble(stemmed.slice(0, -2));
  else if (/(ss|sh|ch|x)es$/.test(stemmed)) stemmed = stemmed.slice(0, -2);
  else if (stemmed.endsWith('s') && !/(ss|us|is)$/.test(stemmed)) stemmed = stemmed.slice(0, -1);
  else if (stemmed.endsWith('ly') && stemmed.length > 5) stemmed = stemmed.slice(0, -2);
  return stemmed.length > 4 && stemmed.endsWith('e') ? stemmed.slice(0, -1) : stemmed;
}

function trimDouble(word: string): string {
  return /([b-df-hj-np-tv-z])\1$/.test(word) && !/(ll|ss|zz)$/.test(word) ? word.slice(0, -1) : word;
}

/** Cue phrases tokenised once, with the category they signal. */
export type CueIndex = readonly { category: CategoryId; tokens: readonly string[] }[];

export function cueIndex(cues: Readonly<Record<CategoryId, readonly string[]>>): CueIndex {
  return categoryIds.flatMap((id) =>
    cues[id].map((cue) => ({ category: id, tokens: tokenize(cue) })).filter((cue) => cue.tokens.length > 0),
  );
}

/**
 * The cue lists built from the training split only: a cue of the taxonomy is used for a category when it
 * occurs in at least one training strand labelled with that category. A cue no training strand supports
 * (for instance one that only a held-out strand contains) is not a feature, whoever wrote it.
 */
export function supportedCues(
  examples: readonly { text: string; categories: readonly CategoryId[] }[],
): Record<CategoryId, string[]> {
  const tokenized = examples.map((example) => ({ tokens: tokenize(example.text), categories: example.categories }));
  return Object.fromEntries(
    taxonomy.map((category) => [
      category.id,
      category.cues.filter((cue) => {
        const tokens = tokenize(cue);
        return (
          tokens.length > 0 &&
          tokenized.some((example) => example.categories.includes(category.id) && containsRun(example.tokens, tokens))
        );
      }),
    ]),
  ) as Record<CategoryId, string[]>;
}

/** How many of each category's cue phrases occur in the tokens (as a contiguous run). */
export function cueCounts(tokens: readonly string[], cues: CueIndex): Map<CategoryId, number> {
  const counts = new Map<CategoryId, number>();
  for (const cue of cues) {
    if (containsRun(tokens, cue.tokens)) counts.set(cue.category, (counts.get(cue.category) ?? 0) + 1);
  }
  return counts;
}

const negators = new Set(
  'not no never nobody nothing none without isnt arent wasnt werent doesnt dont didnt cant cannot wont hasnt havent shouldnt'.split(
    ' ',
  ),
);

/**
 * Words whose sense depends on their neighbours: "deleted" (a page still served, or a person's data to
 * erase), "phone" (a wrong support number, a private number, a handset), "users" (other users seeing
 * something, or just who complains). Each gets a feature per content word within four words of it.
 */
const senseWords = new Set(
  [
    'delete',
    'remove',
    'erase',
    'phone',
    'number',
    'user',
    'address',
    'email',
    'conversation',
    'history',
    'data',
    'law',
    'rule',
    'status',
  ].map(stem),
);

/**
 * The feature vector of a text, scaled to unit length: words, bigrams, cue counts, the words in the
 * scope of a negation ("doesn't call the tool": `n:call`, `n:tool`), the neighbours of sense words, the
 * words of the strand before it (`context`) and of the complaint it comes from (`complaint`, prepared once for
 * all its strands).
 */
export function featurize(
  text: string,
  cues: CueIndex,
  context?: string,
  complaint?: PreparedComplaint,
): FeatureVector {
  const tokens = tokenize(text);
  const features: FeatureVector = new Map();
  for (const token of tokens) if (!stopwords.has(token)) features.set(`w:${token}`, 1);
  for (let index = 1; index < tokens.length; index++) {
    const first = tokens[index - 1] ?? '';
    const second = tokens[index] ?? '';
    if (!(stopwords.has(first) && stopwords.has(second))) features.set(`b:${first} ${second}`, 1);
  }
  tokens.forEach((token, index) => {
    if (negators.has(token)) {
      for (const next of tokens.slice(index + 1, index + 4)) {
        if (!stopwords.has(next) && !negators.has(next)) features.set(`n:${next}`, 0.5);
      }
    }
    if (senseWords.has(token)) {
      for (const near of tokens.slice(Math.max(0, index - 4), index + 5)) {
        if (near !== token && !stopwords.has(near)) features.set(`s:${token}~${near}`, 0.5);
      }
    }
  });
  for (const [category, count] of cueCounts(tokens, cues)) {
    features.set(`cue:${category}`, cueWeight * (1 + Math.log(count)));
  }
  if (complaint && askedAsQuestion(text, complaint)) features.set('q:question', 1);
  scaleTo(features, 1);
  // The surroundings come as blocks of their own length, so a long post never drowns a short strand.
  if (context !== undefined) {
    for (const [key, value] of wordBlock('c', context, contextWeight, Number.POSITIVE_INFINITY))
      features.set(key, value);
  }
  if (complaint) for (const [key, value] of complaint.block) features.set(key, value);
  return features;
}

/**
 * The most distinct words of a complaint its block holds (the first ones). No labelled complaint has more than
 * 180, so the cap never binds on them; it keeps each strand's vector bounded, and so a 50,000-character
 * complaint's diagnosis linear in its length.
 */
const complaintWords = 400;

/** The words of a text around the strand, as features with a prefix, scaled together to `weight`. */
function wordBlock(prefix: string, text: string, weight: number, limit: number): FeatureVector {
  const block: FeatureVector = new Map();
  for (const token of tokenize(text)) {
    if (block.size >= limit) break;
    if (!stopwords.has(token)) block.set(`${prefix}:${token}`, 1);
  }
  scaleTo(block, weight);
  return block;
}

/**
 * A complaint prepared for featurizing its strands, which come one after another: its word block is built
 * once, and `cursor` (where its last strand was found) makes finding each strand cost the strand's length
 * rather than the complaint's. Prepare one per pass over a complaint's strands.
 */
export interface PreparedComplaint {
  document: string;
  block: FeatureVector;
  cursor: number;
}

export function prepareComplaint(document: string): PreparedComplaint {
  return { document, block: wordBlock('d', document, documentWeight, complaintWords), cursor: 0 };
}

/**
 * Whether the strand is asked as a question where it stands in the complaint. Strands lose their closing
 * punctuation, yet "Any ideas?" and "How do we stop this?" usually name no symptom, while "Why does it still
 * quote the old price?" does: the question mark is a feature, and training weighs it. The strand is looked
 * for a little way after the previous one (strands come in order); one not found there is not a question.
 */
function askedAsQuestion(text: string, complaint: PreparedComplaint): boolean {
  const window = complaint.document.slice(complaint.cursor, complaint.cursor + 2 * text.length + 2_000);
  const found = window.indexOf(text);
  if (found < 0) return false;
  const end = complaint.cursor + found + text.length;
  complaint.cursor += found + 1;
  return /^["”'’)\]]*\s*\?/.test(complaint.document.slice(end, end + 6));
}

/** Scale a vector in place to the given Euclidean length. */
function scaleTo(features: FeatureVector, length: number): void {
  const norm = Math.sqrt([...features.values()].reduce((sum, value) => sum + value * value, 0));
  if (norm > 0) for (const [key, value] of features) features.set(key, (value / norm) * length);
}

function containsRun(tokens: readonly string[], run: readonly string[]): boolean {
  outer: for (let start = 0; start + run.length <= tokens.length; start++) {
    for (let offset = 0; offset < run.length; offset++) {
      if (tokens[start + offset] !== run[offset]) continue outer;
    }
    return true;
  }
  return false;
}
