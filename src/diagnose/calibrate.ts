import { type CategoryId, categoryIds } from '../taxonomy/index.js';

/**
 * The decision rule that turns a strand's per-category probabilities into categories, precise before
 * eager: a category is assigned only when its probability reaches its own threshold, a strand gets at most
 * `maxCategories`, and a strand with no category is "unclear" (Seam asks a question) when its best
 * probability still reaches `unclearFloor`, or names no symptom below it.
 */
export interface DecisionRule {
  /** Per category: assigned when its probability reaches this. */
  thresholds: Record<CategoryId, number>;
  /** The most categories one strand is given (the ones furthest above their thresholds). */
  maxCategories: number;
  /** Below every threshold: "unclear" at or above this best probability, "no symptom" below it. */
  unclearFloor: number;
}

/** The categories the rule assigns, furthest above its threshold first. */
export function assignCategories(rule: DecisionRule, scores: Record<CategoryId, number>): CategoryId[] {
  return categoryIds
    .filter((id) => scores[id] >= rule.thresholds[id])
    .sort((a, b) => scores[b] - rule.thresholds[b] - (scores[a] - rule.thresholds[a]))
    .slice(0, rule.maxCategories);
}

/** The categories most likely for an unassigned strand, best first: the candidates its question names. */
export function unclearCandidates(rule: DecisionRule, scores: Record<CategoryId, number>): CategoryId[] {
  const ranked = [...categoryIds].sort((a, b) => scores[b] - scores[a]);
  const best = ranked[0];
  if (best === undefined || scores[best] < rule.unclearFloor) return [];
  return ranked.filter((id) => scores[id] >= rule.unclearFloor / 2).slice(0, 2);
}

/** Examples as calibration sees them: gold categories, the complaint they belong to, and their weight. */
interface CalibrationExample {
  categories: readonly CategoryId[];
  group: string;
  /** Counts this many times in the scores (default 1), as in training. */
  weight?: number;
}

/**
 * Choose the rule on development scores (out-of-fold probabilities of the training split): for each cap on
 * categories per strand, thresholds by coordinate ascent (two passes over the categories, a grid of 0.2 to
 * 0.95; ties go to the higher threshold), maximising complaint-level micro-F-beta with beta 0.7, which
 * favours precision (the union of a complaint's strands against its gold union: what a user of `--file`
 * sees). Examples count with their training weight. The
 * unclear floor leaves nine in ten of the strands that name no symptom below it.
 */
export function calibrate(options: {
  scores: readonly Record<CategoryId, number>[];
  examples: readonly CalibrationExample[];
}): {
  rule: DecisionRule;
  scores: { strandMicroF1: number; complaintPrecision: number; complaintRecall: number; complaintMicroF1: number };
} {
  const { scores, examples } = options;
  const gold = examples.map((example) => example.categories);
  const weights = examples.map((example) => example.weight ?? 1);
  const measure = (rule: DecisionRule) => {
    const predicted = scores.map((score) => assignCategories(rule, score));
    const strand = weightedMicro(predicted, gold, weights);
    const [complaintPredicted, complaintGold, complaintWeights] = byComplaint(predicted, examples);
    const complaint = weightedMicro(complaintPredicted, complaintGold, complaintWeights);
    return { objective: fBeta(complaint.precision, complaint.recall), strand, complaint };
  };
  let best: { rule: DecisionRule; objective: number } | undefined;
  for (const maxCategories of [1, 2]) {
    const thresholds = Object.fromEntries(categoryIds.map((id) => [id, 0.5])) as Record<CategoryId, number>;
    const rule: DecisionRule = { thresholds, maxCategories, unclearFloor: 0 };
    for (let pass = 0; pass < 2; pass++) {
      for (const id of categoryIds) {
        let bestThreshold = thresholds[id];
        let bestObjective = -1;
        for (let step = 0; step <= 15; step++) {
          thresholds[id] = round(0.2 + step * 0.05);
          const { objective } = measure(rule);
          if (objective >= bestObjective - 1e-12) {
            bestObjective = objective;
            bestThreshold = thresholds[id];
          }
        }
        thresholds[id] = bestThreshold;
      }
    }
    const objective = measure(rule).objective;
    if (!best || objective > best.objective + 1e-12) {
      best = { rule: { ...rule, thresholds: { ...thresholds } }, objective };
    }
  }
  const rule = best?.rule as DecisionRule;
  const noSymptom = scores
    .filter((_, at) => (gold[at] ?? []).length === 0)
    .map((score) => Math.max(...Object.values(score)))
    .sort((a, b) => a - b);
  const quantile = noSymptom[Math.floor(noSymptom.length * 0.9)] ?? 0.5;
  rule.unclearFloor = round(Math.min(quantile, ...Object.values(rule.thresholds)));
  const { strand, complaint } = measure(rule);
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

/**
 * Per complaint: the union of its strands' predicted and gold categories, and its weight (its first
 * strand's), in the order complaints first appear.
 */
export function byComplaint(
  predicted: readonly (readonly CategoryId[])[],
  examples: readonly CalibrationExample[],
): [CategoryId[][], CategoryId[][], number[]] {
  const groups = new Map<string, { predicted: Set<CategoryId>; gold: Set<CategoryId>; weight: number }>();
  examples.forEach((example, at) => {
    const group = groups.get(example.group) ?? { predicted: new Set(), gold: new Set(), weight: example.weight ?? 1 };
    for (const id of predicted[at] ?? []) group.predicted.add(id);
    for (const id of example.categories) group.gold.add(id);
    groups.set(example.group, group);
  });
  const values = [...groups.values()];
  return [
    values.map((group) => [...group.predicted]),
    values.map((group) => [...group.gold]),
    values.map((group) => group.weight),
  ];
}

/**
 * F-beta with beta 0.7: precision weighs about twice as much as recall. Chosen on the development split
 * (the reports' out-of-fold complaints): beta 0.7, 0.85 and 1 gave F1 0.69, 0.70 and 0.70 with precision
 * 0.76, 0.73 and 0.71; beta 0.5 lost 0.04 of F1.
 */
const beta = 0.7;

function fBeta(precision: number, recall: number): number {
  const denominator = beta * beta * precision + recall;
  return denominator === 0 ? 0 : ((1 + beta * beta) * precision * recall) / denominator;
}

/** Micro precision, recall and F1 with each example's counts multiplied by its weight. */
function weightedMicro(
  predicted: readonly (readonly CategoryId[])[],
  gold: readonly (readonly CategoryId[])[],
  weights: readonly number[],
): { precision: number; recall: number; microF1: number } {
  let truePositives = 0;
  let predictedCount = 0;
  let goldCount = 0;
  predicted.forEach((labels, at) => {
    const weight = weights[at] ?? 1;
    const expected = gold[at] ?? [];
    predictedCount += weight * labels.length;
    goldCount += weight * expected.length;
    truePositives += weight * labels.filter((label) => expected.includes(label)).length;
  });
  const precision = predictedCount === 0 ? 0 : truePositives / predictedCount;
  const recall = goldCount === 0 ? 0 : truePositives / goldCount;
  return { precision, recall, microF1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
