import { type CategoryId, categoryIds } from '../taxonomy/index.js';
import { microScores } from './evaluate.js';

/**
 * The decision rule that turns strand scores into categories, precise before eager: a category is assigned
 * only when its score reaches its own threshold, a strand gets at most `maxCategories`, a complaint with no
 * confident strand may still get the one category its strands point to most (`poolRatio`), and a strand
 * left without a category is "unclear" (Seam asks a question) when it more likely than not names a symptom
 * (`symptomFloor`), or names no symptom below it.
 */
export interface DecisionRule {
  /** Per category: assigned when its score reaches this. */
  thresholds: Record<CategoryId, number>;
  /** The most categories one strand is given (the ones furthest above their thresholds). */
  maxCategories: number;
  /**
   * Pooling over the whole complaint: when no strand of it reaches a threshold, the one category furthest
   * towards its threshold (score over threshold, across every strand) is still assigned when that ratio
   * reaches this. 1 turns pooling off.
   */
  poolRatio: number;
}

/** What the rule reads of a strand: its chance of naming a symptom, and its score per category. */
export interface ScoredStrand {
  symptom: number;
  categories: Record<CategoryId, number>;
}

/**
 * The categories of each strand of one complaint: `assignCategories` per strand, and when that gives the
 * complaint nothing, the pooled best (see `poolRatio`) on the strand that carries it.
 */
export function assignComplaint(rule: DecisionRule, strands: readonly ScoredStrand[]): CategoryId[][] {
  const assigned = strands.map((strand) => assignCategories(rule, strand));
  if (assigned.some((categories) => categories.length > 0) || rule.poolRatio >= 1) return assigned;
  let best: { at: number; id: CategoryId; ratio: number } | undefined;
  strands.forEach((strand, at) => {
    if (strand.symptom < symptomFloor) return;
    for (const id of categoryIds) {
      const ratio = strand.categories[id] / rule.thresholds[id];
      if (!best || ratio > best.ratio) best = { at, id, ratio };
    }
  });
  if (best && best.ratio >= rule.poolRatio) assigned[best.at] = [best.id];
  return assigned;
}

/**
 * A strand gets a category only when it more likely than not names a symptom at all: "Hi all", "The bot is
 * useless" and "Customers are angry" name none, whatever their words lean to. On the development split this
 * costs nothing measurable (posts F1 0.800 either way, reports 0.807 to 0.806); 0.7 would cost 0.02. A strand
 * at or above it with no confident category is unclear: it names a problem, but not which.
 */
export const symptomFloor = 0.5;

/** The categories the rule assigns a strand, furthest above its threshold first. */
export function assignCategories(rule: DecisionRule, strand: ScoredStrand): CategoryId[] {
  if (strand.symptom < symptomFloor) return [];
  const scores = strand.categories;
  return categoryIds
    .filter((id) => scores[id] >= rule.thresholds[id])
    .sort((a, b) => scores[b] - rule.thresholds[b] - (scores[a] - rule.thresholds[a]))
    .slice(0, rule.maxCategories);
}

/**
 * For a strand left without a category: the likely categories, best first (the candidates its question
 * names), when it more likely than not names a symptom; none when it names none. The runner-up is named
 * when it scores at least half the best.
 */
export function unclearCandidates(strand: ScoredStrand): CategoryId[] {
  if (strand.symptom < symptomFloor) return [];
  const ranked = [...categoryIds].sort((a, b) => strand.categories[b] - strand.categories[a]);
  const best = strand.categories[ranked[0] as CategoryId];
  return ranked.filter((id, at) => at === 0 || strand.categories[id] >= best / 2).slice(0, 2);
}

/** A complaint as calibration sees it: its strands' out-of-fold scores, and the union of its gold categories. */
export interface CalibrationComplaint {
  strands: readonly ScoredStrand[];
  gold: readonly CategoryId[];
}

/** A gold strand as calibration sees it: its out-of-fold scores and its gold categories. */
export interface CalibrationStrand {
  scores: ScoredStrand;
  categories: readonly CategoryId[];
}

/**
 * The precision the rule aims for on the development split. The aim for real complaints is 0.75;
 * 0.05 more leaves room for complaints less like the training data than the development split is.
 */
export const precisionFloor = 0.8;

/**
 * Choose the rule on development scores (out-of-fold scores of the training split), per complaint as a
 * user of `--file` sees it (its strands as the splitter cuts them, the union of their categories against the
 * complaint's gold union): for each cap on categories per strand, thresholds by coordinate ascent (two
 * passes over the categories, a grid of 0.05 to 0.9; ties go to the higher threshold), then the pooling
 * ratio (0.7 at least: pooling further would be a guess, not a diagnosis), each maximising micro-F1 while
 * precision stays at or above `precisionFloor` (below it, each point of precision lost costs two of F1).
 */
export function calibrate(options: {
  complaints: readonly CalibrationComplaint[];
  strands: readonly CalibrationStrand[];
}): {
  rule: DecisionRule;
  scores: { strandMicroF1: number; complaintPrecision: number; complaintRecall: number; complaintMicroF1: number };
} {
  const { complaints, strands } = options;
  const gold = complaints.map((complaint) => complaint.gold);
  const measure = (rule: DecisionRule) => {
    const predicted = complaints.map((complaint) => [...new Set(assignComplaint(rule, complaint.strands).flat())]);
    const complaint = microScores(predicted, gold);
    return { objective: objective(complaint.precision, complaint.microF1), complaint };
  };
  let best: { rule: DecisionRule; objective: number } | undefined;
  for (const maxCategories of [1, 2]) {
    const thresholds = Object.fromEntries(categoryIds.map((id) => [id, 0.5])) as Record<CategoryId, number>;
    const rule: DecisionRule = { thresholds, maxCategories, poolRatio: 1 };
    for (let pass = 0; pass < 2; pass++) {
      for (const id of categoryIds) {
        let bestThreshold = thresholds[id];
        let bestObjective = Number.NEGATIVE_INFINITY;
        for (let step = 0; step <= 34; step++) {
          thresholds[id] = round(0.05 + step * 0.025);
          const { objective } = measure(rule);
          if (objective >= bestObjective - 1e-12) {
            bestObjective = objective;
            bestThreshold = thresholds[id];
          }
        }
        thresholds[id] = bestThreshold;
      }
    }
    let value = measure(rule).objective;
    for (const poolRatio of [0.95, 0.9, 0.85, 0.8, 0.75, 0.7]) {
      const pooled = measure({ ...rule, poolRatio }).objective;
      if (pooled > value + 1e-12) {
        rule.poolRatio = poolRatio;
        value = pooled;
      }
    }
    if (!best || value > best.objective + 1e-12) {
      best = { rule: { ...rule, thresholds: { ...thresholds } }, objective: value };
    }
  }
  const rule = best?.rule as DecisionRule;
  const { complaint } = measure(rule);
  const strand = microScores(
    strands.map((entry) => assignCategories(rule, entry.scores)),
    strands.map((entry) => entry.categories),
  );
  return {
    rule,
    scores: {
      strandMicroF1: round(strand.microF1),
      complaintPrecision: round(complaint.precision),
      complaintRecall: round(complaint.recall),
      complaintMicroF1: round(complaint.microF1),
    },
  };
}

/** Micro-F1, less twice each point of precision below the floor. */
function objective(precision: number, microF1: number): number {
  return precision >= precisionFloor ? microF1 : microF1 - 2 * (precisionFloor - precision);
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
