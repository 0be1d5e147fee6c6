import type { Hit } from '../../store/knowledge-store.js';
import { type CoverageTrace, decide, matchOf, matchStrength, statesKind } from './decide.js';
import { type AskedQuestion, boundOf } from './question.js';
import type { EvidenceUnit } from './units.js';
import type { WordWeight } from './weights.js';

export type { CoverageTrace };

export interface ScoredUnit {
  unit: EvidenceUnit;
  score: number;
  /** Asked words the unit's own text mentions (or a relative of). */
  matched: string[];
}

export interface Evidence {
  /** Units that may support an answer, best first: within `ratio` of the best score. */
  selection: ScoredUnit[];
  coverage: CoverageTrace;
  /** Whether the evidence covers the question well enough to answer at all. */
  relevant: boolean;
}

export interface WeighOptions {
  asked: AskedQuestion;
  weights: readonly WordWeight[];
  units: readonly EvidenceUnit[];
  /** Connectors the question triggered (by their `when` words). Their records count only for a personal question. */
  triggered: ReadonlySet<string>;
  /** `refusal.min_coverage`. */
  minCoverage: number;
  /** The question as asked: a unit repeating its wording wins a near tie (`wordingShare`). */
  question?: string | undefined;
  /** Keep units scoring at least this share of the best (default 0.5; half that for the best passage's own units). */
  ratio?: number;
}

/** A list item answering a question that asks what to do counts this much more (steps, not the problem). */
const stepBoost = 1.5;
/** A unit that asks rather than tells (a list of FAQ questions) rarely answers one. */
const askingPenalty = 0.25;
/** A unit stating the kind of value asked for (`how much` → money) gains this share of the best word's weight. */
const valueBonus = 0.5;
/** A unit mentioning an asked word no better unit mentions is kept down to this share of the best score. */
const secondPartBar = 0.15;
/** A unit bounding a quantity the other way than the question (`less than` for `over`) counts this much. */
const otherBound = 0.5;
/** Records of a connector a personal question asked about outrank passages that share only those words. */
const triggeredBoost = 3;
/**
 * A unit repeating the question's own wording gains up to this share of its score. It decides near ties
 * only: passages that say nearly the same thing get BM25 scores a fraction of a percent apart (noise
 * from the index's statistics), and a question is often one of their sentences with the value blanked.
 */
const wordingBonus = 0.02;

/**
 * Score every unit by the asked words it mentions, each weighted by its IDF (headings and parent items
 * count half, relatives 0.7), scaled by its passage's retrieval score; keep the ones close to the best;
 * then decide whether they answer (see `decide`). Deterministic: ties keep retrieval order.
 */
