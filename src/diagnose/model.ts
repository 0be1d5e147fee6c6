import { type CategoryId, categoryIds } from '../taxonomy/index.js';
import {
  type CalibrationComplaint,
  type CalibrationStrand,
  calibrate,
  type DecisionRule,
  type ScoredStrand,
} from './calibrate.js';
import {
  type ComplaintExample,
  type ComplaintStage,
  complaintFeatures,
  trainComplaintStage,
} from './complaint-stage.js';
import { fnv1a } from './dataset.js';
import {
  type CueIndex,
  cueIndex,
  type FeatureVector,
  featuresVersion,
  featurize,
  type PreparedComplaint,
  prepareComplaint,
  supportedCues,
} from './features.js';
import { type BinaryModel, predictBinary, trainOneVsRest } from './logistic-regression.js';

/**
 * The offline strand classifier, in two stages over `featurize`'s features:
 * - `symptom`: does the strand name a symptom at all (a logistic regression over every strand);
 * - `classes`: which one, given that it does (one logistic regression per category, trained on the strands
 *   that name a symptom, so a category competes with the other nine rather than with background sentences).
 * A category's score is the product, the probability that the strand names that symptom. A decision rule (a
 * threshold per category, a cap on categories per strand, pooling over the complaint, and the level of
 * `symptom` below which a strand names none) is calibrated on the development split. Everything is
 * deterministic.
 */
export interface OfflineModel extends DecisionRule {
  featuresVersion: number;
  /** Per category, the cue phrases in use: the taxonomy's cues that occur in a training strand of it. */
  cues: Record<CategoryId, readonly string[]>;
  /** Whether a strand names any symptom. */
  symptom: BinaryModel;
  /** Per category: whether a strand that names a symptom names this one. */
  classes: Record<CategoryId, BinaryModel>;
  /** Per category, over the whole complaint (see complaint-stage.ts). */
  complaint: ComplaintStage;
  /** What the model was trained on, for the record. */
  trainedOn: {
    strands: number;
    complaints: number;
    /** Of the complaints the complaint stage learnt from, how many are real ones (the development set). */
    realComplaints: number;
    development: DevelopmentScores;
  };
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
  /** The whole complaint the strand comes from. */
  document?: string;
  /** Whether the decision rule is calibrated on this example's out-of-fold scores (default true). */
  calibrate?: boolean;
  /** The gold categories of the whole complaint (default: the union of its examples' categories). */
  complaintCategories?: readonly CategoryId[];
}

export interface TrainingSettings {
  /** L2 penalty of each logistic regression. */
  l2: number;
  iterations: number;
  /** Adam's step size. */
  learningRate: number;
  /** Cross-validation folds; each fold's held-out part is a development split the rule is calibrated on. */
  folds: number;
  /** Weights smaller than this in absolute value are dropped, in every fold's model and the final one. */
  keepAbove: number;
  /**
   * The same for the complaint stage, whose whole-complaint features are many more: at 0.05 it held 618,000
   * weights and made the model file 17 MB; 0.2 keeps 137,000.
   */
  complaintKeepAbove: number;
}

/**
 * Chosen on the development split (out-of-fold complaint-level F1 of the posts and reports): Adam at 0.02
 * for 100 steps over gradient descent at 4 for 400 or 1,000 (0.78 against 0.74 and 0.76 on the posts); l2
 * 0.00005 over 0, 0.00003, 0.0001, 0.0005 and 0.001; steps 0.01 × 200 and 0.05 × 100 did no better.
 * Adam leaves almost every feature a small weight (900,000 of them, a 22 MB model that took seconds to load);
 * dropping those under 0.05 keeps 41% and changed no held-out figure, where 0.1 cost 0.01 of F1.
 */
export const trainingSettings: TrainingSettings = {
  l2: 0.00005,
  iterations: 100,
  learningRate: 0.02,
  folds: 5,
  keepAbove: 0.05,
  complaintKeepAbove: 0.2,
};

/**
 * Train both stages, then calibrate the decision rule on out-of-fold scores of the same examples, grouped by
 * complaint. Given the splitter's pieces as examples (`pieceExamples`), the rule is calibrated on each
 * complaint as users get it.
 */
export function trainOfflineModel(
  examples: readonly TrainingExample[],
  settings: TrainingSettings = trainingSettings,
  options: { realComplaints?: readonly ComplaintExample[] } = {},
): OfflineModel {
  const cues = supportedCues(examples);
  const index = cueIndex(cues);
  let prepared: PreparedComplaint | undefined;
  const inputs = examples.map((example) => {
    if (example.document !== undefined && prepared?.document !== example.document) {
      prepared = prepareComplaint(example.document);
    }
    return featurize(example.text, index, example.context, example.document === undefined ? undefined : prepared);
  });
  const development = crossValidate({ examples, inputs, settings });
  const calibration = calibrate(development);
  const real = options.realComplaints ?? [];
  return {
    featuresVersion,
    ...calibration.rule,
    cues,
    ...trainStages({ inputs, examples, settings }),
    complaint: trainComplaints({ complaints: [...complaintExamples(examples), ...real], index, settings }),
    trainedOn: {
      strands: examples.length,
      complaints: new Set(examples.map((example) => example.group)).size,
      realComplaints: real.length,
      development: calibration.scores,
    },
  };
}

/**
 * Real complaints weigh this many written ones in the complaint stage: there are 120 of them against about
 * 4,000 written ones. Chosen by grouped cross-validation on the real development set (docs/diagnose.md); 10
 * gave the same figures (micro-F1 0.604 against 0.601).
 */
