import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { operator, readerFor } from '../src/access.js';
import { ask } from '../src/ask/ask.js';
import type { AskResult } from '../src/ask/ask-result.js';
import { defaultConfig, type SeamConfig } from '../src/config/behavior-config.js';
import { loadConfig } from '../src/config/load-config.js';
import { demoPaths } from '../src/demo/demo-home.js';
import { seedDemo } from '../src/demo/seed-demo.js';
import type { KnowledgeStore } from '../src/store/knowledge-store.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { abcdAvailable, abcdDir, guidelineDocuments } from '../test/fixtures/abcd.js';

/**
 * `npm run bench:answers`: does the extractive composer answer what its sources cover, and decline what
 * they do not? Two development sets of questions written here (bench/answers/*.json): the ABCD agent
 * manual (read in place from ../shared/data/abcd, or SEAM_SHARED_DATA; skipped when absent), imported as
 * markdown with one flow made billing-only, and the demo with its config and orders connector.
 *
 * answered-right: not declined, at least one citation, and every expected value stated in the answer.
 * declined-right: declined (any refusal), with no citation. `--verbose` prints every answer.
 */

interface Question {
  q: string;
  as: string;
  expect: string[] | 'decline';
}

interface QuestionSet {
  principals?: Record<string, string[]>;
  billing_only?: string[];
  questions: Question[];
}

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

function readSet(name: string): QuestionSet {
  return JSON.parse(readFileSync(join(import.meta.dirname, 'answers', `${name}.json`), 'utf8')) as QuestionSet;
}

function flat(text: string): string {
  return text
    .toLowerCase()
    .replace(/\*\*|`/g, '')
    .replace(/\s+/g, ' ');
}

function judge(question: Question, result: AskResult): boolean {
  if (question.expect === 'decline') return result.refused && result.citations.length === 0;
  const answer = flat(result.answer);
  return (
    !result.refused &&
    result.citations.length + result.state_used.length > 0 &&
    question.expect.every((value) => value.split('|').some((alternative) => answer.includes(flat(alternative))))
  );
}

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

async function abcd(name: string): Promise<void> {
  if (!abcdAvailable) {
    console.log(`${name}: skipped (${abcdDir} is absent; see ../shared/data/README.md)`);
    return;
  }
  const set = readSet(name);
  const store = openSqliteStore({ path: join(scratch, `${name}.db`) });
  try {
    const billingOnly = new Set(set.billing_only ?? []);
    const documents = guidelineDocuments().map((document) =>
      billingOnly.has(document.id) ? { ...document, acl: ['billing'] } : document,
    );
    await store.putMany(documents, { reader: operator, author: 'abcd', message: 'ABCD agent guidelines' });
    for (const [id, roles] of Object.entries(set.principals ?? {})) await store.putPrincipal({ id, roles });
    report(name, await run({ store, set, config: defaultConfig() }));
  } finally {
    await store.close();
  }
}

async function demo(): Promise<void> {
  const set = readSet('demo');
  const paths = demoPaths(join(scratch, 'demo', 'seam.db'));
  await seedDemo({ paths, now: () => new Date() });
  const { config } = await loadConfig({ path: paths.config, cwd: process.cwd() });
  const store = openSqliteStore({ path: paths.store });
  try {
    report('demo', await run({ store, set, config }));
  } finally {
    await store.close();
  }
}

for (const name of ['abcd', 'abcd-check', 'abcd-3', 'abcd-4', 'abcd-5']) if (!only || only === name) await abcd(name);
if (!only || only === 'demo') await demo();
