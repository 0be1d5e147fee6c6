import { type CategoryId, categoryIds } from '../taxonomy/index.js';
import { assignComplaint, type ScoredStrand } from './calibrate.js';
import {
  type ComplaintExample,
  type ComplaintRule,
  type ComplaintStage,
  combineStages,
  complaintFeatures,
  scoreComplaint,
  trainComplaintStage,
} from './complaint-stage.js';
import { type Evaluation, evaluateLabels } from './evaluate.js';
import { type FeatureVector, prepareComplaint } from './features.js';
import { sideOf } from './held-out-report.js';
import { modelCueIndex, type OfflineModel, scoreStrand, type TrainingSettings } from './model.js';
import { groupedFolds, type RealComplaint, sourceGroup } from './real-complaints.js';
import type { ComplaintSplitter } from './split-complaint.js';

/**
 * How `seam diagnose` does on real complaints labelled per complaint (no strand gold), by grouped
 * cross-validation: in each fold the complaint stage learns from the written complaints and the real ones of
 * the other folds (never a complaint from the same project or outlet), the strand stage being the written-only
 * one. Everything the decision needs is kept per complaint, so a decision rule can be scored on the
 * out-of-fold scores without retraining (`scoreRule`).
 */
export interface ScoredRealComplaint {
  gold: readonly CategoryId[];
  strands: readonly string[];
  scores: readonly ScoredStrand[];
  /** The complaint stage's out-of-fold probabilities. */
  complaint: Record<CategoryId, number>;
  /** The same from its logistic regressions alone (without the nearest-complaint learner), for comparison. */
  logistic: Record<CategoryId, number>;
}

export function crossValidateReal(options: {
  model: OfflineModel;
  splitter: ComplaintSplitter;
  written: readonly ComplaintExample[];
  real: readonly RealComplaint[];
  realWeight: number;
  folds: number;
  settings: TrainingSettings;
}): ScoredRealComplaint[] {
  const { model, splitter, written, real, realWeight, folds, settings } = options;
  const index = modelCueIndex(model);
  const writtenInputs = written.map((complaint) => complaintFeatures(complaint.text, index));
  const realInputs = real.map((complaint) => complaintFeatures(complaint.text, index));
  const foldOf = groupedFolds(
    real.map((complaint) => sourceGroup(complaint.source)),
    folds,
  );
  const probabilities: { complaint: Record<CategoryId, number>; logistic: Record<CategoryId, number> }[] = new Array(
    real.length,
  );
  for (let fold = 0; fold < folds; fold++) {
    const training = real.map((_, at) => at).filter((at) => foldOf[at] !== fold);
    const stage = trainComplaintStage({
      examples: [
        ...written,
        ...training.map((at) => ({
          text: real[at]?.text ?? '',
          categories: real[at]?.labels ?? [],
          weight: realWeight,
        })),
      ],
      inputs: [...writtenInputs, ...training.map((at) => realInputs[at] as FeatureVector)],
      settings,
    });
    real.forEach((_, at) => {
      if (foldOf[at] === fold) probabilities[at] = scoreBoth(stage, realInputs[at] as FeatureVector);
    });
  }
  return real.map((complaint, at) => scoreReal(model, splitter, complaint, probabilities[at]));
}

/** One real complaint scored by a model, with the complaint stage's probabilities given or the model's own. */
export function scoreReal(
  model: OfflineModel,
  splitter: ComplaintSplitter,
  complaint: RealComplaint,
  probabilities?: Pick<ScoredRealComplaint, 'complaint' | 'logistic'>,
): ScoredRealComplaint {
  const strands = splitter.split(complaint.text).strands;
  const prepared = prepareComplaint(complaint.text);
  return {
    gold: complaint.labels,
    strands,
    scores: strands.map((text, at) => scoreStrand(model, text, strands[at - 1], prepared)),
    ...(probabilities ?? scoreBoth(model.complaint, complaintFeatures(complaint.text, modelCueIndex(model)))),
  };
}

function scoreBoth(stage: ComplaintStage, input: FeatureVector): Pick<ScoredRealComplaint, 'complaint' | 'logistic'> {
  return { complaint: scoreComplaint(stage, input), logistic: scoreComplaint({ classes: stage.classes }, input) };
}

export interface RealReport {
  complaints: number;
  complaint: Evaluation;
  /** Gold category of single-label complaints × the predicted category (`unclear` when none, several → first). */
  confusion: Record<string, Record<string, number>>;
  /** Share of complaints whose set of sides (behavior, knowledge) is exactly right. */
  sidesRight: number;
  /** Share of complaints answered with a question (no category). */
  unclear: number;
  /**
   * Splitter proxy (no strand gold): of the complaints with two gold categories that the diagnosis finds both
   * of, the share where they sit on different strands.
   */
  splitProxy: { complaints: number; separated: number };
  /** Strands per complaint, on average. */
  strandsPerComplaint: number;
  /** Each complaint's predicted categories, in the order scored. */
  predicted: CategoryId[][];
}

/** Score a decision rule on scored real complaints. */
export function scoreRule(
  scored: readonly ScoredRealComplaint[],
  rule: Pick<OfflineModel, 'thresholds' | 'maxCategories' | 'poolRatio'>,
  complaintRule: ComplaintRule,
): RealReport {
  const perStrand = scored.map((entry) =>
    combineStages({
      rule: complaintRule,
      assigned: assignComplaint(rule, entry.scores),
      strandScores: entry.scores.map((score) => score.categories),
      complaint: entry.complaint,
    }),
  );
  const predicted = perStrand.map((strands) => categoryIds.filter((id) => strands.some((list) => list.includes(id))));
  const confusion: Record<string, Record<string, number>> = {};
  scored.forEach((entry, at) => {
    if (entry.gold.length !== 1) return;
    const row = entry.gold[0] as string;
    const guess = predicted[at] ?? [];
    const column = guess.includes(row as CategoryId) ? row : (guess[0] ?? 'unclear');
    confusion[row] ??= {};
    confusion[row][column] = (confusion[row][column] ?? 0) + 1;
  });
  const sides = (list: readonly CategoryId[]) => [...new Set(list.map(sideOf))].sort().join();
  const pairs = scored
    .map((entry, at) => ({ entry, strands: perStrand[at] ?? [] }))
    .filter(
      ({ entry, strands }) =>
        entry.gold.length === 2 && entry.gold.every((id) => strands.some((list) => list.includes(id))),
    );
  return {
    complaints: scored.length,
    complaint: evaluateLabels(
      predicted,
      scored.map((entry) => entry.gold),
    ),
    confusion,
    sidesRight: share(scored.filter((entry, at) => sides(entry.gold) === sides(predicted[at] ?? [])).length),
    unclear: share(predicted.filter((list) => list.length === 0).length),
    splitProxy: {
      complaints: pairs.length,
      separated: pairs.filter(({ entry, strands }) => {
        const [first, second] = entry.gold;
        return !strands.some((list) => list.includes(first as CategoryId) && list.includes(second as CategoryId));
      }).length,
    },
    strandsPerComplaint: scored.reduce((sum, entry) => sum + entry.strands.length, 0) / (scored.length || 1),
    predicted,
  };

  function share(count: number): number {
    return scored.length === 0 ? 0 : count / scored.length;
  }
}
