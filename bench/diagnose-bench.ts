import { existsSync, readFileSync } from 'node:fs';
import { symptomFloor } from '../src/diagnose/calibrate.js';
import { complaintRule } from '../src/diagnose/complaint-stage.js';
import { isHeldOut, labelledSets, readLabelledSets } from '../src/diagnose/dataset.js';
import { createDiagnoser } from '../src/diagnose/diagnose.js';
import type { Evaluation } from '../src/diagnose/evaluate.js';
import { type HeldOutReport, heldOutReport } from '../src/diagnose/held-out-report.js';
import {
  complaintExamples,
  type OfflineModel,
  realComplaintWeight,
  trainingSettings,
  trainOfflineModel,
} from '../src/diagnose/model.js';
import {
  loadOfflineModel,
  modelFromJson,
  realTrainingComplaints,
  writtenExamples,
} from '../src/diagnose/model-file.js';
import { readRealComplaints } from '../src/diagnose/real-complaints.js';
import { createComplaintSplitter } from '../src/diagnose/split-complaint.js';
import { categoryIds } from '../src/taxonomy/index.js';
import { realSection } from './diagnose-real.js';
import { categoryRows, shortCategory } from './diagnose-tables.js';
import { round, saveResults } from './stats.js';

/**
 * `npm run bench:diagnose`: first the real development set (../shared/data/complaints-real, by grouped
 * cross-validation; skipped with a message when absent), then the offline classifier trained exactly as the
 * build trains it, scored on each labelled set's held-out split (which no rule, cue or setting was written
 * from): end to end per complaint
 * (what `seam diagnose --file … --json` gives), per gold strand with a confusion table, the
 * behavior-versus-knowledge split, the splitter's strands, and time per kilobyte as complaints grow.
 */

const log = (line = '') => console.log(line);
const fixed = (value: number) => value.toFixed(2);

const started = performance.now();
const splitter = await createComplaintSplitter();
const examples = writtenExamples(splitter);
// `--built` measures the model `npm run build` wrote (dist/diagnose/model.json) when it was trained on the same
// data and settings, instead of training it again: the same model, since training is deterministic.
const realOnly = process.argv.includes('--real-only');
const model = realOnly
  ? builtStrandStage()
  : process.argv.includes('--built')
    ? await loadOfflineModel()
    : trainOfflineModel(examples, trainingSettings, { realComplaints: realTrainingComplaints() });
const trainSeconds = (performance.now() - started) / 1000;
const diagnoser = await createDiagnoser({ model, splitter });
const all = readLabelledSets();
const development = model.trainedOn.development;
log(
  `diagnose: ${realOnly ? 'built model (strand stage) trained on' : 'trained on'} ${model.trainedOn.strands} strands of ${model.trainedOn.complaints} complaints; ready in ${trainSeconds.toFixed(1)} s; ` +
    `at most ${model.maxCategories} categories per strand, only when it names a symptom with chance ≥ ${symptomFloor} ` +
    `(unclear above that when no category is confident); pooling over a complaint from ${model.poolRatio} of a threshold`,
);
log(
  `development split (5-fold out-of-fold, training complaints only): complaint P ${fixed(development.complaintPrecision)} ` +
    `R ${fixed(development.complaintRecall)} F1 ${fixed(development.complaintMicroF1)}, strand micro-F1 ${fixed(development.strandMicroF1)}`,
);
log(`thresholds: ${categoryIds.map((id) => `${id} ${model.thresholds[id]}`).join(', ')}`);
log(
  `complaint stage: trained on ${model.trainedOn.complaints} written complaints and ${model.trainedOn.realComplaints} real ones ` +
    `(each weighing ${realComplaintWeight}); a strand keeps a category the complaint stage scores at least ` +
    `${complaintRule.complaintGate} of its best; the best is added from ${complaintRule.complaintFloor}`,
);

const real = readRealComplaints();
if (real.length === 0) log('\nreal development set: ../shared/data/complaints-real/dev.jsonl is absent; skipped');
const realResults =
  real.length === 0
    ? undefined
    : realSection({
        model,
        splitter,
        written: complaintExamples(examples),
        real,
        log,
        misses: process.argv.includes('--misses'),
      });
// `--real-only` stops after the real set: the fast loop while iterating on the complaint stage's data (see
// builtStrandStage).
if (realOnly) process.exit(0);

