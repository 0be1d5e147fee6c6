import { type ComplaintExample, type ComplaintRule, complaintRule } from '../src/diagnose/complaint-stage.js';
import { evaluateLabels } from '../src/diagnose/evaluate.js';
import {
  modelCueIndex,
  type OfflineModel,
  realComplaintWeight,
  trainComplaints,
  trainingSettings,
} from '../src/diagnose/model.js';
import { groupedFolds, type RealComplaint, sourceGroup } from '../src/diagnose/real-complaints.js';
import { crossValidateReal, type RealReport, scoreReal, scoreRule } from '../src/diagnose/real-report.js';
import type { ComplaintSplitter } from '../src/diagnose/split-complaint.js';
import { type CategoryId, categoryIds } from '../src/taxonomy/index.js';
import { categoryRows, shortCategory } from './diagnose-tables.js';

/**
 * The real development set in `npm run bench:diagnose`: grouped 5-fold cross-validation (folds by project or
 * outlet), the shipped decision rule, the same without real complaints in training (what a clone without
 * ../shared/data builds), the strand stage alone (the previous pipeline), and the two knobs of the complaint
 * stage over a small grid, all on the same out-of-fold scores.
 */
export function realSection(options: {
  model: OfflineModel;
  splitter: ComplaintSplitter;
  written: readonly ComplaintExample[];
  real: readonly RealComplaint[];
  log: (line?: string) => void;
  /** List each complaint whose out-of-fold diagnosis is not exactly its labels (by id, never its text). */
  misses?: boolean;
}) {
  const { model, splitter, written, real, log } = options;
  const folds = 5;
  const scored = crossValidateReal({
    model,
    splitter,
    written,
    real,
    realWeight: realComplaintWeight,
    folds,
    settings: trainingSettings,
  });
  const shipped = scoreRule(scored, model, complaintRule);
  log();
  log(`== real development set: ${real.length} complaints, grouped ${folds}-fold cross-validation ==`);
  summary('complaint + strand stages (shipped rule)', shipped);
  categoryTable(shipped);
  confusionTable(shipped.confusion);
  if (options.misses) missList(scored, shipped);
  const writtenOnly = {
    ...model,
    complaint: trainComplaints({ complaints: written, index: modelCueIndex(model), settings: trainingSettings }),
  };
  const withoutReal = scoreRule(
    real.map((complaint) => scoreReal(writtenOnly, splitter, complaint)),
    model,
    complaintRule,
  );
  summary('same rule, no real complaint in training', withoutReal);
  const logistic = (list: typeof scored) => list.map((entry) => ({ ...entry, complaint: entry.logistic }));
  const logisticOnly = scoreRule(logistic(scored), model, complaintRule);
  summary('complaint stage without its nearest-complaint learner (previous version)', logisticOnly);
  const withoutRealLogistic = scoreRule(
    logistic(real.map((complaint) => scoreReal(writtenOnly, splitter, complaint))),
    model,
    complaintRule,
  );
  summary('  the same, no real complaint in training', withoutRealLogistic);
  const strandOnly = scoreRule(scored, model, { complaintGate: 0, complaintFloor: 2 });
  summary('strand stage alone (previous pipeline)', strandOnly);
  log('  knobs on the out-of-fold scores (gate: share of the complaint stage best a strand category needs; floor: the');
  log('  complaint stage best is added from): micro P / R / F1, share answered with a question');
  const grid: { gate: number; floor: number; report: RealReport }[] = [];
  for (const gate of [0, 0.5, 0.7, 1]) {
    for (const floor of [0, 0.1, 0.2, 0.25, 0.3, 0.4]) {
      const report = scoreRule(scored, model, { complaintGate: gate, complaintFloor: floor });
      grid.push({ gate, floor, report });
      const evaluation = report.complaint;
      log(
        `    gate ${gate.toFixed(1)} floor ${floor.toFixed(2)}: ${fixed(evaluation.precision)} / ${fixed(evaluation.recall)} / ${fixed(evaluation.microF1)}, ${percent(report.unclear)}`,
      );
    }
  }
  const nested = nestedKnobs(grid.map(({ gate, floor }) => ({ complaintGate: gate, complaintFloor: floor })));
  log(
    `  knobs chosen by nested cross-validation (the grid's best micro-F1 on four folds, scored on the fifth): ` +
      `${fixed(nested.evaluation.precision)} / ${fixed(nested.evaluation.recall)} / ${fixed(nested.evaluation.microF1)}; ` +
      `picked ${nested.picks.map((rule) => `${rule.complaintGate}/${rule.complaintFloor}`).join(', ')}`,
  );
  return {
    folds,
    shipped,
    nested: { ...nested.evaluation, perCategory: undefined, picks: nested.picks },
    withoutReal,
    logisticOnly,
    withoutRealLogistic,
    strandOnly,
    grid: grid.map(({ gate, floor, report }) => ({
      gate,
      floor,
      precision: report.complaint.precision,
      recall: report.complaint.recall,
      microF1: report.complaint.microF1,
      unclear: report.unclear,
    })),
  };

  /** Each fold's rule chosen on the other folds' out-of-fold scores, the fold predicted with it. */
  function nestedKnobs(rules: readonly ComplaintRule[]) {
    const foldOf = groupedFolds(
      real.map((complaint) => sourceGroup(complaint.source)),
      folds,
    );
    const predicted: CategoryId[][] = new Array(scored.length);
    const picks: ComplaintRule[] = [];
    for (let fold = 0; fold < folds; fold++) {
      const others = scored.filter((_, at) => foldOf[at] !== fold);
      let best = rules[0] as ComplaintRule;
      let bestF1 = -1;
      for (const rule of rules) {
        const f1 = scoreRule(others, model, rule).complaint.microF1;
        if (f1 > bestF1) {
          best = rule;
          bestF1 = f1;
        }
      }
      picks.push(best);
      const all = scoreRule(scored, model, best).predicted;
      scored.forEach((_, at) => {
        if (foldOf[at] === fold) predicted[at] = all[at] ?? [];
      });
    }
    return {
      picks,
      evaluation: evaluateLabels(
        predicted,
        scored.map((entry) => entry.gold),
      ),
    };
  }

  function summary(label: string, report: RealReport): void {
    const evaluation = report.complaint;
    log(
      `${label}: micro P ${fixed(evaluation.precision)} R ${fixed(evaluation.recall)} F1 ${fixed(evaluation.microF1)}; ` +
        `behavior/knowledge split right for ${percent(report.sidesRight)}; ${percent(report.unclear)} answered with a question; ` +
        `splitter proxy: ${report.splitProxy.separated}/${report.splitProxy.complaints} two-label complaints found whole have ` +
        `their labels on different strands (${report.strandsPerComplaint.toFixed(1)} strands per complaint)`,
    );
  }

  function missList(list: typeof scored, report: RealReport): void {
    log("  out-of-fold misses (id: gold → predicted; the complaint stage's three best, in log-odds average):");
    list.forEach((entry, at) => {
      const predicted = report.predicted[at] ?? [];
      const same = predicted.length === entry.gold.length && predicted.every((id) => entry.gold.includes(id));
      if (same) return;
      const best = [...categoryIds].sort((a, b) => entry.complaint[b] - entry.complaint[a]).slice(0, 3);
      log(
        `    ${real[at]?.id}: ${entry.gold.map(shortCategory).join('+')} → ${predicted.map(shortCategory).join('+') || '(question)'}; ` +
          best.map((id) => `${shortCategory(id)} ${entry.complaint[id].toFixed(2)}`).join(', '),
      );
    });
  }

  function categoryTable(report: RealReport): void {
    for (const row of categoryRows(report.complaint.perCategory)) log(row);
  }

  function confusionTable(confusion: Record<string, Record<string, number>>): void {
    const short = shortCategory;
    const columns = [...categoryIds, 'unclear'];
    log('  gold \\ predicted (single-label complaints; the gold category when found, else the first predicted)');
    log(`  ${''.padEnd(10)}${columns.map((column) => short(column).padStart(10)).join('')}`);
    for (const row of categoryIds) {
      const cells = confusion[row] ?? {};
      log(`  ${short(row).padEnd(10)}${columns.map((column) => String(cells[column] ?? '·').padStart(10)).join('')}`);
    }
  }
}

const fixed = (value: number) => value.toFixed(2);
const percent = (value: number) => `${Math.round(value * 100)}%`;
