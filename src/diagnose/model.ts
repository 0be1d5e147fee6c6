import { type CategoryId, categoryIds } from '../taxonomy/index.js';
import { calibrate, type DecisionRule } from './calibrate.js';
import { fnv1a } from './dataset.js';
import { type CueIndex, cueIndex, type FeatureVector, featuresVersion, featurize, supportedCues } from './features.js';
import { type BinaryModel, predictBinary, trainOneVsRest } from './logistic-regression.js';

/**
 * The offline strand classifier: one logistic regression per category over `featurize`'s features, the
 * taxonomy's cue phrases that the training split supports, and a decision rule (a threshold per category,
 * a cap on categories per strand, and the level below which a strand names no symptom) calibrated on the
 * development split. Everything is deterministic.
 */
export interface OfflineModel extends DecisionRule {
  featuresVersion: number;
  /** Per category, the cue phrases in use: the taxonomy's cues that occur in a training strand of it. */
  cues: Record<CategoryId, readonly string[]>;
  classes: Record<CategoryId, BinaryModel>;
  /** What the model was trained on, for the record. */
  trainedOn: { strands: number; complaints: number; development: DevelopmentScores };
}

/** Scores of the decision rule on the development split (out-of-fold), for the record and the bench. */
export interface DevelopmentScores {
  /** Per strand, micro-averaged over categories. */
  strandMicroF1: number;
  /** Per complaint (the union of its strands' categories), micro-averaged: what a user of --file sees. */
  complaintPrecision: number;
  complaintRecall: number;
  complaintMicroF1: number;
}

export interface TrainingExample {
  text: string;
  categories: readonly CategoryId[];
  /** Examples sharing a group (the complaint they come from) stay in the same cross-validation fold. */
  group: string;
  /** The strand before it in the same complaint, if any. */
  context?: string;
  /** Weight of the example's loss (default 1). */
  weight?: number;
}

export interface TrainingSettings {
  /** L2 penalty of each per-category logistic regression. */
  l2: number;
  iterations: number;
  learningRate: number;
  /** Cross-validation folds; each fold's held-out part is a development split the rule is calibrated on. */
  folds: number;
}

/**
 * Chosen on the development split (out-of-fold, reports' complaint-level micro-F1): l2 0.0002 over 0.0005
 * to 0.002; sqrt class balancing over none or a fourth root; 400 steps as before.
 */
export const trainingSettings: TrainingSettings = {
  l2: 0.0002,
  iterations: 400,
  learningRate: 4,
  folds: 5,
};

/** Train the per-category models, then calibrate the decision rule on out-of-fold scores. */
export function trainOfflineModel(
  examples: readonly TrainingExample[],
  settings: TrainingSettings = trainingSettings,
): OfflineModel {
  const cues = supportedCues(examples);
  const index = cueIndex(cues);
  const inputs = examples.map((example) => featurize(example.text, index, example.context));
  const outOfFold = crossValidate({ examples, inputs, settings });
  const calibration = calibrate({ scores: outOfFold, examples });
  return {
    featuresVersion,
    ...calibration.rule,
    cues,
    classes: trainClasses({ inputs, examples, settings }),
    trainedOn: {
      strands: examples.length,
      complaints: new Set(examples.map((example) => example.group)).size,
      development: calibration.scores,
    },
  };
}

/**
 * Out-of-fold probabilities: each example scored by models trained on the other folds (complaints are
 * never split across folds). They are the development split the decision rule is calibrated on.
 */
export function crossValidate(options: {
  examples: readonly TrainingExample[];
  inputs: readonly FeatureVector[];
  settings: TrainingSettings;
}): Record<CategoryId, number>[] {
  const { examples, inputs, settings } = options;
  const folds = examples.map((example) => fnv1a(example.group) % settings.folds);
  const outOfFold: Record<CategoryId, number>[] = new Array(examples.length);
  for (let fold = 0; fold < settings.folds; fold++) {
    const trainIndexes = examples.map((_, at) => at).filter((at) => folds[at] !== fold);
    const classes = trainClasses({
      inputs: trainIndexes.map((at) => inputs[at] ?? new Map()),
      examples: trainIndexes.map((at) => examples[at] as TrainingExample),
      settings,
    });
    examples.forEach((_, at) => {
      if (folds[at] === fold) outOfFold[at] = scoreVector(classes, inputs[at] ?? new Map());
    });
  }
  return outOfFold;
}

const indexes = new WeakMap<OfflineModel, CueIndex>();

/** Every category's probability for a strand, given the strand before it in the complaint, if any. */
export function scoreStrand(model: OfflineModel, text: string, context?: string): Record<CategoryId, number> {
  let index = indexes.get(model);
  if (!index) {
    index = cueIndex(model.cues);
    indexes.set(model, index);
  }
  return scoreVector(model.classes, featurize(text, index, context));
}

function trainClasses(options: {
  inputs: readonly FeatureVector[];
  examples: readonly TrainingExample[];
  settings: TrainingSettings;
}): Record<CategoryId, BinaryModel> {
  const { inputs, examples, settings } = options;
  const targets = categoryIds.map((id) => examples.map((example) => example.categories.includes(id)));
  const positiveWeights = targets.map((list) => {
    const positives = list.filter(Boolean).length;
    return positives === 0 ? 1 : Math.sqrt((list.length - positives) / positives);
  });
  const models = trainOneVsRest({
    inputs,
    targets,
    positiveWeights,
    exampleWeights: examples.map((example) => example.weight ?? 1),
    l2: settings.l2,
    iterations: settings.iterations,
    learningRate: settings.learningRate,
  });
  return Object.fromEntries(categoryIds.map((id, at) => [id, models[at] as BinaryModel])) as Record<
    CategoryId,
    BinaryModel
  >;
}

function scoreVector(classes: Record<CategoryId, BinaryModel>, input: FeatureVector): Record<CategoryId, number> {
  return Object.fromEntries(categoryIds.map((id) => [id, predictBinary(classes[id], input)])) as Record<
    CategoryId,
    number
  >;
}
