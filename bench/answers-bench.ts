import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readerFor } from '../src/access.js';
import { ask } from '../src/ask/ask.js';
import type { AskResult } from '../src/ask/ask-result.js';
import type { SeamConfig } from '../src/config/behavior-config.js';
import type { KnowledgeStore } from '../src/store/knowledge-store.js';
import { abcdMissing, judge, openSet, type Question, type QuestionSet, setNames } from './answer-sets.js';

/**
 * `npm run bench:answers`: does the extractive composer answer what its sources cover, and decline what
 * they do not? Two development sets of questions written here (bench/answers/*.json): the ABCD agent
 * manual (read in place from ../shared/data/abcd, or SEAM_SHARED_DATA; skipped when absent), imported as
 * markdown with one flow made billing-only, and the demo with its config and orders connector.
 *
 * answered-right: not declined, at least one citation, and every expected value stated in the answer.
 * declined-right: declined (any refusal), with no citation. `--verbose` prints every answer.
 */

interface Outcome {
  question: Question;
  result: AskResult;
  right: boolean;
  ms: number;
}

const verbose = process.argv.includes('--verbose');
const only = process.argv.find((argument) => argument.startsWith('--only='))?.slice('--only='.length);

const scratch = mkdtempSync(join(tmpdir(), 'seam-answers-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

async function run(options: { store: KnowledgeStore; set: QuestionSet; config: SeamConfig }): Promise<Outcome[]> {
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

function report(name: string, outcomes: readonly Outcome[]): void {
  const answerable = outcomes.filter((outcome) => outcome.question.expect !== 'decline');
  const uncovered = outcomes.filter((outcome) => outcome.question.expect === 'decline');
  const rate = (list: readonly Outcome[]) => {
    const right = list.filter((outcome) => outcome.right).length;
    return `${right}/${list.length} (${list.length ? ((100 * right) / list.length).toFixed(0) : '-'}%)`;
  };
  const median = [...outcomes.map((outcome) => outcome.ms)].sort((a, b) => a - b)[Math.floor(outcomes.length / 2)];
  console.log(`\n${name}: answered-right ${rate(answerable)}, declined-right ${rate(uncovered)}`);
  console.log(`  median ${median?.toFixed(1)} ms per question (extractive composer, SQLite)`);
  for (const outcome of outcomes) {
    if (outcome.right && !verbose) continue;
    const expected = outcome.question.expect === 'decline' ? 'decline' : outcome.question.expect.join(' + ');
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
}

for (const name of setNames) {
  if (only && only !== name) continue;
  const opened = await openSet(name, scratch);
  if (!opened) {
    console.log(`${name}: ${abcdMissing}`);
    continue;
  }
  try {
    report(name, await run({ store: opened.store, set: opened.set, config: opened.config }));
  } finally {
    await opened.close();
  }
}