export function weighEvidence(options: WeighOptions): Evidence {
  const { asked, weights } = options;
  const weightOf = new Map(weights.map((entry) => [entry.word, entry.weight]));
  // A whole list answers a question asking for the options (`which refund methods`); others get its items.
  const eligible = options.units.filter(
    (unit) =>
      (unit.source.type === 'passage' && (!unit.list || asked.enumerates !== undefined)) ||
      (unit.source.type === 'state' && asked.personal && options.triggered.has(unit.source.connector)),
  );
  const bestHit = Math.max(0, ...eligible.map((unit) => (unit.source.type === 'passage' ? unit.source.hit.score : 0)));
  const topWeight = Math.max(0, ...weights.map((entry) => entry.weight));
  const keyTopic = weights
    .filter((entry) => entry.topic && entry.weight > 0 && entry.documents > 0)
    .reduce<WordWeight | undefined>(
      (best, entry) => (best === undefined || entry.weight > best.weight ? entry : best),
      undefined,
    )?.word;
  const questionPairs = options.question === undefined ? new Set<string>() : wordPairs(options.question);
  const scored = eligible.map((unit, order) => {
    let raw = 0;
    const matched: string[] = [];
    const covered: string[] = [];
    for (const word of asked.words) {
      const match = matchOf(word, unit);
      if (match === null) continue;
      covered.push(word.word);
      if (match === 'text' || match === 'related') matched.push(word.word);
      raw += (weightOf.get(word.word) ?? 0) * matchStrength[match];
    }
    // A unit about the question's most specific topic, stating the kind of value asked for.
    const about = keyTopic === undefined || covered.includes(keyTopic);
    if (raw > 0 && about && asked.expects && statesKind(unit.text, asked.expects.kinds)) raw += valueBonus * topWeight;
    if (unit.asks || isLabel(unit)) raw *= askingPenalty;
    // `over a week` is answered by the case `a week or longer`, not by the case `less than a week`.
    if (asked.bound !== undefined && boundOf(unit.text) !== undefined && boundOf(unit.text) !== asked.bound)
      raw *= otherBound;
    if (asked.procedure && unit.item) raw *= stepBoost;
    // Prose mentioning the listed noun (`the payment method of their refund`) names one, it lists none.
    if (asked.enumerates && !unit.item) raw /= stepBoost;
    if (asked.enumerates && unit.list && raw > 0)
      raw = (raw + listHeadBonus(asked, unit, weightOf, topWeight)) * stepBoost;
    const factor =
      unit.source.type === 'passage'
        ? bestHit > 0
          ? 0.5 + (0.5 * unit.source.hit.score) / bestHit
          : 1
        : triggeredBoost;
    const wording = options.question === undefined ? 0 : wordingShare(questionPairs, unit.text);
    return { unit, score: raw * factor * (1 + wordingBonus * wording), matched, covered, order };
  });
  if (asked.procedure) stepsAfterTheProblem(scored);
  const best = Math.max(0, ...scored.map((entry) => entry.score));
  const ratio = options.ratio ?? 0.5;
  // When a passage leads, units of the best passage (most asked words in its text and headings, then
  // retrieval rank) that mention the question themselves are kept at a lower bar: it was retrieved whole.
  const leader = scored.find((entry) => entry.score === best);
  const top = leader?.unit.source.type === 'passage' ? bestPassage(scored) : undefined;
  const sibling = (unit: EvidenceUnit) => unit.source.type === 'passage' && unit.source.hit === top;
  const stating = (entry: { unit: EvidenceUnit }) =>
    asked.expects !== undefined && statesKind(entry.unit.text, asked.expects.kinds);
  const kept =
    best <= 0
      ? []
      : scored
          .filter(
            (entry) =>
              entry.score > 0 &&
              (entry.score >= ratio * best - 1e-9 ||
                (sibling(entry.unit) && entry.matched.length > 0 && entry.score >= (ratio / 2) * best)),
          )
          .sort((a, b) => b.score - a.score || a.order - b.order);
  // A question in several parts: the best unit mentioning a word the kept units do not is kept too.
  const mentioned = new Set(kept.flatMap((entry) => entry.matched));
  for (const entry of [...scored].sort((a, b) => b.score - a.score || a.order - b.order)) {
    if (kept.includes(entry) || entry.unit.asks || entry.score < secondPartBar * best) continue;
    if (!entry.matched.some((word) => !mentioned.has(word))) continue;
    kept.push(entry);
    for (const word of entry.matched) mentioned.add(word);
  }
  // A question asking for a value (`how much`) is answered first by the best unit that states one.
  const firstStating = kept.findIndex(stating);
  if (firstStating > 0) kept.unshift(...kept.splice(firstStating, 1));
  const chosen = withoutRedundant(kept);
  const coverage = decide({
    asked,
    weights,
    units: chosen.map((entry) => entry.unit),
    minCoverage: options.minCoverage,
  });
  return {
    selection: chosen.map(({ unit, score, matched }) => ({ unit, score, matched })),
    coverage,
    relevant: coverage.decision === 'answer',
  };
}

/**
 * Keep a unit only when it adds to the answer: it comes from a passage already quoted (a passage is read
 * whole: the next step, the sibling option), or it mentions an asked word the units before it do not.
 * A sentence of another document that only repeats a word already covered is a neighbour, not an answer.
 */
