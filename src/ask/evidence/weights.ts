import type { TermFrequencies } from '../../store/knowledge-store.js';
import type { AskedQuestion, AskedWord } from './question.js';

/** How much an asked word matters: its inverse document frequency among the chunks the asker may read. */
export interface WordWeight {
  word: string;
  /** Chunks the asker may read that mention the word or one of its dictionary forms. */
  documents: number;
  /** Chunks mentioning a relative of it, when none mentions the word itself. */
  related_documents: number;
  /** IDF: a word no chunk mentions weighs most, a word every chunk mentions nearly nothing. */
  weight: number;
  /** No chunk the asker may read mentions the word, a form or a relative of it. */
  unknown: boolean;
  /** Whether it names what the question is about (see `AskedWord.topic`). */
  topic: boolean;
}

/**
 * The words whose document frequencies weigh an asked question: each word and its forms; with `counted`
 * (the first counts), the relatives of the words none of whose forms any chunk holds: a relative only
 * weighs a word the chunks do not use themselves.
 */
export function wordsToCount(asked: AskedQuestion, counted?: TermFrequencies): string[] {
  const own = (word: AskedWord) => [word.word, ...word.lemmas];
  if (!counted) return [...new Set(asked.words.flatMap((word) => [word, ...(word.parts ?? [])]).flatMap(own))];
  const unused = asked.words.filter((word) => own(word).every((form) => (counted.frequencies[form] ?? 0) === 0));
  return [...new Set(unused.flatMap((word) => word.relatives.flatMap(split)))];
}

/**
 * Weigh each asked word by its IDF among the chunks the asker may read (`TermFrequencies`, counted by the
 * store inside its access rule): `ln(1 + (N - n + 0.5) / (n + 0.5))`, BM25's. A word known only through a
 * relative weighs as that relative. A word that is not a topic (a verb, an adjective) counts half: it is
 * partly the asker's wording; one no chunk uses counts nothing when common in English (`spend`, `enough`),
 * so that a paraphrase does not outweigh the words the passages share.
 */
export function weighWords(asked: AskedQuestion, counts: TermFrequencies): WordWeight[] {
  const count = (word: string) => counts.frequencies[word] ?? 0;
  const total = Math.max(1, counts.chunks);
  const idf = (documents: number) => Math.log(1 + (total - documents + 0.5) / (documents + 0.5));
  return asked.words.map((word: AskedWord) => {
    const documents = Math.max(0, ...[word.word, ...word.lemmas].map(count));
    const relatedDocuments =
      documents > 0 ? 0 : Math.max(0, ...word.relatives.map((relative) => Math.min(...split(relative).map(count))));
    const unknown = documents === 0 && relatedDocuments === 0;
    // A rare word no chunk uses that the dictionary knows as a noun names something, even where the tagger
    // read it as a verb (`Do nurses get a discount?`): nothing the asker may read is about it.
    const topic = word.topic || (unknown && !word.common && word.noun === true);
    const wording = topic ? 1 : unknown && word.common ? 0 : word.adverb ? 0.25 : 0.5;
    const weight = idf(documents > 0 ? documents : relatedDocuments) * wording;
    return {
      word: word.word,
      documents,
      related_documents: relatedDocuments,
      weight: Math.round(weight * 1000) / 1000,
      unknown,
      topic,
    };
  });
}

function split(phrase: string): string[] {
  return phrase.split(/\s+/).filter(Boolean);
}

/**
 * The question with each compound no chunk uses (`extra time`, `search bar`) read as its words instead,
 * when a chunk uses one of them: the compound is then the asker's wording, its words what is asked.
 */
export function splitUnusedCompounds(asked: AskedQuestion, counts: TermFrequencies): AskedQuestion {
  const used = (word: AskedWord) => [word.word, ...word.lemmas].some((form) => (counts.frequencies[form] ?? 0) > 0);
  const words = asked.words.flatMap((word) =>
    word.parts && !used(word) && word.parts.some(used)
      ? word.parts.filter((part) => !asked.words.some((other) => other.word === part.word))
      : [word],
  );
  return words.length === asked.words.length && words.every((word, index) => word === asked.words[index])
    ? asked
    : { ...asked, words };
}
