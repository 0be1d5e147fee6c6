import { type CategoryId, getCategory, inTaxonomyOrder, type TaxonomyCategory } from '../taxonomy/index.js';
import { assignComplaint, type ScoredStrand, unclearCandidates } from './calibrate.js';
import { checkComplaintLength } from './complaint-limit.js';
import {
  type ComplaintRule,
  combineStages,
  complaintFeatures,
  complaintRule,
  scoreComplaint,
} from './complaint-stage.js';
import type {
  CannotFix,
  CategoryPlan,
  Diagnosis,
  FineTuningVerdict,
  StrandDiagnosis,
  StrandFineTuneVerdict,
} from './diagnosis.js';
import { prepareComplaint } from './features.js';
import { modelCueIndex, type OfflineModel, scoreStrand } from './model.js';
import { loadOfflineModel } from './model-file.js';
import { type ComplaintSplitter, createComplaintSplitter } from './split-complaint.js';
import { noSymptomQuestion, unclearQuestion } from './unclear.js';

export interface Diagnoser {
  /**
   * Split a complaint into strands, label each and build the plan. Pure: never prints. Throws an
   * InputError for a complaint over `maxComplaintCharacters`.
   */
  diagnose(complaint: string): Diagnosis;
}

export interface DiagnoserOptions {
  /** The classifier (default: the built model, or one trained from the labelled set when running from source). */
  model?: OfflineModel;
  splitter?: ComplaintSplitter;
  /** How the complaint stage gates and adds to the strands' categories (default: `complaintRule`). */
  rule?: ComplaintRule;
}

export async function createDiagnoser(options: DiagnoserOptions = {}): Promise<Diagnoser> {
  const splitter = options.splitter ?? (await createComplaintSplitter());
  const model = options.model ?? (await loadOfflineModel());
  return {
    diagnose(complaint) {
      checkComplaintLength(complaint);
      const split = splitter.split(complaint);
      const prepared = prepareComplaint(complaint);
      const scores = split.strands.map((text, at) => scoreStrand(model, text, split.strands[at - 1], prepared));
      const assigned = combineStages({
        rule: options.rule ?? complaintRule,
        assigned: assignComplaint(model, scores),
        strandScores: scores.map((score) => score.categories),
        complaint: scoreComplaint(model.complaint, complaintFeatures(complaint, modelCueIndex(model))),
      });
      const strands = split.strands.map((text, at) => {
        const scored = scores[at] as ScoredStrand;
        const categories = assigned[at] ?? [];
        return strandDiagnosis(
          text,
          scored.categories,
          categories,
          categories.length === 0 ? unclearCandidates(scored) : [],
          scored.symptom,
        );
      });
      return assembleDiagnosis({
        strands,
        asksForFineTuning: split.asksForFineTuning,
        prescriptions: split.prescriptions,
        model: 'offline',
      });
    },
  };
}

/** The diagnosis of a whole complaint from its labelled strands, whichever classifier labelled them. */
export function assembleDiagnosis(parts: {
  strands: StrandDiagnosis[];
  asksForFineTuning: boolean;
  prescriptions: Diagnosis['prescriptions'];
  model: Diagnosis['model'];
}): Diagnosis {
  const diagnosis: Diagnosis = {
    strands: parts.strands,
    categories: inTaxonomyOrder(parts.strands.flatMap((strand) => strand.categories)),
    asks_for_fine_tuning: parts.asksForFineTuning,
    prescriptions: parts.prescriptions,
    model: parts.model,
  };
  if (parts.asksForFineTuning) diagnosis.fine_tuning = fineTuningVerdict(parts.strands);
  if (diagnosis.categories.length === 0) {
    const unclear = parts.strands
      .filter((strand) => strand.outcome === 'unclear')
      .sort((a, b) => b.confidence - a.confidence)[0];
    diagnosis.unclear = {
      question: unclear?.question ?? noSymptomQuestion,
      candidates: unclear?.candidates ?? [],
    };
  }
  return diagnosis;
}

/**
 * One strand's plan, from per-category scores and the categories chosen from them; with no category,
 * `candidates` (the likely ones, best first) make the strand unclear, and none make it a non-symptom.
 */
