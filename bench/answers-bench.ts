import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readerFor } from '../src/access.js';
import { ask } from '../src/ask/ask.js';
import type { AskResult } from '../src/ask/ask-result.js';
import { abcdMissing, allSetNames, judge, type OpenedSet, openSet, type Question } from './answer-sets.js';

/**
 * `npm run bench:answers`: does the extractive composer answer what its sources cover, and decline what
 * they do not? Every set of questions in bench/answers/*.json is run: sets named `demo*` against the demo
 * (with its config and orders connector), the others against the ABCD agent manual (read in place from
 * ../shared/data/abcd, or SEAM_SHARED_DATA; skipped when absent), imported as markdown with the set's
 * `billing_only` flows made billing-only. `--only=NAME` runs one set (NAME is the file name without .json).
 *
 * answered-right: not declined, at least one citation, and every expected value stated in the answer.
 * declined-right: declined (any refusal), with no citation. A question may name its `source` (a document
 * id, or `orders` for the demo's connector): then the set's line also counts the right answers that cite
 * it. `--verbose` prints every answer; one line per set and a total close the output.
 */

interface Outcome {
  question: Question;
  result: AskResult;
  right: boolean;
  ms: number;
}

interface Tally {
  name: string;
  answered: number;
  answerable: number;
  declined: number;
  uncovered: number;
  /** Right answers to questions with a `source` that cite it, and how many right answers have a source. */
  sourced: number;
  withSource: number;
}

const verbose = process.argv.includes('--verbose');
const only = process.argv.find((argument) => argument.startsWith('--only='))?.slice('--only='.length);

const scratch = mkdtempSync(join(tmpdir(), 'seam-answers-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

async function run(options: OpenedSet): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const question of options.set.questions) {
    const started = performance.now();
    const result = await ask({
      question: question.q,
      reader: await readerFor(options.store, question.as),
      store: options.store,
      config: options.config,
      env: {},
    });
    outcomes.push({ question, result, right: judge(question, result), ms: performance.now() - started });
  }
  return outcomes;
}

function rate(right: number, of: number): string {
  return `${right}/${of} (${of ? ((100 * right) / of).toFixed(0) : '-'}%)`;
}

function citesSource(outcome: Outcome): boolean {
  const source = outcome.question.source;
  if (!source) return false;
  if (source === 'orders') return outcome.result.state_used.length > 0;
  return outcome.result.citations.some((citation) => citation.id === source);
}

function report(name: string, outcomes: readonly Outcome[]): Tally {
  const answerable = outcomes.filter((outcome) => outcome.question.expect !== 'decline');
  const uncovered = outcomes.filter((outcome) => outcome.question.expect === 'decline');
  const rightWithSource = answerable.filter((outcome) => outcome.right && outcome.question.source);
  const tally: Tally = {
    name,
    answered: answerable.filter((outcome) => outcome.right).length,
    answerable: answerable.length,
    declined: uncovered.filter((outcome) => outcome.right).length,
    uncovered: uncovered.length,
    sourced: rightWithSource.filter(citesSource).length,
    withSource: rightWithSource.length,
  };
  const median = [...outcomes.map((outcome) => outcome.ms)].sort((a, b) => a - b)[Math.floor(outcomes.length / 2)];
  console.log(`\n${line(tally)}`);
  console.log(`  median ${median?.toFixed(1)} ms per question (extractive composer, SQLite)`);
  for (const outcome of outcomes) {
    if (outcome.right && !verbose) continue;
    const expected =
      outcome.question.expect === 'decline'
        ? 'decline'
        : `${outcome.question.expect.join(' + ')}${outcome.question.source ? ` (from ${outcome.question.source})` : ''}`;
    const got = outcome.result.refused
      ? `declined: ${outcome.result.refusal?.detail ?? ''}`
      : `${outcome.result.answer.replace(/\s+/g, ' ').slice(0, 220)} [${outcome.result.citations.map((c) => c.id).join(', ')}]`;
    console.log(
      `  ${outcome.right ? 'ok  ' : 'MISS'} (${outcome.question.as}) ${outcome.question.q}\n       want ${expected}\n       got  ${got}`,
    );
    const coverage = outcome.result.trace.coverage;
    if (coverage && process.argv.includes('--coverage')) {
      const words = coverage.words.map(
        (word) => `${word.word}:${word.weight}${word.covered ? `/${word.covered}` : ''}`,
      );
      console.log(
        `       coverage ${coverage.score} ${words.join(' ')}${coverage.expects ? ` expects ${coverage.expects.kinds[0]}:${coverage.expects.found}` : ''}`,
      );
    }
  }
  return tally;
}

function line(tally: Tally): string {
  const sourced = tally.withSource ? `; ${tally.sourced}/${tally.withSource} right answers cite their source` : '';
  return `${tally.name}: answered-right ${rate(tally.answered, tally.answerable)}, declined-right ${rate(tally.declined, tally.uncovered)}${sourced}`;
}

async function bench(name: string): Promise<Tally | undefined> {
  const opened = await openSet(name, scratch);
  if (!opened) {
    console.log(`${name}: ${abcdMissing}`);
    return undefined;
  }
  try {
    return report(name, await run(opened));
  } finally {
    await opened.close();
  }
}

const names = allSetNames();
if (only && !names.includes(only)) {
  console.error(`--only=${only}: no such set in bench/answers (sets: ${names.join(', ')})`);
  process.exit(2);
}
const tallies: Tally[] = [];
for (const name of names) {
  if (only && only !== name) continue;
  const tally = await bench(name);
  if (tally) tallies.push(tally);
}
console.log('');
for (const tally of tallies) console.log(line(tally));
if (tallies.length > 1) {
  const sum = (key: keyof Omit<Tally, 'name'>) => tallies.reduce((total, tally) => total + tally[key], 0);
  console.log(
    line({
      name: `total (${tallies.length} sets)`,
      answered: sum('answered'),
      answerable: sum('answerable'),
      declined: sum('declined'),
      uncovered: sum('uncovered'),
      sourced: sum('sourced'),
      withSource: sum('withSource'),
    }),
  );
}
