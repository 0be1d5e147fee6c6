import type { Hit } from '../../store/knowledge-store.js';
import { type CoverageTrace, decide, matchOf, matchStrength, mentions, statesKind } from './decide.js';
import { type AskedQuestion, boundOf } from './question.js';
import { type RerankModel, rerankModel, rerankProbability, type UnitFeatures } from './rerank.js';
import { contentTerms } from './terms.js';
import type { EvidenceUnit } from './units.js';
import type { WordWeight } from './weights.js';

export type { CoverageTrace };

export interface ScoredUnit {
  unit: EvidenceUnit;
  score: number;
  /** Asked words the unit's own text mentions (or a relative of). */
  matched: string[];
  /** The learned score's probability that the unit answers (when the learned score chose the selection). */
  probability?: number;
}

/** A candidate unit as the weighing saw it: its hand-written score and the learned score's features. */
export interface Candidate {
  unit: EvidenceUnit;
  score: number;
  matched: string[];
  covered: string[];
  order: number;
  features: UnitFeatures;
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
  /** The learned unit score choosing which units answer (default: the committed model; `null`: the hand score only). */
  rerank?: RerankModel | null;
  /** Called with every candidate unit and its features (the fit script collects them). */
  onCandidates?: (candidates: readonly Candidate[]) => void;
}

