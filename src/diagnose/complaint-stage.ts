import { type CategoryId, categoryIds } from '../taxonomy/index.js';
import type { CueIndex, FeatureVector } from './features.js';
import { featurize } from './features.js';
import { type BinaryModel, predictBinary, trainOneVsRest } from './logistic-regression.js';
import { buildNeighbours, type NeighbourIndex, scoreNeighbours } from './neighbours.js';

/**
 * The complaint stage: one logistic regression per category over the whole complaint, trained on complaints
 * (the union of their strands' categories), beside the strand stage. It answers "what is this complaint
 * about, taken whole?", which the strands alone answer badly for complaints unlike the training posts: an
 * issue report that quotes a formatted answer, or names a tool in its steps to reproduce, has strands that
 * look like format or tool complaints while the complaint is about neither.
 *
 * The diagnosis combines both stages (`combineStages`): a strand keeps a category only when the complaint
 * stage finds that category at least `complaintGate` times as likely as its own best one, and the complaint
 * stage's best category is added (on the strand that scores it highest) when it reaches `complaintFloor`.
 *
 * Two learners read the complaint: the logistic regressions and, when trained, the nearest training
 * complaints (neighbours.ts); a category's probability is the average of the two in log-odds.
 */
export interface ComplaintStage {
  classes: Record<CategoryId, BinaryModel>;
  /** The second learner; a stage without it is the logistic regressions alone. */
  neighbours?: NeighbourIndex;
}

export interface ComplaintRule {
  /** A strand's category is kept when the complaint stage scores it at least this share of its best. */
  complaintGate: number;
  /** The complaint stage's best category is assigned when its probability reaches this (1 never). */
  complaintFloor: number;
}

/**
 * Chosen on the out-of-fold scores of the real development set (grouped 5-fold cross-validation, folds by
 * project or outlet; `npm run bench:diagnose` prints the grid), two knobs only since it has 120 complaints.
 * On that grid every gate from 0.5 to 1 gives micro-F1 0.59 to 0.62 (differences of one or two complaints);
 * a stricter gate buys real-set precision with the written held-out posts' recall (gate 0.7: real P 0.66 at F1
 * 0.62, written posts F1 0.77 to 0.72), so 0.5. Floor 0.4 over 0 to 0.3: higher precision at the same F1, a
 * question instead of a guess for about one real complaint in twelve.
 */
export const complaintRule: ComplaintRule = { complaintGate: 0.5, complaintFloor: 0.4 };

export interface ComplaintExample {
  text: string;
  categories: readonly CategoryId[];
  /** Relative weight of the example's loss (1 by default). */
  weight?: number;
}

export function complaintFeatures(text: string, cues: CueIndex): FeatureVector {
  return featurize(text, cues);
}

export function trainComplaintStage(options: {
  examples: readonly ComplaintExample[];
  inputs: readonly FeatureVector[];
  settings: { l2: number; iterations: number; learningRate: number; complaintKeepAbove: number };
}): ComplaintStage {
  const { examples, inputs, settings } = options;
  const targets = categoryIds.map((id) => examples.map((example) => example.categories.includes(id)));
  const models = trainOneVsRest({
    inputs,
    targets,
    positiveWeights: targets.map((list) => {
      const positives = list.filter(Boolean).length;
      return positives === 0 ? 1 : Math.sqrt((list.length - positives) / positives);
    }),
    exampleWeights: examples.map((example) => example.weight ?? 1),
    l2: settings.l2,
    iterations: settings.iterations,
    learningRate: settings.learningRate,
    keepAbove: settings.complaintKeepAbove,
  });
  return {
    classes: Object.fromEntries(categoryIds.map((id, at) => [id, models[at] as BinaryModel])) as Record<
      CategoryId,
      BinaryModel
    >,
    neighbours: buildNeighbours(examples, inputs),
  };
}

export function scoreComplaint(stage: ComplaintStage, input: FeatureVector): Record<CategoryId, number> {
  const votes = stage.neighbours && scoreNeighbours(stage.neighbours, input);
  return Object.fromEntries(
    categoryIds.map((id) => {
      const probability = predictBinary(stage.classes[id], input);
      return [id, votes ? sigmoid((logOdds(probability) + logOdds(votes[id])) / 2) : probability];
    }),
  ) as Record<CategoryId, number>;
}

/** Log-odds, with the probability kept within [0.001, 0.999]: a share of 0 votes must not be minus infinity. */
function logOdds(probability: number): number {
  const clipped = Math.min(0.999, Math.max(0.001, probability));
  return Math.log(clipped / (1 - clipped));
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/**
 * The strands' categories after the complaint stage has had its say (see `ComplaintStage`). `strandScores`
 * are the strand stage's per-category scores, used to place the complaint's best category on a strand.
 */
export function combineStages(options: {
  rule: ComplaintRule;
  assigned: readonly (readonly CategoryId[])[];
  strandScores: readonly Record<CategoryId, number>[];
  complaint: Record<CategoryId, number>;
}): CategoryId[][] {
  const { rule, assigned, strandScores, complaint } = options;
  const best = categoryIds.reduce((top, id) => (complaint[id] > complaint[top] ? id : top));
  const result = assigned.map((categories) =>
    categories.filter((id) => complaint[id] >= rule.complaintGate * complaint[best]),
  );
  if (complaint[best] >= rule.complaintFloor && !result.some((categories) => categories.includes(best))) {
    let at = 0;
    strandScores.forEach((scores, index) => {
      if (scores[best] > (strandScores[at]?.[best] ?? 0)) at = index;
    });
    if (result.length > 0) result[at] = [...(result[at] ?? []), best];
  }
  return result;
}