export const realComplaintWeight = 5;

/** Each complaint of the strand examples once: its whole text and the union of its categories. */
export function complaintExamples(examples: readonly TrainingExample[]): ComplaintExample[] {
  const byGroup = new Map<string, { text: string; categories: Set<CategoryId> }>();
  for (const example of examples) {
    if (example.document === undefined) continue;
    const entry = byGroup.get(example.group) ?? { text: example.document, categories: new Set<CategoryId>() };
    for (const id of example.complaintCategories ?? example.categories) entry.categories.add(id);
    byGroup.set(example.group, entry);
  }
  return [...byGroup.values()].map((entry) => ({ text: entry.text, categories: [...entry.categories] }));
}

/** Train the complaint stage on complaints featurized with the model's cues. */
export function trainComplaints(options: {
  complaints: readonly ComplaintExample[];
  index: CueIndex;
  settings: TrainingSettings;
}): ComplaintStage {
  const { complaints, index, settings } = options;
  return trainComplaintStage({
    examples: complaints,
    inputs: complaints.map((complaint) => complaintFeatures(complaint.text, index)),
    settings,
  });
}

/**
 * The development split: each example scored by models trained on the other folds (complaints are never
 * split across folds), grouped by complaint. Only examples marked for calibration are returned.
 */
export function crossValidate(options: {
  examples: readonly TrainingExample[];
  inputs: readonly FeatureVector[];
  settings: TrainingSettings;
}): { complaints: CalibrationComplaint[]; strands: CalibrationStrand[] } {
  const { examples, inputs, settings } = options;
  const groups = new Map<string, number[]>();
  examples.forEach((example, at) => {
    if (example.calibrate === false) return;
    const members = groups.get(example.group);
    if (members) members.push(at);
    else groups.set(example.group, [at]);
  });
  const folds = examples.map((example) => fnv1a(example.group) % settings.folds);
  const strandScores: ScoredStrand[] = new Array(examples.length);
  for (let fold = 0; fold < settings.folds; fold++) {
    const trainIndexes = examples.map((_, at) => at).filter((at) => folds[at] !== fold);
    const stages = trainStages({
      inputs: trainIndexes.map((at) => inputs[at] ?? new Map()),
      examples: trainIndexes.map((at) => examples[at] as TrainingExample),
      settings,
    });
    for (const members of groups.values()) {
      if (folds[members[0] as number] !== fold) continue;
      for (const at of members) strandScores[at] = scoreVector(stages, inputs[at] ?? new Map());
    }
  }
  return {
    complaints: [...groups.values()].map((members) => ({
      strands: members.map((at) => strandScores[at] as ScoredStrand),
      gold: examples[members[0] as number]?.complaintCategories ?? [
        ...new Set(members.flatMap((at) => examples[at]?.categories ?? [])),
      ],
    })),
    strands: [...groups.values()].flat().map((at) => ({
      scores: strandScores[at] as ScoredStrand,
      categories: examples[at]?.categories ?? [],
    })),
  };
}

const indexes = new WeakMap<Pick<OfflineModel, 'cues'>, CueIndex>();

/** The model's cue phrases, tokenised once per model. */
export function modelCueIndex(model: Pick<OfflineModel, 'cues'>): CueIndex {
  let index = indexes.get(model);
  if (!index) {
    index = cueIndex(model.cues);
    indexes.set(model, index);
  }
  return index;
}

/**
 * A strand's scores, given the strand before it in the complaint and the whole complaint, when there are
 * (the model was trained with both).
 */
export function scoreStrand(
  model: OfflineModel,
  text: string,
  context?: string,
  complaint?: PreparedComplaint,
): ScoredStrand {
  return scoreVector(model, featurize(text, modelCueIndex(model), context, complaint));
}

type Stages = Pick<OfflineModel, 'symptom' | 'classes'>;

function trainStages(options: {
  inputs: readonly FeatureVector[];
  examples: readonly TrainingExample[];
  settings: TrainingSettings;
}): Stages {
  const { inputs, examples, settings } = options;
  const { l2, iterations, learningRate, keepAbove } = settings;
  const [symptom] = trainOneVsRest({
    inputs,
    targets: [examples.map((example) => example.categories.length > 0)],
    positiveWeights: [1],
    l2,
    iterations,
    learningRate,
    keepAbove,
  });
  const named = examples.map((_, at) => at).filter((at) => (examples[at]?.categories.length ?? 0) > 0);
  const targets = categoryIds.map((id) => named.map((at) => examples[at]?.categories.includes(id) === true));
  const models = trainOneVsRest({
    inputs: named.map((at) => inputs[at] ?? new Map()),
    targets,
    positiveWeights: targets.map((list) => {
      const positives = list.filter(Boolean).length;
      return positives === 0 ? 1 : Math.sqrt((list.length - positives) / positives);
    }),
    l2,
    iterations,
    learningRate,
    keepAbove,
  });
  return {
    symptom: symptom as BinaryModel,
    classes: Object.fromEntries(categoryIds.map((id, at) => [id, models[at] as BinaryModel])) as Record<
      CategoryId,
      BinaryModel
    >,
  };
}

function scoreVector(stages: Stages, input: FeatureVector): ScoredStrand {
  const symptom = predictBinary(stages.symptom, input);
  return {
    symptom,
    categories: Object.fromEntries(
      categoryIds.map((id) => [id, symptom * predictBinary(stages.classes[id], input)]),
    ) as Record<CategoryId, number>,
  };
}