export function strandDiagnosis(
  text: string,
  scores: Record<CategoryId, number>,
  categories: readonly CategoryId[],
  candidates: readonly CategoryId[] = [],
  symptom?: number,
): StrandDiagnosis {
  const plan = categories.map((id) => planFor(getCategory(id), scores[id]));
  const best = Math.max(...Object.values(scores));
  const outcome = plan.length > 0 ? 'categorised' : candidates.length > 0 ? 'unclear' : 'no_symptom';
  const question = outcome === 'unclear' ? unclearQuestion(candidates) : undefined;
  return {
    text,
    categories: [...categories],
    outcome,
    ...(question === undefined ? {} : { candidates: [...candidates], question }),
    intervention:
      outcome === 'unclear'
        ? `unclear: no category is confident; ask: ${question}`
        : plan.length === 0
          ? 'no symptom named: say what the bot does wrong, with an example'
          : plan
              .map((entry) => (plan.length > 1 ? `${entry.category}: ${entry.intervention}` : entry.intervention))
              .join('; '),
    confidence: round(plan[0]?.confidence ?? best),
    route: plan.map((entry) => entry.route).join(' + ') || 'none',
    fine_tune: strandVerdict(plan),
    scores: Object.fromEntries(Object.entries(scores).map(([id, score]) => [id, round(score)])) as Record<
      CategoryId,
      number
    >,
    ...(symptom === undefined ? {} : { symptom: round(symptom) }),
    plan,
  };
}

function planFor(category: TaxonomyCategory, confidence: number): CategoryPlan {
  return {
    category: category.id,
    label: category.label,
    confidence: round(confidence),
    side: category.side,
    lives: category.lives,
    lives_text: category.livesText,
    route: category.route,
    intervention: category.intervention,
    why: category.why,
    verify: category.verify,
    undo: category.undo,
    reversibility: category.reversibility,
    fine_tune: category.fineTune,
  };
}

function strandVerdict(plan: readonly CategoryPlan[]): StrandFineTuneVerdict {
  if (plan.length === 0) return 'unknown';
  if (plan.some((entry) => entry.fine_tune.verdict === 'no')) return 'not_a_fix';
  if (plan.some((entry) => entry.fine_tune.verdict === 'partly')) return 'partly';
  return 'recommended';
}

function fineTuningVerdict(strands: readonly StrandDiagnosis[]): FineTuningVerdict {
  const pick = (verdict: StrandFineTuneVerdict) => strands.filter((strand) => strand.fine_tune === verdict);
  const canFix = pick('recommended');
  const partly = pick('partly');
  const cannotFix = pick('not_a_fix').map(cannotFixEntry);
  const labelled = strands.filter((strand) => strand.categories.length > 0).length;
  const categoriesOf = (list: readonly StrandDiagnosis[]) =>
    inTaxonomyOrder(list.flatMap((strand) => strand.categories));
  const parts = [
    `fine-tuning can fix ${canFix.length} of the ${labelled} strand${labelled === 1 ? '' : 's'}` +
      (canFix.length > 0 ? ` (${categoriesOf(canFix).join(', ')})` : ''),
  ];
  if (partly.length > 0) parts.push(`part of ${partly.length} more (${categoriesOf(partly).join(', ')})`);
  parts.push(
    cannotFix.length === 0
      ? 'nothing here is knowledge-side'
      : `it cannot fix ${cannotFix
          .map((entry) => `"${entry.text}" (${entry.categories.join(', ')}), which needs ${entry.route}`)
          .join('; ')}`,
  );
  return {
    can_fix: canFix.map((strand) => strand.text),
    partly: partly.map((strand) => strand.text),
    cannot_fix: cannotFix,
    summary: `${parts.join('; ')}.`.replace(/^f/, 'F'),
  };
}

function cannotFixEntry(strand: StrandDiagnosis): CannotFix {
  const blocking = strand.plan
    .filter((entry) => entry.fine_tune.verdict === 'no')
    .map((entry) => getCategory(entry.category));
  const join = (pick: (category: TaxonomyCategory) => string | null) =>
    [...new Set(blocking.map(pick).filter((text): text is string => text !== null))].join('; ') || 'none';
  return {
    text: strand.text,
    categories: blocking.map((category) => category.id),
    reason: join((category) => category.fineTune.text),
    instead: join((category) => category.intervention),
    route: join((category) => category.route),
    cost: {
      training_spend: join((category) => category.costOfGettingItWrong.trainingSpend),
      frozen_staleness: join((category) => category.costOfGettingItWrong.frozenStaleness),
      lost_flexibility: join((category) => category.costOfGettingItWrong.lostFlexibility),
      inability_to_delete: join((category) => category.costOfGettingItWrong.inabilityToDelete),
    },
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
