import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readerFor } from '../src/access.js';
import { askSteps, createAskContext, toResult } from '../src/ask/ask.js';
import { featureNames, type RerankModel } from '../src/ask/evidence/rerank.js';
import type { Candidate } from '../src/ask/evidence/weigh.js';
import type { AskContext } from '../src/ask/request-context.js';
import { trainOneVsRest } from '../src/diagnose/logistic-regression.js';
import { abcdMissing, judge, openSet, type Question, setNames, statedShare } from './answer-sets.js';

/**
 * `npx tsx bench/rerank-fit.ts [--write]`: fit the learned unit score (`src/ask/evidence/rerank.ts`) on
 * the question sets of `bench/answers/`, and measure it.
 *
 * Every question of every set is run once through authorize → retrieve → fetch state; from there the rest
 * of the pipeline (compose → generate → validate → ground, the extractive composer) runs again for each
 * model compared, so that every figure is an end-to-end `npm run bench:answers` judgement.
 *
 * Training examples: the candidate units of the answerable questions the hand-written score answers (a
 * declined question keeps its decline: the learned score only picks the units quoted). A unit is a
 * positive when it states the most of the question's expected values any candidate states. Each question
 * weighs one in the loss, its positives half of that (L2-regularised logistic regression, the diagnose
 * model's trainer).
 *
 * Printed per set: answered-right and declined-right with the hand-written score, with the model fitted
 * on every set (in-sample), and leave-one-set-out (the model fitted on the other sets, the figure that
 * says whether it generalises); how many candidates hold the values at all (the ceiling); units quoted.
 * `--write` writes the model fitted on every set to `src/ask/evidence/rerank-model.ts`.
 */

interface Asked {
  set: string;
  question: Question;
  base: AskContext;
  candidates: readonly Candidate[];
  /** Per candidate: share of the expected values it states; positive when it is the question's best. */
  positives: boolean[];
}

const l2Grid = [0.01];
/** `keep` values, then `lead` values (written as `lead:N`). */
const keepGrid = [0.3, 'lead:1'] as const;
const iterations = 600;

