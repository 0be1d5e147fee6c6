import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Lexicon } from '../lexicon.js';
import type { Token } from '../tokens.js';
import { featuresAt, featuresVersion, registerOf, type TokenView, viewOf } from './features.js';

/**
 * The person tagger: an averaged perceptron over the features of features.ts, decoded greedily left to right.
 * Tags: `O` (no entity), `B` / `I` (first / next word of a person's name), `X` (a word of another named thing: a
 * place, a company, a product, a work). The model is trained at build time (build.ts) and read from
 * `dist/values/person-model/person-model.json`; without that file (a clone built without the training data) the
 * detector runs on its rules alone.
 */

export const personTags = ['O', 'B', 'I', 'X'] as const;
export type PersonTag = (typeof personTags)[number];

export interface PersonModel {
  /** Per feature (its number, see features.ts), its weight for each tag of `personTags`. */
  weights: ReadonlyMap<number, readonly number[]>;
  biases: readonly number[];
}

export const personModelFileSchema = z.object({
  format: z.literal('seam-person-model'),
  features_version: z.number(),
  tags: z.array(z.string()),
  biases: z.array(z.number()),
  /**
   * Added to the score of `B` (and half of it to `I`) when decoding: the perceptron, trained on few names among
   * many words, is cautious, and a name missed costs more here than a word taken for one.
   */
  boost: z.number(),
  /** `f` and the feature's number (a hash of its template and parts) → weight per tag, in the order of `tags`. */
  weights: z.record(z.string(), z.array(z.number())),
  trained_on: z.object({ sentences: z.number(), tokens: z.number(), people: z.number(), key: z.string() }),
});
export type PersonModelFile = z.infer<typeof personModelFileSchema>;

/** Where the build writes the model: beside the compiled tagger. */
export const builtPersonModelUrl = new URL('./person-model.json', import.meta.url);
/** The built model seen from the source tree (src/values/person-model/ → dist/values/person-model/). */
const distPersonModelUrl = new URL('../../../dist/values/person-model/person-model.json', import.meta.url);

export function modelFromFile(file: PersonModelFile): PersonModel {
  if (file.tags.join(' ') !== personTags.join(' ')) throw new Error('person model: unexpected tags');
  const boost = file.boost;
  const biases = file.biases.map((bias, tag) => bias + (tag === 1 ? boost : tag === 2 ? boost / 2 : 0));
  const weights = new Map<number, readonly number[]>();
  for (const [feature, row] of Object.entries(file.weights)) weights.set(Number(feature.slice(1)), row);
  return { weights, biases };
}

let cached: PersonModel | null | undefined;

/**
 * The built model, or `null` when there is none for these features (`SEAM_PERSON_MODEL=0` turns it off, to
 * measure the rules alone). Read once per process, synchronously: the detector is synchronous.
 */
export function personModel(): PersonModel | null {
  if (cached !== undefined) return cached;
  cached = null;
  if (process.env.SEAM_PERSON_MODEL === '0') return cached;
  for (const url of [builtPersonModelUrl, distPersonModelUrl]) {
    if (!existsSync(url)) continue;
    const parsed = personModelFileSchema.safeParse(JSON.parse(readFileSync(url, 'utf8')));
    if (parsed.success && parsed.data.features_version === featuresVersion) {
      cached = modelFromFile(parsed.data);
      break;
    }
  }
  return cached;
}

/** Replaces the model for this process (tests and the bench; `null` for rules only, `undefined` to reload). */
export function setPersonModel(model: PersonModel | null | undefined): void {
  cached = model;
}

function bestTag(model: PersonModel, features: readonly number[], previous: PersonTag): PersonTag {
  const scores = [...model.biases];
  for (const feature of features) {
    const weights = model.weights.get(feature);
    if (weights === undefined) continue;
    for (let tag = 0; tag < scores.length; tag += 1) scores[tag] = (scores[tag] ?? 0) + (weights[tag] ?? 0);
  }
  let best = 0;
  for (let tag = 1; tag < scores.length; tag += 1) if ((scores[tag] ?? 0) > (scores[best] ?? 0)) best = tag;
  const tag = personTags[best] ?? 'O';
  // `I` continues a name: after anything else it starts one.
  return tag === 'I' && previous !== 'B' && previous !== 'I' ? 'B' : tag;
}

/** The tag of every token, greedily, left to right. */
export function tagTokens(model: PersonModel, tokens: readonly Token[], list: Lexicon): PersonTag[] {
  const register = registerOf(tokens);
  // Views are made on first use: most tokens are skipped, and only their neighbours' views are read.
  const views: Array<TokenView | undefined> = new Array(tokens.length);
  const view = (index: number): TokenView | undefined => {
    const token = tokens[index];
    if (token === undefined) return undefined;
    views[index] ??= viewOf(token, list, register);
    return views[index];
  };
  const tags: PersonTag[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index];
    const previous = tags[index - 1];
    // A lower-case ordinary word, or a word with a digit, after no name word is left out: the model tags such a
    // word `O` all but always, and most words of chat are such words (this is most of the tagger's speed).
    if (token !== undefined && previous !== 'B' && previous !== 'I' && !token.capitalised && skippable(token, list)) {
      tags.push('O');
      continue;
    }
    const features = featuresAt(view, index, previous ?? '<s>', tags[index - 2] ?? '<s>');
    tags.push(bestTag(model, features, previous ?? 'O'));
  }
  return tags;
}

/** A lower-case token with a digit, or one that is an ordinary word and in no list of names or places. */
function skippable(token: Token, list: Lexicon): boolean {
  const lower = token.lower;
  if (/\d/.test(lower)) return true;
  if (!list.words.has(lower) && !list.englishWords.has(lower)) return false;
  return !list.commonFirstNames.has(lower) && !list.lastNames.has(lower) && !list.places.has(lower);
}

/** Token index ranges `[from, to]` of the names in a tag sequence. */
export function nameRanges(tags: readonly PersonTag[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let index = 0; index < tags.length; index += 1) {
    const tag = tags[index];
    const previous = tags[index - 1];
    // `B` starts a name, and so does an `I` that follows no name word.
    if (tag !== 'B' && (tag !== 'I' || previous === 'B' || previous === 'I')) continue;
    let last = index;
    while (tags[last + 1] === 'I') last += 1;
    ranges.push([index, last]);
    index = last;
  }
  return ranges;
}
