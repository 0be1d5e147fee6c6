import type { Hit } from '../../store/knowledge-store.js';
import { contentTerms } from './terms.js';
import type { EvidenceUnit } from './units.js';

export interface ScoredUnit {
  unit: EvidenceUnit;
  score: number;
  /** Question terms the unit's own text contains. */
  matched: string[];
}

export interface Evidence {
  questionTerms: string[];
  /** Units that may support an answer, best first: within `ratio` of the best score. */
  selection: ScoredUnit[];
  /** Share of the question's terms the selection contains (own text or headings). */
  coverage: number;
  /** Whether the evidence covers the question well enough to answer at all. */
  relevant: boolean;
}

export interface WeighOptions {
  question: string;
  units: readonly EvidenceUnit[];
  /** Connectors the question triggered (by their `when` words): their records are what it asks about. */
  triggered: ReadonlySet<string>;
  /** `refusal.min_coverage`. */
  minCoverage: number;
  /** Keep units scoring at least this share of the best (default 0.5; half that for the best passage's own sentences). */
  ratio?: number;
}

/** Weight of a heading (or connector topic) match relative to a match in the sentence itself. */
const contextWeight = 0.5;
/** Records of a connector the question asked about outrank passages that share only those words. */
const triggeredBoost = 3;

/**
 * Score every unit by the question terms it contains (rarer terms weigh more, headings count half),
 * scaled by its passage's retrieval score, and keep the ones close to the best. Deterministic: ties
 * keep retrieval order.
 */
export function weighEvidence(options: WeighOptions): Evidence {
  const questionTerms = contentTerms(options.question);
  const none: Evidence = { questionTerms, selection: [], coverage: 0, relevant: false };
  if (questionTerms.length === 0 || options.units.length === 0) return none;

  const documentFrequency = new Map<string, number>();
  for (const unit of options.units) {
    for (const term of questionTerms) {
      if (unit.terms.has(term) || unit.context.has(term)) {
        documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
      }
    }
  }
  const weight = (term: string) => Math.log(1 + options.units.length / (documentFrequency.get(term) ?? 1));
  const bestHit = Math.max(
    0,
    ...options.units.map((unit) => (unit.source.type === 'passage' ? unit.source.hit.score : 0)),
  );

  const scored = options.units.map((unit, order) => {
    const matched = questionTerms.filter((term) => unit.terms.has(term));
    const contextual = questionTerms.filter((term) => !unit.terms.has(term) && unit.context.has(term));
    const raw =
      matched.reduce((sum, term) => sum + weight(term), 0) +
      contextWeight * contextual.reduce((sum, term) => sum + weight(term), 0);
    const factor =
      unit.source.type === 'passage'
        ? bestHit > 0
          ? 0.5 + (0.5 * unit.source.hit.score) / bestHit
          : 1
        : options.triggered.has(unit.source.connector)
          ? triggeredBoost
          : 1;
    return { unit, score: raw * factor, matched, covered: [...matched, ...contextual], order };
  });
  const best = Math.max(...scored.map((entry) => entry.score));
  if (best <= 0) return none;
  const ratio = options.ratio ?? 0.5;
  // When a passage leads, sentences of the best passage (most question terms in its text and headings,
  // then retrieval rank) that match the question themselves are kept at a lower bar: the passage was
  // retrieved as a whole. When the asker's own state leads, passages must compete on score alone.
  const leader = scored.find((entry) => entry.score === best);
  const top = leader?.unit.source.type === 'passage' ? bestPassage(scored) : undefined;
  const sibling = (unit: EvidenceUnit) => unit.source.type === 'passage' && unit.source.hit === top;
  const kept = scored
    .filter(
      (entry) =>
        entry.score > 0 &&
        (entry.score >= ratio * best - 1e-9 ||
          (sibling(entry.unit) && entry.matched.length > 0 && entry.score >= (ratio / 2) * best)),
    )
    .sort((a, b) => b.score - a.score || a.order - b.order);
  const covered = new Set(kept.flatMap((entry) => entry.covered));
  const coverage = covered.size / questionTerms.length;
  return {
    questionTerms,
    selection: kept.map(({ unit, score, matched }) => ({ unit, score, matched })),
    coverage,
    relevant: coverage >= options.minCoverage,
  };
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
