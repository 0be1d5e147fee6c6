import { readFileSync } from 'node:fs';
import perceptron, { type Example } from 'wink-perceptron';
import { lexicon } from '../lexicon.js';
import { tokenize } from '../tokens.js';
import { featuresAt, featuresVersion, registerOf, viewOf } from './features.js';
import { type PersonModelFile, type PersonTag, personTags } from './tagger.js';

/**
 * Training the person tagger from CoNLL files (token TAB BIO tag, a blank line between sentences), such as
 * WNUT-17's training split. Each sentence is joined with single spaces and re-tokenized by the detector's own
 * tokenizer, so the model learns on the tokens it will be given; each of those tokens takes the tag of the
 * CoNLL token it lies in (`B` only on the first of them).
 */

export interface TaggedSentence {
  text: string;
  tags: PersonTag[];
}

/** The tag of a CoNLL label: person → `B`/`I`, another entity type → `X`, else `O`. */
function tagOf(label: string, first: boolean): PersonTag {
  if (label === 'O' || label === '') return 'O';
  if (!label.endsWith('-person')) return 'X';
  return label.startsWith('B-') && first ? 'B' : 'I';
}

export function readTaggedSentences(path: string): TaggedSentence[] {
  const sentences: TaggedSentence[] = [];
  let words: Array<{ text: string; label: string }> = [];
  const flush = () => {
    if (words.length > 0) sentences.push(alignSentence(words));
    words = [];
  };
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') {
      flush();
      continue;
    }
    const fields = line.split('\t');
    words.push({ text: fields[0] ?? '', label: (fields[fields.length - 1] ?? 'O').trim() });
  }
  flush();
  return sentences;
}

function alignSentence(words: ReadonlyArray<{ text: string; label: string }>): TaggedSentence {
  let text = '';
  const spans: Array<{ start: number; end: number; label: string }> = [];
  for (const word of words) {
    if (text !== '') text += ' ';
    spans.push({ start: text.length, end: text.length + word.text.length, label: word.label });
    text += word.text;
  }
  const tags: PersonTag[] = [];
  let at = 0;
  let previousSpan = -1;
  for (const token of tokenize(text)) {
    while (at < spans.length && (spans[at]?.end ?? 0) <= token.start) at += 1;
    const span = spans[at];
    tags.push(span === undefined ? 'O' : tagOf(span.label, at !== previousSpan));
    previousSpan = at;
  }
  return { text, tags };
}

export interface TrainingSettings {
  epochs: number;
  /** Averaged weights of smaller magnitude are dropped from the file. */
  keepAbove: number;
  /** See `boost` in tagger.ts. */
  boost: number;
  /** Train on `withLowerCaseCopies` of the sentences. */
  lowerCopies: boolean;
}

export const personTrainingSettings: TrainingSettings = { epochs: 8, keepAbove: 0.02, boost: 4, lowerCopies: true };

/**
 * A lower-case copy of every sentence that names a person (with the same tags): people type names in lower case,
 * and the copies teach the model the words around a name, not only its capital.
 */
export function withLowerCaseCopies(sentences: readonly TaggedSentence[]): TaggedSentence[] {
  const copies = sentences
    .filter((sentence) => sentence.tags.includes('B') && sentence.text !== sentence.text.toLowerCase())
    .map((sentence) => ({ text: sentence.text.toLowerCase(), tags: sentence.tags }));
  return [...sentences, ...copies];
}

/** Examples of one sentence: the features of each token, with the gold tags before it as the tag history. */
function sentenceExamples(sentence: TaggedSentence): Example[] {
  const list = lexicon();
  const tokens = tokenize(sentence.text);
  const register = registerOf(tokens);
  const views = tokens.map((token) => viewOf(token, list, register));
  return views.map((_, index) => {
    const features: Record<string, number> = {};
    const names = featuresAt(
      (at) => views[at],
      index,
      sentence.tags[index - 1] ?? '<s>',
      sentence.tags[index - 2] ?? '<s>',
    );
    for (const name of names) features[`f${name}`] = 1;
    return [features, { label: sentence.tags[index] ?? 'O' }];
  });
}

export function trainPersonModel(
  sentences: readonly TaggedSentence[],
  key: string,
  settings: TrainingSettings = personTrainingSettings,
): PersonModelFile {
  const learner = perceptron();
  const cache = new Map<TaggedSentence, Example[]>();
  learner.defineConfig({
    shuffleData: false,
    maxIterations: settings.epochs,
    featureExtractor: (example) => {
      const sentence = example as TaggedSentence;
      let examples = cache.get(sentence);
      if (examples === undefined) {
        examples = sentenceExamples(sentence);
        cache.set(sentence, examples);
      }
      return examples;
    },
  });
  const examples = settings.lowerCopies ? withLowerCaseCopies(sentences) : [...sentences];
  learner.learn(examples);
  const [weights, biases] = JSON.parse(learner.exportJSON()) as [
    Record<string, Record<string, number>>,
    Record<string, number>,
  ];
  const kept: Record<string, number[]> = {};
  for (const [feature, perTag] of Object.entries(weights)) {
    const row = personTags.map((tag) => perTag[tag] ?? 0);
    if (row.some((weight) => Math.abs(weight) > settings.keepAbove)) kept[feature] = row;
  }
  return {
    format: 'seam-person-model',
    features_version: featuresVersion,
    tags: [...personTags],
    biases: personTags.map((tag) => biases[tag] ?? 0),
    boost: settings.boost,
    weights: kept,
    trained_on: {
      sentences: sentences.length,
      tokens: sentences.reduce((sum, sentence) => sum + sentence.tags.length, 0),
      people: sentences.reduce((sum, sentence) => sum + sentence.tags.filter((tag) => tag === 'B').length, 0),
      key,
    },
  };
}