const reports: Record<string, HeldOutReport> = {};
for (const set of labelledSets) {
  const complaints = all.filter((complaint) => complaint.set === set.name && isHeldOut(complaint));
  const report = heldOutReport({ complaints, diagnoser, model });
  reports[set.name] = report;
  log();
  log(`== held-out ${set.name}: ${report.complaints} complaints, ${report.strands} gold strands ==`);
  log(
    `end to end, per complaint: micro P ${fixed(report.complaint.precision)} R ${fixed(report.complaint.recall)} ` +
      `F1 ${fixed(report.complaint.microF1)}; behavior/knowledge split right for ${percent(report.sides.complaintAccuracy)} ` +
      `of complaints; ${percent(report.unclearComplaints)} answered with a question (unclear)`,
  );
  categoryTable(report.complaint, 'per complaint');
  log(
    `per gold strand: micro P ${fixed(report.strand.precision)} R ${fixed(report.strand.recall)} F1 ${fixed(report.strand.microF1)}; ` +
      `sides right for ${percent(report.sides.strandAccuracy)} of strands`,
  );
  confusionTable(report.confusion);
  const splitter = report.splitter;
  log(
    `splitter: strand P ${fixed(splitter.precision)} R ${fixed(splitter.recall)} F1 ${fixed(splitter.f1)} (exact text), ` +
      `F1 ${fixed(splitter.lenientF1)} (half the words shared); ${percent(splitter.exactComplaints)} of complaints split exactly`,
  );
}

log();
log(
  'summary, per complaint end to end: set, complaints, micro P / R / F1, behavior/knowledge split right, answered with a question',
);
if (realResults) {
  const shipped = realResults.shipped;
  log(
    `  real development set (grouped ${realResults.folds}-fold CV)  ${shipped.complaints}  ${fixed(shipped.complaint.precision)} / ${fixed(shipped.complaint.recall)} / ${fixed(shipped.complaint.microF1)}  ${percent(shipped.sidesRight)}  ${percent(shipped.unclear)}`,
  );
}
for (const [name, report] of Object.entries(reports)) {
  log(
    `  ${name} (held out)  ${report.complaints}  ${fixed(report.complaint.precision)} / ${fixed(report.complaint.recall)} / ${fixed(report.complaint.microF1)}  ${percent(report.sides.complaintAccuracy)}  ${percent(report.unclearComplaints)}`,
  );
}
log();
const scaling = timeByLength();
log(
  `time per KB as one complaint grows, fastest of 3 runs (linear when the ratio stays near 1): ${scaling
    .map((entry) => `${entry.kilobytes} KB ${entry.msPerKilobyte.toFixed(1)} ms/KB (×${entry.ratio.toFixed(2)})`)
    .join(', ')}`,
);
log(
  `figures saved to ${saveResults('diagnose-bench', {
    model: { development, thresholds: model.thresholds },
    real: realResults,
    reports,
    scaling,
  })}`,
);

/**
 * `--real-only`: the model `npm run build` last wrote, whatever data it was built from. The real set's
 * cross-validation retrains only the complaint stage (on the current written data and the other folds), so a
 * change to the training data shows there without the three minutes of CPU a full build takes; the strand stage
 * and its thresholds stay the built ones until the next build.
 */
function builtStrandStage(): OfflineModel {
  const url = new URL('../dist/diagnose/model.json', import.meta.url);
  if (!existsSync(url)) {
    console.error('bench:diagnose --real-only needs a built model: run npm run build first');
    process.exit(2);
  }
  return modelFromJson(JSON.parse(readFileSync(url, 'utf8')));
}

function categoryTable(evaluation: Evaluation, label: string): void {
  for (const row of categoryRows(evaluation.perCategory, label)) log(row);
}

function confusionTable(confusion: Record<string, Record<string, number>>): void {
  const short = shortCategory;
  const rows = [...categoryIds, 'none'];
  const columns = [...categoryIds, 'unclear', 'none'];
  log(`  gold \\ predicted (strands with at most one gold category)`);
  log(`  ${''.padEnd(10)}${columns.map((column) => short(column).padStart(10)).join('')}`);
  for (const row of rows) {
    const cells = confusion[row] ?? {};
    log(`  ${short(row).padEnd(10)}${columns.map((column) => String(cells[column] ?? '·').padStart(10)).join('')}`);
  }
}

function timeByLength(): { kilobytes: number; msPerKilobyte: number; ratio: number }[] {
  const sentence =
    "The bot keeps quoting last year's prices, it told a customer on Basic that they had premium support, and its tone is cold. ";
  const results: { kilobytes: number; msPerKilobyte: number; ratio: number }[] = [];
  for (const kilobytes of [4, 12, 48]) {
    const text = sentence.repeat(Math.ceil((kilobytes * 1024) / sentence.length));
    // The fastest of three runs: the machine's other load only ever adds time.
    const runs = [0, 1, 2].map(() => {
      const start = performance.now();
      diagnoser.diagnose(text);
      return performance.now() - start;
    });
    const msPerKilobyte = Math.min(...runs) / kilobytes;
    results.push({ kilobytes, msPerKilobyte, ratio: msPerKilobyte / (results[0]?.msPerKilobyte ?? msPerKilobyte) });
  }
  return results.map((entry) => ({
    ...entry,
    msPerKilobyte: round(entry.msPerKilobyte, 2),
    ratio: round(entry.ratio, 2),
  }));
}

function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}
