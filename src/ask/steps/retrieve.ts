import { loadLexicon } from '../../lexicon/lexicon.js';
import { readQuestion } from '../evidence/question.js';
import { queryWords } from '../evidence/terms.js';
import { splitUnusedCompounds, weighWords, wordsToCount } from '../evidence/weights.js';
import type { AskStep } from '../request-context.js';

/**
 * Read the question (its asked words, their forms and relatives from the lexicon), weigh each word by how
 * rare it is among the chunks the asker may read, then retrieve passages in effect at the request's
 * instant through the shared retriever, the access filter applied inside each leg's query. A word no
 * chunk mentions is searched for through its relatives that some chunk does mention (`yearly` → `annual`).
 */
/** Passages retrieved per passage configured (`retrieval.k`): the weighing chooses among them. */
const candidatesPerPassage = 3;

export const retrieve: AskStep = async (context) => {
  const read = readQuestion(context.question, await loadLexicon());
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
  context.asked = asked;
  context.weights = weighWords(asked, counts);
  const known = (phrase: string) => phrase.split(/\s+/).every((part) => (counts.frequencies[part] ?? 0) > 0);
  const reach = asked.words.flatMap((word, index) =>
    (context.weights[index]?.documents ?? 0) > 0 ? [] : word.relatives.filter(known).slice(0, 3),
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