const scratch = mkdtempSync(join(tmpdir(), 'seam-rerank-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

const started = performance.now();
const cpuStarted = process.cpuUsage();
const asked: Asked[] = [];
const closers: (() => Promise<void>)[] = [];
for (const name of setNames) {
  const opened = await openSet(name, scratch);
  if (!opened) {
    console.log(`${name}: ${abcdMissing}`);
    continue;
  }
  closers.push(opened.close);
  for (const question of opened.set.questions) {
    const base = createAskContext({
      question: question.q,
      reader: await readerFor(opened.store, question.as),
      store: opened.store,
      config: opened.config,
      env: {},
    });
    for (const [step, run] of askSteps) {
      if (step === 'compose') break;
      await run(base);
    }
    let candidates: readonly Candidate[] = [];
    // The units the learned score chooses among: those mentioning an asked word (see `learnedSelection`).
    await finish(base, null, (seen) => {
      candidates = seen.filter((candidate) => candidate.covered.length > 0);
    });
    const shares =
      question.expect === 'decline'
        ? candidates.map(() => 0)
        : candidates.map((c) => statedShare(question.expect as string[], c.unit.text));
    const best = Math.max(0, ...shares);
    asked.push({ set: name, question, base, candidates, positives: shares.map((share) => best > 0 && share === best) });
  }
}

/** Run compose → ground on a copy of a context stopped after fetch state. */
async function finish(
  base: AskContext,
  rerank: RerankModel | null,
  onCandidates?: (candidates: readonly Candidate[]) => void,
): Promise<AskContext> {
  const context: AskContext = {
    ...base,
    citations: [],
    usedHits: new Set(),
    stateUsed: [],
    warnings: [...base.warnings],
    trace: structuredClone(base.trace),
    rerank,
    ...(onCandidates ? { onCandidates } : {}),
  };
  let after = false;
  for (const [step, run] of askSteps) {
    if (step === 'compose') after = true;
    if (after) await run(context);
  }
  return context;
}

function vector(candidate: Candidate): Map<string, number> {
  return new Map(featureNames.map((name) => [name, candidate.features[name] ?? 0]));
}

function fitModel(training: readonly Asked[], l2: number, keep: (typeof keepGrid)[number]): RerankModel {
  const inputs: Map<string, number>[] = [];
  const targets: boolean[] = [];
  const exampleWeights: number[] = [];
  for (const entry of training) {
    const positives = entry.positives.filter(Boolean).length;
    if (entry.question.expect === 'decline' || positives === 0) continue;
    const negatives = entry.candidates.length - positives;
    entry.candidates.forEach((candidate, index) => {
      const positive = entry.positives[index] === true;
      inputs.push(vector(candidate));
      targets.push(positive);
      exampleWeights.push(positive ? 0.5 / positives : 0.5 / Math.max(1, negatives));
    });
  }
  const [model] = trainOneVsRest({
    inputs,
    targets: [targets],
    positiveWeights: [1],
    exampleWeights,
    l2,
    iterations,
    learningRate: 0.05,
  });
  if (!model) throw new Error('no model fitted');
  const weights: Record<string, number> = {};
  for (const name of featureNames) weights[name] = Math.round((model.weights.get(name) ?? 0) * 1000) / 1000;
  const bias = Math.round(model.bias * 1000) / 1000;
  return typeof keep === 'number' ? { bias, weights, keep } : { bias, weights, keep: 0, lead: Number(keep.slice(5)) };
}

interface Score {
  answered: number;
  answerable: number;
  declined: number;
  uncovered: number;
  units: number;
}

async function score(entries: readonly Asked[], model: RerankModel | null): Promise<Score> {
  const total: Score = { answered: 0, answerable: 0, declined: 0, uncovered: 0, units: 0 };
  for (const entry of entries) {
    const context = await finish(entry.base, model);
    const result = toResult(context);
    const right = judge(entry.question, result);
    if (entry.question.expect === 'decline') {
      total.uncovered++;
      if (right) total.declined++;
    } else {
      total.answerable++;
      if (right) total.answered++;
      if (!result.refused) total.units += context.draft?.segments.length ?? 0;
    }
  }
  return total;
}

const dump = process.argv.find((argument) => argument.startsWith('--dump='))?.slice('--dump='.length);
if (dump) {
  // For experiments outside the repository: features, labels and the hand score's outcome per question.
  const rows = [];
  for (const entry of asked) {
    const context = await finish(entry.base, null);
    const result = toResult(context);
    rows.push({
      set: entry.set,
      q: entry.question.q,
      expect: entry.question.expect,
      answered: !result.refused,
      right: judge(entry.question, result),
      candidates: entry.candidates.map((candidate, index) => ({
        features: Object.fromEntries(vector(candidate)),
        positive: entry.positives[index],
        text: candidate.unit.text,
      })),
    });
  }
  writeFileSync(dump, JSON.stringify(rows));
  for (const close of closers) await close();
  process.exit(0);
}

const present = [...new Set(asked.map((entry) => entry.set))];
const bySet = (name: string) => asked.filter((entry) => entry.set === name);
const ratio = (right: number, of: number) => `${right}/${of}`;

// Hyper-parameters (L2, keep) chosen by the leave-one-set-out total, and reported as such.
let chosen: { l2: number; keep: (typeof keepGrid)[number]; right: number } = { l2: 0.01, keep: 'lead:1', right: -1 };
for (const l2 of l2Grid) {
  for (const keep of keepGrid) {
    let right = 0;
    for (const held of present) {
      const model = fitModel(
        asked.filter((entry) => entry.set !== held),
        l2,
        keep,
      );
      const result = await score(bySet(held), model);
      right += result.answered + result.declined;
    }
    console.log(`  grid: l2 ${l2}, keep ${keep}: leave-one-set-out right ${right}`);
    if (right > chosen.right) chosen = { l2, keep, right };
  }
}
console.log(`chosen: l2 ${chosen.l2}, keep ${chosen.keep}\n`);

const everything = fitModel(asked, chosen.l2, chosen.keep);
const rows: string[] = [];
const sums = { hand: [0, 0, 0, 0], all: [0, 0, 0, 0], loso: [0, 0, 0, 0] };
for (const name of present) {
  const entries = bySet(name);
  const hand = await score(entries, null);
  const inSample = await score(entries, everything);
  const loso = await score(
    entries,
    fitModel(
      asked.filter((entry) => entry.set !== name),
      chosen.l2,
      chosen.keep,
    ),
  );
  const reachable = entries.filter(
    (entry) =>
      entry.question.expect !== 'decline' &&
      entry.candidates.some((c) => statedShare(entry.question.expect as string[], c.unit.text) === 1),
  ).length;
  for (const [key, result] of [
    ['hand', hand],
    ['all', inSample],
    ['loso', loso],
  ] as const) {
    const sum = sums[key];
    sum[0] = (sum[0] ?? 0) + result.answered;
    sum[1] = (sum[1] ?? 0) + result.answerable;
    sum[2] = (sum[2] ?? 0) + result.declined;
    sum[3] = (sum[3] ?? 0) + result.uncovered;
  }
  rows.push(
    `| ${name} | ${ratio(hand.answered, hand.answerable)}, ${ratio(hand.declined, hand.uncovered)} | ${ratio(inSample.answered, inSample.answerable)}, ${ratio(inSample.declined, inSample.uncovered)} | **${ratio(loso.answered, loso.answerable)}, ${ratio(loso.declined, loso.uncovered)}** | ${reachable}/${hand.answerable} | ${(hand.units / Math.max(1, hand.answered)).toFixed(1)} → ${(loso.units / Math.max(1, loso.answered)).toFixed(1)} |`,
  );
}
const cell = (sum: number[]) => `${ratio(sum[0] ?? 0, sum[1] ?? 0)}, ${ratio(sum[2] ?? 0, sum[3] ?? 0)}`;
console.log(
  '| set | hand-written score: answered, declined | learned, fitted on every set | learned, leave-one-set-out | a candidate holds every value | units quoted per right answer (hand → LOSO) |',
);
console.log('| --- | --- | --- | --- | --- | --- |');
for (const row of rows) console.log(row);
console.log(`| all | ${cell(sums.hand)} | ${cell(sums.all)} | **${cell(sums.loso)}** | | |`);
console.log(`\nmodel fitted on every set: ${JSON.stringify(everything)}`);
const cpu = process.cpuUsage(cpuStarted);
console.log(
  `${asked.length} questions; ${((performance.now() - started) / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU`,
);

if (process.argv.includes('--write')) {
  const path = join(import.meta.dirname, '..', 'src', 'ask', 'evidence', 'rerank-model.ts');
  const lines = featureNames.map((name) => `    ${name}: ${everything.weights[name] ?? 0},`);
  writeFileSync(
    path,
    `import type { RerankModel } from './rerank.js';

/**
 * The learned unit score's weights, written by \`npx tsx bench/rerank-fit.ts --write\` (fitted on every
 * set of bench/answers/: ${present.join(', ')}; L2 ${chosen.l2}, keep ${chosen.keep} chosen by the
 * leave-one-set-out total). Features are described in \`rerank.ts\`.
 */
export const rerankModel: RerankModel = {
  bias: ${everything.bias},
  weights: {
${lines.join('\n')}
  },
  keep: ${everything.keep},${everything.lead !== undefined ? `\n  lead: ${everything.lead},` : ''}
};
`,
  );
  console.log(`wrote ${path}`);
}
for (const close of closers) await close();
