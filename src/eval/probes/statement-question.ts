import { compromise } from '../../util/compromise.js';
import type { ValueDetector } from '../../values/value.js';
import { lowerFirst } from './probe.js';
import { type Statement, sentenceAt, statementsOf } from './statements.js';
import { valueQuestion } from './value-question.js';

/** What probe generators need from a part-of-speech tagger (compromise, loaded once per run). */
export interface ClauseTagger {
  /** Whether a clause is an instruction: it starts with a verb in its base form ("Confirm the order ..."). */
  isInstruction(clause: string): boolean;
  /** Its noun phrases, in order ("the refund window", "unopened bags"). */
  nounPhrases(clause: string): string[];
}

/** compromise as a `ClauseTagger` (about 300 ms to load: only when probes are generated). */
export async function loadClauseTagger(): Promise<ClauseTagger> {
  const nlp = compromise();
  return {
    isInstruction(clause) {
      const [first] = nlp(clause).terms().json() as { terms: { tags: string[] }[] }[];
      const tags = new Set(first?.terms[0]?.tags ?? []);
      return tags.has('Imperative') || (tags.has('Infinitive') && !tags.has('Noun'));
    },
    nounPhrases(clause) {
      return (
        (nlp(clause).nouns().out('array') as string[])
          .map((phrase) =>
            phrase
              .replace(/[()[\]{}"“”]/g, ' ')
              .replace(/[.,;:!?]+$/, '')
              .replace(/\s+/g, ' ')
              .trim(),
          )
          // A phrase is asked about by its words: a number in it ("4 suits") is a value, not a topic.
          .filter(
            (phrase) =>
              /\p{L}{3,}/u.test(phrase) && !/\d/.test(phrase) && !/^(it|this|that|they|them|you|we|i)$/i.test(phrase),
          )
      );
    },
  };
}

/**
 * A question a person would ask about what a statement says, without quoting it whole: for a statement
 * of a fact value, the question whose answer is that value (`valueQuestion`); for an instruction, "How
 * do I <instruction>?" ("Never <x>" → "Can I <x>?"); otherwise a question about its noun phrases. Used by
 * the permission, deletion and format probes, which need a question that finds a passage, not a value.
 */
export function statementQuestion(
  statement: Statement,
  options: { detector: ValueDetector; tagger: ClauseTagger },
): string | undefined {
  const values = options.detector
    .detect(statement.text, { classes: ['fact'] })
    .filter((value) => value.kind !== 'plan');
  for (const value of values) {
    const question = valueQuestion(statement.text, value, statement);
    if (question) return question;
  }
  const clause = (statement.text.split(/\s*(?:<or>|;|\s>\s|(?<=[.!?])\s+|,\s+)\s*/)[0] ?? '')
    .replace(/[.!?:]+$/, '')
    .trim();
  const words = clause.split(/\s+/);
  if (words.length < 3) return undefined;
  const never = /^never\s+(.*)$/i.exec(clause);
  if (never?.[1]) return `Can I ${never[1]}?`;
  if (options.tagger.isInstruction(clause) && words.length <= 16) return `How do I ${lowerFirst(clause)}?`;
  const phrases = options.tagger.nounPhrases(clause).slice(0, 2);
  if (phrases.length === 0) return undefined;
  return `What about ${phrases.map((phrase) => lowerFirst(phrase)).join(' and ')}?`;
}

/**
 * A question about a section (a chunk and its heading), from its statements: a statement of a fact value
 * first, else the first statement a question can be built from. Returns the statement it came from.
 */
export function sectionQuestion(
  section: { text: string; heading: string },
  options: { detector: ValueDetector; tagger: ClauseTagger },
): { question: string; statement: string } | undefined {
  const statements = statementsOf(section.text).map((statement) => ({
    ...statement,
    heading: statement.heading ?? section.heading,
  }));
  const states = (statement: Statement) =>
    options.detector.detect(statement.text, { classes: ['fact'] }).some((value) => value.kind !== 'plan');
  for (const statement of [...statements.filter(states), ...statements.filter((entry) => !states(entry))]) {
    const question = statementQuestion(statement, options);
    // The passage must hold the sentence asked about (a long list item may be cut between its sentences).
    if (question) return { question, statement: sentenceAt(statement.text, 0) };
  }
  return undefined;
}
