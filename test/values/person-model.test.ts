import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { detectValues } from '../../src/values/index.js';
import { lexicon } from '../../src/values/lexicon.js';
import { wordCluster } from '../../src/values/person-model/clusters.js';
import { viewOf } from '../../src/values/person-model/features.js';
import { modelPeople } from '../../src/values/person-model/model-people.js';
import {
  modelFromFile,
  nameRanges,
  type PersonTag,
  personModelFileSchema,
  setPersonModel,
  tagTokens,
} from '../../src/values/person-model/tagger.js';
import { readTaggedSentences, trainPersonModel, withLowerCaseCopies } from '../../src/values/person-model/train.js';
import { tokenize } from '../../src/values/tokens.js';

const folder = mkdtempSync(join(tmpdir(), 'seam-person-model-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
afterEach(() => setPersonModel(undefined));

/** A CoNLL file (token TAB tag, a blank line between sentences) from sentences written as `word/TAG` pairs. */
function conll(name: string, sentences: string[]): string {
  const path = join(folder, name);
  const lines = sentences.map((sentence) =>
    sentence
      .split(' ')
      .map((pair) => {
        const [word, tag = 'O'] = pair.split('/');
        return `${word}\t${tag}`;
      })
      .join('\n'),
  );
  writeFileSync(path, `${lines.join('\n\n')}\n`);
  return path;
}

function people(text: string): string[] {
  return detectValues(text, { classes: ['private'] })
    .filter((value) => value.kind === 'person')
    .map((value) => value.text);
}

describe('reading CoNLL training data', () => {
  it("re-tokenizes each sentence with the detector's tokenizer and carries the tags over", () => {
    const path = conll('align.conll', [
      '@quillon_marsh/B-person said/O hi/O to/O Vesna/B-person Okafor/I-person in/O Lisbon/B-location',
    ]);
    const [sentence] = readTaggedSentences(path);
    expect(sentence?.text).toBe('@quillon_marsh said hi to Vesna Okafor in Lisbon');
    // `quillon_marsh` is two words for the tokenizer: the first starts the name, the second continues it.
    expect(sentence?.tags).toEqual(['B', 'I', 'O', 'O', 'O', 'B', 'I', 'O', 'X']);
  });

  it('adds a lower-case copy of each sentence that names someone, and only of those', () => {
    const path = conll('copies.conll', ['met/O Vesna/B-person today/O', 'nice/O Weather/O', 'all/O lower/O']);
    const copies = withLowerCaseCopies(readTaggedSentences(path));
    expect(copies.map((sentence) => sentence.text)).toEqual([
      'met Vesna today',
      'nice Weather',
      'all lower',
      'met vesna today',
    ]);
  });
});

describe('the trained tagger', () => {
  // Invented names after the same verbs: the model has to learn the context, since no name repeats.
  const names = ['zorblat', 'quennick', 'ardovar', 'millefrey', 'tosquin', 'belvane', 'corriban', 'hesperon'];
  const training = names.flatMap((name, at) => [
    `yesterday/O we/O met/O ${name}/B-person at/O the/O cafe/O`,
    `then/O ${names[(at + 1) % names.length]}/B-person called/O me/O back/O`,
    'we/O met/O at/O the/O cafe/O near/O the/O station/O',
    'the/O cafe/O called/O me/O back/O',
  ]);
  const file = trainPersonModel(readTaggedSentences(conll('train.conll', training)), 'test', {
    epochs: 6,
    keepAbove: 0,
    boost: 0,
    lowerCopies: false,
  });

  it('writes a model file its own schema accepts', () => {
    expect(personModelFileSchema.safeParse(file).success).toBe(true);
    expect(file.trained_on).toMatchObject({ sentences: training.length, people: 2 * names.length });
  });

  it('finds a name it never saw, from the words around it, where the rules find none', () => {
    const text = 'last week we met vorthane at the cafe';
    setPersonModel(null);
    expect(people(text)).toEqual([]);
    setPersonModel(modelFromFile(file));
    expect(people(text)).toEqual(['vorthane']);
    // An ordinary word in the same place is no name.
    expect(people('last week we met everyone at the cafe')).toEqual([]);
  });

  it('tags every token, and reads name ranges from the tags', () => {
    const tokens = tokenize('then pellumor called me back');
    const tags = tagTokens(modelFromFile(file), tokens, lexicon());
    expect(tags).toHaveLength(tokens.length);
    expect(nameRanges(tags)).toEqual([[1, 1]]);
  });
});

describe("the tagger's names", () => {
  it('never cross a sentence end', () => {
    const text = "Thanks David. I'll check";
    const tokens = tokenize(text);
    const tags: PersonTag[] = ['O', 'B', 'I', 'O'];
    expect(modelPeople(text, tokens, tags).map((candidate) => text.slice(candidate.start, candidate.end))).toEqual([
      'David',
    ]);
  });

  it('read I after O as the start of a name', () => {
    expect(nameRanges(['O', 'I', 'I', 'O', 'B'])).toEqual([
      [1, 2],
      [4, 4],
    ]);
  });
});

describe('word clusters (data/word-clusters/clusters.txt)', () => {
  it('puts words used alike in one cluster, and other words in others', () => {
    // Derived from word vectors by bench/derive-word-clusters.ts: first names keep company with first names, weekdays
    // with weekdays, and the two groups apart.
    expect(wordCluster('laura').fine).toBe(wordCluster('susan').fine);
    expect(wordCluster('monday').fine).toBe(wordCluster('thursday').fine);
    expect(wordCluster('laura').fine).not.toBe(wordCluster('monday').fine);
    expect(wordCluster('laura').coarse).not.toBe('-');
  });

  it('has no cluster for a word outside the table', () => {
    expect(wordCluster('qqxzvbw')).toEqual({ fine: '-', coarse: '-' });
  });

  it('gives the tagger the cluster of each word', () => {
    const [token] = tokenize('laura');
    const cluster = wordCluster('laura');
    expect(token && viewOf(token, lexicon())).toMatchObject({ cluster: cluster.fine, coarse: cluster.coarse });
  });
});
