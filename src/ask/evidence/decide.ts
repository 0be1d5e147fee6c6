import { groundingDetector } from '../grounding.js';
import type { AskedQuestion, AskedWord } from './question.js';
import type { EvidenceUnit } from './units.js';
import type { WordWeight } from './weights.js';

/**
 * The answerability decision, as `trace.coverage` shows it. Every word named here is one of the
 * question's own: never a word of a passage, so nothing of a document the asker may not read is named.
 */
export interface CoverageTrace {
  decision: 'answer' | 'decline';
  /** Over what: the passages (and state) retrieved for the answer, or those a model's answer cites. */
  of: 'retrieved' | 'cited';
  /** Weighted share of the asked words the chosen passages cover (0 to 1). */
  score: number;
  /** `refusal.min_coverage`. */
  threshold: number;
  words: (WordWeight & { covered: Match | null })[];
  /** Asked-about words that no passage the asker may read mentions (nor a form or relative of them). */
  missing: string[];
  /** Asked-about words the chosen passages do not mention. */
  uncovered: string[];
  /**
   * The kind of answer the question asks for: `list` (`which refund methods`: a list kept whole answers
   * it), `steps` (`what should they check`: the steps, not the problem), or `null`.
   */
  answer_kind: 'list' | 'steps' | null;
  /** The kind of value the question asks for, and whether the chosen passages state one. */
  expects: { cue: string; kinds: string[]; found: boolean } | null;
  /** Why, in a sentence. */
  reason: string;
  /**
   * Which score chose the units quoted: `learned` (the learned unit score, `rerank.ts`, when the decision
   * was to answer and its units cover the question too) or `hand` (the IDF-weighted score alone).
   */
  ranking?: 'learned' | 'hand';
}

/**
 * How a unit mentions an asked word: in its own text, through a relative (`declined` for `rejected`),
 * in the list item it is nested in, or only in its headings; and what each counts for.
 */
export type Match = 'text' | 'related' | 'parent' | 'heading';
export const matchStrength: Record<Match, number> = { text: 1, related: 0.7, parent: 0.8, heading: 0.5 };
/**
 * The answerability decision over the units an answer would draw on (units that ask rather than tell, a
 * list of FAQ questions, cover nothing). Declined when
 * 1. a topic word (a noun or a name) is mentioned by no chunk the asker may read, nor a form or relative of
 *    it (`Canada`, `bitcoin`): nothing the asker may read is about it;
 * 2. the units cover less than `minCoverage` of the asked words, weighted by IDF (a rare word counts far
 *    more than `order` or `customer`);
 * 3. the units do not mention the question's most discriminating topic word (`subscription` in "can a
 *    silver member get more time to pay their subscription");
 * 4. the question asks for a kind of value (`how much`, `how long`, `phone number`) the units do not state.
 */
export function decide(options: {
  asked: AskedQuestion;
  weights: readonly WordWeight[];
  units: readonly EvidenceUnit[];
  minCoverage: number;
}): CoverageTrace {
  const { asked, weights } = options;
  const telling = options.units.filter((unit) => !unit.asks);
  const coverageBy = (units: readonly EvidenceUnit[]) => {
    const words = weights.map((entry) => {
      const word = asked.words.find((candidate) => candidate.word === entry.word);
      const matches = word ? units.map((unit) => matchOf(word, unit)) : [];
      const covered =
        (['text', 'related', 'parent', 'heading'] as const).find((kind) => matches.includes(kind)) ?? null;
      return { ...entry, covered };
    });
    const reached = words.reduce(
      (sum, entry) => sum + entry.weight * (entry.covered ? matchStrength[entry.covered] : 0),
      0,
    );
    return { words, reached };
  };
  const { words, reached } = coverageBy(telling);
  const total = words.reduce((sum, entry) => sum + entry.weight, 0);
  const score = total > 0 ? Math.round((reached / total) * 1000) / 1000 : 0;
  const missing = words.filter((entry) => entry.unknown && entry.topic && entry.covered === null).map((e) => e.word);
  const uncovered = words.filter((entry) => entry.covered === null && entry.weight > 0).map((entry) => entry.word);
  // The key is a topic some chunk names itself: one known only through a relative (`replacement`, where the
  // passages say `new`) is weighed, but a paraphrase cannot be the question's most specific word.
  const topics = words.filter((entry) => entry.topic && entry.weight > 0 && entry.documents > 0);
  const key = topics.reduce<(typeof words)[number] | undefined>(
    (best, entry) => (best === undefined || entry.weight > best.weight ? entry : best),
    undefined,
  );
  const specific = asked.words.filter((word) =>
    words.some((entry) => entry.word === word.word && entry.weight > 0 && entry.weight >= 0.4 * (key?.weight ?? 0)),
  );
  const expects = asked.expects
    ? {
        cue: asked.expects.cue,
        kinds: [...asked.expects.kinds],
        // The value must be stated about one of the question's specific words (weighing at least 40% of its
        // most specific topic): `$8.00` for shipping does not answer what gift wrapping costs.
        found: telling.some(
          (unit) =>
            statesKind(unit.text, asked.expects?.kinds ?? []) &&
            (specific.length === 0 || specific.some((word) => matchOf(word, unit) !== null)),
        ),
      }
    : null;
  const quoted = (list: readonly string[]) => list.map((word) => `"${word}"`).join(', ');
  let reason: string;
  const keyMissing = key !== undefined && key.covered === null;
  if (missing.length > 0) reason = `no passage the asker may read mentions ${quoted(missing)}`;
  else if (telling.length === 0 || total === 0) reason = 'no passage the asker may read matches the question';
  else if (score < options.minCoverage)
    reason = `the best passages cover ${percent(score)} of the question (${percent(options.minCoverage)} needed); not covered: ${quoted(uncovered)}`;
  else if (keyMissing) reason = `the best passages do not mention "${key.word}", the question's most specific word`;
  else if (expects && !expects.found)
    reason = `the question asks "${expects.cue}", and the passages found state no ${expects.kinds[0]}`;
  else reason = `the passages cover ${percent(score)} of the question`;
  const answer =
    telling.length > 0 &&
    total > 0 &&
    missing.length === 0 &&
    score >= options.minCoverage &&
    !keyMissing &&
    (expects === null || expects.found);
  return {
    decision: answer ? 'answer' : 'decline',
    of: 'retrieved',
    score,
    threshold: options.minCoverage,
    words,
    missing,
    uncovered,
    answer_kind: asked.enumerates !== undefined ? 'list' : asked.procedure ? 'steps' : null,
    expects,
    reason,
  };
}

/** How a unit mentions an asked word (see `Match`), or `null`. */
export function matchOf(word: AskedWord, unit: EvidenceUnit): Match | null {
  const within = (parts: readonly string[]) => parts.every((part) => unit.terms.has(part));
  if (word.forms.some(within)) return 'text';
  if (word.related.some(within)) return 'related';
  if (mentions(word, unit.parent ?? new Set<string>())) return 'parent';
  if (mentions(word, unit.context)) return 'heading';
  return null;
}

/** Whether a set of terms holds every part of one of an asked word's forms or relatives. */
export function mentions(word: AskedWord, terms: ReadonlySet<string>): boolean {
  const within = (parts: readonly string[]) => parts.every((part) => terms.has(part));
  return word.forms.some(within) || word.related.some(within);
}

export function statesKind(text: string, kinds: readonly string[]): boolean {
  return groundingDetector()
    .detect(text)
    .some((value) => kinds.includes(value.kind));
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
