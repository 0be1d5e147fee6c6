import { loadLexicon } from '../../lexicon/lexicon.js';
import { loadVectors } from '../../lexicon/vectors.js';
import { type AskedWord, readQuestion } from '../evidence/question.js';
import { isStopword, queryWords, stem } from '../evidence/terms.js';
import { splitUnusedCompounds, weighWords, wordsToCount } from '../evidence/weights.js';
import type { AskStep } from '../request-context.js';

/**
 * Read the question (its asked words, their forms and relatives from the lexicon), weigh each word by how
 * rare it is among the chunks the asker may read, then retrieve passages in effect at the request's
 * instant through the shared retriever, the access filter applied inside each leg's query. A word no
 * chunk mentions is searched for through its relatives that some chunk does mention (`yearly` → `annual`).
 */
/** Vector similarity from which a passage word may stand for an unknown asked word, and how many are tried. */
const similarity = Number(process.env.SEAM_ASK_SIMILARITY ?? 0.6);
const neighbours = 12;

/**
 * Which unknown asked words may be reached through word-vector similarity (`SEAM_ASK_SIMILAR`): `off`;
 * `wording`, words that are not topics (a verb, an adjective: `wipe` → `remove`); `all`, every word the
 * dictionary knows that is not a name. A name (`Canada`, `Venmo`) or a word the dictionary does not know
 * (`bitcoin`) is never reached: its decline must not go away because news text puts it beside another.
 */
function similarReach(word: AskedWord, known: boolean): boolean {
  const mode = process.env.SEAM_ASK_SIMILAR ?? 'off';
  if (mode === 'off' || word.name || !known || word.parts || /\d/.test(word.word)) return false;
  return mode === 'all' || !word.topic;
}

/** Passages retrieved per passage configured (`retrieval.k`): the weighing chooses among them. */
const candidatesPerPassage = 3;

export const retrieve: AskStep = async (context) => {
  const lexicon = await loadLexicon();
  const read = readQuestion(context.question, lexicon);
  const reader = context.reader;
  const own = await context.store.termFrequencies({ reader, words: wordsToCount(read) });
  const asked = splitUnusedCompounds(read, own);
  const relatives = wordsToCount(asked, own);
  const counts =
    relatives.length === 0
      ? own
      : {
          chunks: own.chunks,
          frequencies: {
            ...(await context.store.termFrequencies({ reader, words: relatives })).frequencies,
            ...own.frequencies,
          },
        };
  let weights = weighWords(asked, counts);
  const reachable = asked.words.filter(
    (word, index) => weights[index]?.unknown && similarReach(word, lexicon.partsOfSpeech(word.word).length > 0),
  );
  if (reachable.length > 0) {
    const vectors = loadVectors();
    for (const word of reachable) {
      const own = new Set(word.forms.flat());
      word.similar = vectors
        .neighbours(word.word, { min: similarity, limit: neighbours })
        .map((entry) => entry.word)
        .filter((near) => !isStopword(near) && !own.has(stem(near)));
    }
    const asking = [...new Set(reachable.flatMap((word) => word.similar ?? []))];
    if (asking.length > 0) {
      const found = await context.store.termFrequencies({ reader, words: asking });
      Object.assign(counts.frequencies, found.frequencies, { ...counts.frequencies });
      for (const word of reachable) {
        word.similar = (word.similar ?? []).filter((near) => (counts.frequencies[near] ?? 0) > 0).slice(0, 3);
        word.near = word.similar.map((near) => [stem(near)]);
      }
      weights = weighWords(asked, counts);
    }
  }
  context.asked = asked;
  context.weights = weights;
  const known = (phrase: string) => phrase.split(/\s+/).every((part) => (counts.frequencies[part] ?? 0) > 0);
  const reach = asked.words.flatMap((word, index) =>
    (context.weights[index]?.documents ?? 0) > 0
      ? []
      : [...word.relatives.filter(known).slice(0, 3), ...(word.similar ?? []).slice(0, 2)],
  );
  const result = await context.retriever.retrieve({
    query: [queryWords(context.question), ...reach].join(' '),
    reader: context.reader,
    // Candidates for the weighing: it reads every sentence, and a manual that repeats its action names
    // in every section ranks the one sentence that answers below passages that only share those names.
    k: context.config.retrieval.k * candidatesPerPassage,
    collection: context.config.retrieval.collection,
    asOf: context.at,
  });
  context.hits = result.hits;
  context.trace.hits = result.hits.map((hit) => ({
    id: hit.id,
    version: hit.version,
    chunk: hit.chunk,
    score: hit.score,
    used: false,
  }));
};
