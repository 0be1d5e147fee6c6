import { type CategoryId, getCategory } from '../taxonomy/index.js';
import { assignCategories, symptomFloor } from './calibrate.js';
import type { LabelledComplaint } from './dataset.js';
import type { Diagnoser } from './diagnose.js';
import { type Evaluation, evaluateLabels } from './evaluate.js';
import { prepareComplaint } from './features.js';
import { type OfflineModel, scoreStrand } from './model.js';
import { normalizeStrand } from './split-complaint.js';

/**
 * How `seam diagnose` does on a held-out set, measured the way a user meets it: end to end (split, then
 * classify) per complaint, against the union of the gold strands' categories; per strand on the gold
 * strands; the behavior-versus-knowledge split; and the splitter against the gold strands. Pure.
 */
export interface HeldOutReport {
  complaints: number;
  strands: number;
  /** End to end: each complaint's top-level categories against its gold union. */
  complaint: Evaluation;
  /** The classifier alone, on the gold strands. */
  strand: Evaluation;
  /** Gold category (or `none`) × predicted (first category, `unclear` or `none`), strands with at most one gold category. */
  confusion: Record<string, Record<string, number>>;
  /** Share of complaints (and of gold strands) whose set of sides, behavior and knowledge, is exactly right. */
  sides: { complaintAccuracy: number; strandAccuracy: number };
  /** Share of complaints where no strand got a category, so Seam asked a question. */
  unclearComplaints: number;
  splitter: SplitterScore;
}

export interface SplitterScore {
  /** Predicted strands equal to a gold strand (after normalising), over predicted, over gold. */
  precision: number;
  recall: number;
  f1: number;
  /** The same, counting a match when the two share at least half their words (Jaccard ≥ 0.5). */
  lenientF1: number;
  /** Complaints split exactly as the gold strands. */
  exactComplaints: number;
}

/** Behavior when fine-tuning can fix it (all or part), knowledge otherwise (sources, state, code, deletion). */
export function sideOf(id: CategoryId): 'behavior' | 'knowledge' {
  return getCategory(id).fineTune.verdict === 'no' ? 'knowledge' : 'behavior';
}

export function heldOutReport(options: {
  complaints: readonly LabelledComplaint[];
  diagnoser: Diagnoser;
  model: OfflineModel;
}): HeldOutReport {
  const { complaints, diagnoser, model } = options;
  const diagnoses = complaints.map((complaint) => diagnoser.diagnose(complaint.text));
  const goldUnion = complaints.map((complaint) => union(complaint.strands.map((strand) => strand.categories)));
  const complaintEvaluation = evaluateLabels(
    diagnoses.map((diagnosis) => diagnosis.categories),
    goldUnion,
  );
  const goldStrands = complaints.flatMap((complaint) => complaint.strands);
  const strandScores = complaints.flatMap((complaint) => {
    const prepared = prepareComplaint(complaint.text);
    return complaint.strands.map((strand, at) =>
      scoreStrand(model, strand.text, complaint.strands[at - 1]?.text, prepared),
    );
  });
  const strandPredictions = strandScores.map((scores) => assignCategories(model, scores));
  const confusion: Record<string, Record<string, number>> = {};
  goldStrands.forEach((strand, at) => {
    if (strand.categories.length > 1) return;
    const row = strand.categories[0] ?? 'none';
    const predicted = strandPredictions[at] ?? [];
    const column = predicted[0] ?? ((strandScores[at]?.symptom ?? 0) >= symptomFloor ? 'unclear' : 'none');
    confusion[row] ??= {};
    const cells = confusion[row];
    cells[column] = (cells[column] ?? 0) + 1;
  });
  const sameSides = (a: readonly CategoryId[], b: readonly CategoryId[]) =>
    sameSet(union([a.map(sideOf)]), union([b.map(sideOf)]));
  return {
    complaints: complaints.length,
    strands: goldStrands.length,
    complaint: complaintEvaluation,
    strand: evaluateLabels(
      strandPredictions,
      goldStrands.map((strand) => strand.categories),
    ),
    confusion,
    sides: {
      complaintAccuracy: share(
        diagnoses.filter((diagnosis, at) => sameSides(diagnosis.categories, goldUnion[at] ?? [])),
      ),
      strandAccuracy: share(
        goldStrands.filter((strand, at) => sameSides(strandPredictions[at] ?? [], strand.categories)),
        goldStrands.length,
      ),
    },
    unclearComplaints: share(diagnoses.filter((diagnosis) => diagnosis.unclear !== undefined)),
    splitter: scoreSplitter(
      complaints.map((complaint, at) => ({
        predicted: diagnoses[at]?.strands.map((strand) => strand.text) ?? [],
        gold: complaint.strands.map((strand) => strand.text),
      })),
    ),
  };

  function share(list: readonly unknown[], total = complaints.length): number {
    return total === 0 ? 0 : list.length / total;
  }
}

/** The splitter's strands against the gold strands of each complaint. */
export function scoreSplitter(
  pairs: readonly { predicted: readonly string[]; gold: readonly string[] }[],
): SplitterScore {
  let predictedCount = 0;
  let goldCount = 0;
  let exact = 0;
  let lenient = 0;
  let exactComplaints = 0;
  for (const pair of pairs) {
    const predicted = pair.predicted.map(key);
    const gold = pair.gold.map(key);
    predictedCount += predicted.length;
    goldCount += gold.length;
    exact += predicted.filter((strand) => gold.includes(strand)).length;
    lenient += predicted.filter((strand) => gold.some((other) => jaccard(strand, other) >= 0.5)).length;
    if (predicted.length === gold.length && predicted.every((strand, at) => strand === gold[at])) exactComplaints++;
  }
  const f1 = (matched: number) => {
    const precision = predictedCount === 0 ? 0 : matched / predictedCount;
    const recall = goldCount === 0 ? 0 : matched / goldCount;
    return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
  };
  return {
    ...f1(exact),
    lenientF1: f1(lenient).f1,
    exactComplaints: pairs.length === 0 ? 0 : exactComplaints / pairs.length,
  };
}

function key(strand: string): string {
  return normalizeStrand(strand).toLowerCase();
}

function jaccard(a: string, b: string): number {
  const left = new Set(a.split(/\W+/).filter(Boolean));
  const right = new Set(b.split(/\W+/).filter(Boolean));
  const shared = [...left].filter((word) => right.has(word)).length;
  const all = new Set([...left, ...right]).size;
  return all === 0 ? 0 : shared / all;
}

function union<T>(lists: readonly (readonly T[])[]): T[] {
  return [...new Set(lists.flat())];
}

function sameSet<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}