/** A list item answering a question that asks what to do counts this much more (steps, not the problem). */
const stepBoost = 1.5;
/** A unit that asks rather than tells (a list of FAQ questions) rarely answers one. */
const askingPenalty = 0.25;
/** A unit stating the kind of value asked for (`how much` → money) gains this share of the best word's weight. */
const valueBonus = 0.5;
/** A unit mentioning an asked word no better unit mentions is kept down to this share of the best score. */
const secondPartBar = 0.15;
/** A unit opening with what it lists (`Options include`, `valid methods are`). */
const announcing = /^\W*(?:[\w'-]+\s+){0,3}(?:options?|choices?|methods?|ways?|kinds?|types?|levels?)\b/i;
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
  const totalWeight = weights.reduce((sum, entry) => sum + entry.weight, 0) || 1;
  const askedKeys = new Set(asked.words.flatMap((word) => [...word.forms, ...word.related].flat()));
  // Per passage (its units share their headings): the asked weight its headings, its section's own
  // heading and its document's title mention.
  const headingsOf = new Map<unknown, { heading: number; section: number; title: number }>();
  const headingShares = (unit: EvidenceUnit) => {
    const key = unit.source.type === 'passage' ? unit.source.hit : unit.source.connector;
    const known = headingsOf.get(key);
    if (known) return known;
    const sectionTerms = new Set(
      unit.source.type === 'passage' ? contentTerms(unit.source.hit.heading_path.at(-1) ?? '') : [],
    );
    const titleTerms = new Set(unit.source.type === 'passage' ? contentTerms(unit.source.hit.title) : []);
    const shares = { heading: 0, section: 0, title: 0 };
    for (const word of asked.words) {
      const weight = weightOf.get(word.word) ?? 0;
      if (mentions(word, unit.context)) shares.heading += weight;
      if (mentions(word, sectionTerms)) shares.section += weight;
      if (mentions(word, titleTerms)) shares.title += weight;
    }
    headingsOf.set(key, shares);
    return shares;
  };
  const scored = eligible.map((unit, order) => {
    let raw = 0;
    let own = 0;
    let around = 0;
    let heading = 0;
    let section = 0;
    let title = 0;
    const matched: string[] = [];
    const covered: string[] = [];
    for (const word of asked.words) {
      const weight = weightOf.get(word.word) ?? 0;
      const match = matchOf(word, unit);
      if (match === null) continue;
      covered.push(word.word);
      if (match === 'text' || match === 'related') {
        matched.push(word.word);
        own += weight * matchStrength[match];
      } else around += weight * matchStrength[match];
      raw += weight * matchStrength[match];
    }
    // The headings' share, for the learned score: only for units it may choose (mentioning an asked word).
    if (covered.length > 0) ({ heading, section, title } = headingShares(unit));
    // A unit about the question's most specific topic, stating the kind of value asked for.
    const about = keyTopic === undefined || covered.includes(keyTopic);
    // Read for values only where it counts: a unit about the question's most specific topic (the value
    // detector is the costliest step of the weighing).
    const statesAsked = raw > 0 && about && asked.expects !== undefined && statesKind(unit.text, asked.expects.kinds);
    if (statesAsked) raw += valueBonus * topWeight;
    const asks = unit.asks === true || isLabel(unit);
    if (asks) raw *= askingPenalty;
    // `over a week` is answered by the case `a week or longer`, not by the case `less than a week`.
    const otherWay =
      asked.bound !== undefined && boundOf(unit.text) !== undefined && boundOf(unit.text) !== asked.bound;
    if (otherWay) raw *= otherBound;
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
    const restating = [...unit.terms].filter((term) => askedKeys.has(term)).length;
    const features: UnitFeatures = {
      coverage: own / totalWeight,
      context_coverage: around / totalWeight,
      heading: heading / totalWeight,
      section: section / totalWeight,
      title: title / totalWeight,
      announces: unit.announces || announcing.test(unit.text) ? 1 : 0,
      key_topic: keyTopic !== undefined && matched.includes(keyTopic) ? 1 : 0,
      // States the kind of value asked for, about the question's most specific topic.
      value_asked: statesAsked ? 1 : 0,
      value_missing: asked.expects !== undefined && !statesAsked ? 1 : 0,
      number: /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\b/i.test(unit.text) ? 1 : 0,
      list_asked: asked.enumerates !== undefined && unit.list ? 1 : 0,
      item: unit.item ? 1 : 0,
      step_asked: asked.procedure && unit.item ? 1 : 0,
      asks: asks ? 1 : 0,
      restates: unit.terms.size > 0 ? restating / unit.terms.size : 0,
      adds: Math.log1p(unit.terms.size - restating),
      problem: !unit.item && unit.position <= 1 && unit.source.type === 'passage' ? 1 : 0,
      other_bound: otherWay ? 1 : 0,
      retrieval: unit.source.type === 'passage' && bestHit > 0 ? unit.source.hit.score / bestHit : 1,
      state: unit.source.type === 'state' ? 1 : 0,
    };
    const wording = options.question === undefined ? 0 : wordingShare(questionPairs, unit.text);
    return { unit, score: raw * factor * (1 + wordingBonus * wording), matched, covered, order, features };
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
  // The learned score's features that need the whole candidate set.
  const bestOwn = Math.max(0, ...scored.map((entry) => entry.features.coverage ?? 0));
  // What the unit's section says of the question as a whole, and whether the unit is the prose a section
  // opens with before its steps (in a manual: the problem, not what to do about it).
  const sectionWords = new Map<string, Set<string>>();
  const lastItem = new Map<Hit, number>();
  for (const entry of scored) {
    const key = sectionOf(entry.unit);
    const words = sectionWords.get(key) ?? new Set<string>();
    for (const word of entry.matched) words.add(word);
    sectionWords.set(key, words);
    if (entry.unit.source.type === 'passage' && entry.unit.item)
      lastItem.set(entry.unit.source.hit, Math.max(lastItem.get(entry.unit.source.hit) ?? -1, entry.unit.position));
  }
  for (const entry of scored) {
    const words = sectionWords.get(sectionOf(entry.unit)) ?? new Set<string>();
    entry.features.section_coverage =
      [...words].reduce((sum, word) => sum + (weightOf.get(word) ?? 0), 0) / totalWeight;
    entry.features.before_steps =
      entry.unit.source.type === 'passage' &&
      !entry.unit.item &&
      (lastItem.get(entry.unit.source.hit) ?? -1) > entry.unit.position
        ? 1
        : 0;
    entry.features.hand_score = best > 0 ? entry.score / best : 0;
    entry.features.coverage_rel = bestOwn > 0 ? (entry.features.coverage ?? 0) / bestOwn : 0;
    entry.features.best_passage = top !== undefined && sibling(entry.unit) ? 1 : 0;
  }
  options.onCandidates?.(scored);
  const model = options.rerank === undefined ? rerankModel : options.rerank;
  // The decision is the hand score's; when it answers, the learned score picks the units quoted, provided
  // they cover the question as well (else the hand score's choice stands).
  if (model !== null && coverage.decision === 'answer') {
    const learned = learnedSelection(scored, model, chosen);
    // Leading the hand score's units with units it already chose quotes the same units: same coverage. Any
    // other selection is weighed again (a superset of an answering selection, `lead`, always answers too).
    const hand = new Set(chosen.map((entry) => entry.unit));
    const same = learned.length === chosen.length && learned.every((entry) => hand.has(entry.unit));
    const relearned = same
      ? coverage
      : decide({ asked, weights, units: learned.map((entry) => entry.unit), minCoverage: options.minCoverage });
    if (learned.length > 0 && relearned.decision === 'answer') {
      return {
        selection: learned.map(({ unit, score, matched, probability }) => ({
          unit,
          score,
          matched,
          ...(probability !== undefined ? { probability } : {}),
        })),
        coverage: { ...relearned, ranking: 'learned' },
        relevant: true,
      };
    }
  }
  return {
    selection: chosen.map(({ unit, score, matched }) => ({ unit, score, matched })),
    coverage: { ...coverage, ranking: 'hand' },
    relevant: coverage.decision === 'answer',
  };
}

/**
 * The units the learned score quotes. With `lead`, its `lead` most probable units that mention an asked
 * word go first, then the hand score's choice; without, the most probable unit, then the others within
 * `keep` of its probability, best first, each adding to the answer (see `withoutRedundant`).
 */
function learnedSelection<T extends Candidate>(
  scored: readonly T[],
  model: RerankModel,
  chosen: readonly T[],
): (T & { probability?: number })[] {
  const ranked = scored
    .filter((entry) => entry.covered.length > 0)
    .map((entry) => ({ ...entry, probability: rerankProbability(entry.features, model) }))
    .sort((a, b) => b.probability - a.probability || a.order - b.order);
  const first = ranked[0];
  if (!first) return [];
  if (model.lead !== undefined && model.lead > 0) {
    const leading = ranked.slice(0, model.lead);
    const units = new Set(leading.map((entry) => entry.unit));
    return [...leading, ...chosen.filter((entry) => !units.has(entry.unit))];
  }
  return withoutRedundant(ranked.filter((entry) => entry.probability >= model.keep * first.probability));
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