function withoutRedundant<T extends { unit: EvidenceUnit; covered: string[] }>(kept: readonly T[]): T[] {
  const chosen: T[] = [];
  const passages = new Set<string>();
  const covered = new Set<string>();
  for (const entry of kept) {
    const passage =
      entry.unit.source.type === 'passage'
        ? `${entry.unit.source.hit.id}@${entry.unit.source.hit.version}#${entry.unit.source.hit.chunk}`
        : `state:${entry.unit.source.connector}`;
    const adds = entry.covered.some((word) => !covered.has(word));
    if (chosen.length > 0 && !passages.has(passage) && !adds) continue;
    chosen.push(entry);
    passages.add(passage);
    for (const word of entry.covered) covered.add(word);
  }
  return chosen;
}

/**
 * A question asking what to do is often matched best by the sentence stating the problem (`the search
 * keeps showing no results`), while the answer is the list of steps in the same section. When prose leads,
 * the list items of its section rank just below it, and it drops below them.
 */
function stepsAfterTheProblem(scored: { unit: EvidenceUnit; score: number }[]): void {
  const leader = scored.reduce<{ unit: EvidenceUnit; score: number } | undefined>(
    (best, entry) => (best === undefined || entry.score > best.score ? entry : best),
    undefined,
  );
  if (!leader || leader.unit.item || leader.unit.source.type !== 'passage') return;
  const section = sectionOf(leader.unit);
  const steps = scored.filter(
    (entry) => entry.unit.item && !entry.unit.asks && !isLabel(entry.unit) && sectionOf(entry.unit) === section,
  );
  if (steps.length === 0) return;
  const top = leader.score;
  for (const step of steps) step.score = Math.max(step.score, 0.8 * top);
  leader.score = 0.6 * top;
}

/**
 * What a list's opening says it lists: the asked words it mentions count again (the opening names what
 * the list is of: `Refund method`), and an opening announcing choices (`valid options are`) gains the
 * best word's weight.
 */
function listHeadBonus(
  asked: AskedQuestion,
  unit: EvidenceUnit,
  weightOf: ReadonlyMap<string, number>,
  topWeight: number,
): number {
  const head = unit.head ?? new Set<string>();
  const within = (parts: readonly string[]) => parts.every((part) => head.has(part));
  let bonus = 0;
  for (const word of asked.words) {
    if (word.forms.some(within) || word.related.some(within)) bonus += weightOf.get(word.word) ?? 0;
  }
  if (unit.announces) bonus += topWeight;
  return bonus;
}

/** Adjacent word pairs of a text, lower-cased (`$0` and `make it` count: wording, not content). */
function wordPairs(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}$]+/gu) ?? [];
  const pairs = new Set<string>();
  for (let index = 1; index < words.length; index++) pairs.add(`${words[index - 1]} ${words[index]}`);
  return pairs;
}

/** The share of the question's word pairs a unit's text repeats (0 to 1). */
function wordingShare(question: ReadonlySet<string>, text: string): number {
  if (question.size === 0) return 0;
  let shared = 0;
  for (const pair of wordPairs(text)) if (question.has(pair)) shared++;
  return shared / question.size;
}

/** A bare label (`Option 1`, `Optional Step`): too short to state anything. */
function isLabel(unit: EvidenceUnit): boolean {
  return unit.text.split(/\s+/).length < 3;
}

function sectionOf(unit: EvidenceUnit): string {
  return unit.source.type === 'passage'
    ? `${unit.source.hit.id}@${unit.source.hit.version}#${unit.source.hit.heading_path.join('/')}`
    : `state:${unit.source.connector}`;
}

function bestPassage(scored: readonly { unit: EvidenceUnit; covered: string[] }[]): Hit | undefined {
  const coverage = new Map<Hit, { terms: Set<string>; rank: number }>();
  for (const { unit, covered } of scored) {
    if (unit.source.type !== 'passage') continue;
    const entry = coverage.get(unit.source.hit) ?? { terms: new Set<string>(), rank: unit.source.rank };
    for (const term of covered) entry.terms.add(term);
    coverage.set(unit.source.hit, entry);
  }
  let best: [Hit, { terms: Set<string>; rank: number }] | undefined;
  for (const candidate of coverage) {
    const [, entry] = candidate;
    if (entry.terms.size === 0) continue;
    if (
      !best ||
      entry.terms.size > best[1].terms.size ||
      (entry.terms.size === best[1].terms.size && entry.rank < best[1].rank)
    ) {
      best = candidate;
    }
  }
  return best?.[0];
}
