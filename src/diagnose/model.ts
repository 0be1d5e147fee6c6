import { type CategoryId, categoryIds } from '../taxonomy/index.js';
import { fnv1a } from './dataset.js';
import { microScores } from './evaluate.js';
import { type FeatureVector, featuresVersion, featurize } from './features.js';
import { type BinaryModel, predictBinary, trainBinary } from './logistic-regression.js';

/**
 * The offline strand classifier: one logistic regression per category over `featurize`'s features, and a
 * decision rule chosen by cross-validation on the training data only. Everything is deterministic.
 */
export interface OfflineModel {
  featuresVersion: number;
  /** A category is assigned when its probability reaches this. */
  threshold: number;
  /** When no category reaches `threshold`, the most likely one is still assigned if it reaches this. */
  floor: number;
  classes: Record<CategoryId, BinaryModel>;
  /** What the model was trained on, for the record. */
  trainedOn: { strands: number; complaints: number; crossValidatedMicroF1: number };
}

export interface TrainingExample {
  text: string;
  categories: readonly CategoryId[];
  /** Examples sharing a group (the complaint they come from) stay in the same cross-validation fold. */
  group: string;
}

export interface TrainingSettings {
  /** L2 penalty of each per-category logistic regression. */
  l2: number;
  iterations: number;
  learningRate: number;
  /** Cross-validation folds used to choose the threshold and floor. */
  folds: number;
}

/** Chosen by cross-validation on the training split (micro-F1 within ±0.01 across l2 1e-4…2e-3, 400–800 steps). */
export const trainingSettings: TrainingSettings = {
  l2: 0.0005,
  iterations: 400,
  learningRate: 4,
  folds: 5,
};

/** Train the per-category models, then pick the threshold and floor by cross-validation. */
export function trainOfflineModel(
  examples: readonly TrainingExample[],
  settings: TrainingSettings = trainingSettings,
): OfflineModel {
  const inputs = examples.map((example) => featurize(example.text));
  const folds = examples.map((example) => fnv1a(example.group) % settings.folds);
  const outOfFold: Record<CategoryId, number>[] = new Array(examples.length);
  for (let fold = 0; fold < settings.folds; fold++) {
    const inFold = (index: number) => folds[index] === fold;
    const trainIndexes = examples.map((_, index) => index).filter((index) => !inFold(index));
    const classes = trainClasses(
      trainIndexes.map((index) => inputs[index] ?? new Map()),
      trainIndexes.map((index) => examples[index]?.categories ?? []),
      settings,
    );
    examples.forEach((_, index) => {
      if (inFold(index)) outOfFold[index] = scoreVector(classes, inputs[index] ?? new Map());
    });
  }
  const gold = examples.map((example) => example.categories);
  const rule = chooseDecisionRule(outOfFold, gold);
  return {
    featuresVersion,
    threshold: rule.threshold,
    floor: rule.floor,
    classes: trainClasses(inputs, gold, settings),
    trainedOn: {
      strands: examples.length,
      complaints: new Set(examples.map((example) => example.group)).size,
      crossValidatedMicroF1: round(rule.microF1),
    },
  };
}

/** Every category's probability for a strand. */
export function scoreStrand(model: OfflineModel, text: string): Record<CategoryId, number> {
  return scoreVector(model.classes, featurize(text));
}

/** The categories the decision rule assigns, most likely first. */
export function assignCategories(
  model: Pick<OfflineModel, 'threshold' | 'floor'>,
  scores: Record<CategoryId, number>,
): CategoryId[] {
  const ranked = [...categoryIds].sort((a, b) => scores[b] - scores[a]);
  const assigned = ranked.filter((id) => scores[id] >= model.threshold);
  const top = ranked[0];
  if (assigned.length === 0 && top !== undefined && scores[top] >= model.floor) return [top];
  return assigned;
}

function trainClasses(
  inputs: readonly FeatureVector[],
  labels: readonly (readonly CategoryId[])[],
  settings: TrainingSettings,
): Record<CategoryId, BinaryModel> {
  const entries = categoryIds.map((id) => {
    const targets = labels.map((categories) => categories.includes(id));
    const positives = targets.filter(Boolean).length;
    const positiveWeight = positives === 0 ? 1 : Math.sqrt((targets.length - positives) / positives);
    return [id, trainBinary({ inputs, targets, positiveWeight, ...settings })] as const;
  });
  return Object.fromEntries(entries) as Record<CategoryId, BinaryModel>;
}

function scoreVector(classes: Record<CategoryId, BinaryModel>, input: FeatureVector): Record<CategoryId, number> {
  return Object.fromEntries(categoryIds.map((id) => [id, predictBinary(classes[id], input)])) as Record<
    CategoryId,
    number
  >;
}

/** The threshold and floor with the best micro-F1 on out-of-fold scores; ties go to the higher threshold. */
function chooseDecisionRule(
  scores: readonly Record<CategoryId, number>[],
  gold: readonly (readonly CategoryId[])[],
): { threshold: number; floor: number; microF1: number } {
  let best = { threshold: 0.5, floor: 0.5, microF1: -1 };
  for (let threshold = 0.15; threshold <= 0.951; threshold += 0.05) {
    for (let floor = 0.05; floor <= threshold + 1e-9; floor += 0.05) {
      const rule = { threshold: round(threshold), floor: round(floor) };
      const predicted = scores.map((score) => assignCategories(rule, score));
      const { microF1 } = microScores(predicted, gold);
      if (
        microF1 > best.microF1 + 1e-12 ||
        (Math.abs(microF1 - best.microF1) <= 1e-12 && rule.threshold > best.threshold)
      ) {
        best = { ...rule, microF1 };
      }
    }
  }
  return best;
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
