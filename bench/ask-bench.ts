import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { operator, type Reader, readerFor } from '../src/access.js';
import { ask } from '../src/ask/ask.js';
import type { StepName } from '../src/ask/ask-result.js';
import { run } from '../src/cli/main.js';
import { type SeamConfig, seamConfigSchema } from '../src/config/behavior-config.js';
import { loadConfig } from '../src/config/load-config.js';
import { demoAskConfig } from '../src/demo/ask-config.js';
import { writeDemoState } from '../src/demo/state.js';
import type { KnowledgeStore } from '../src/store/knowledge-store.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { generateCorpus, generateQueries } from './corpus.js';
import { round, type Summary, saveResults, summarize, timed } from './stats.js';
import { importCorpus } from './store-bench.js';

/**
 * `npm run bench:ask`: the answer pipeline's overhead without a model (authorize, retrieval, connector
 * calls, composition, validation and grounding, with the extractive composer) on the demo store and on a
 * generated store of 100,000 chunks (`SEAM_BENCH_CHUNKS` scales it). Every question runs the whole
 * pipeline; a SQL connector over the demo accounts database runs for the customer's questions.
 */

const log = (line = '') => console.log(line);
const steps: StepName[] = ['authorize', 'retrieve', 'fetch_state', 'compose', 'generate', 'validate', 'ground'];

interface Question {
  question: string;
  as: string;
}

async function measure(options: {
  store: KnowledgeStore;
  config: SeamConfig;
  questions: readonly Question[];
  warmup: number;
}) {
  const { store, config, questions } = options;
  const readers = new Map<string, Reader>();
  for (const id of new Set(questions.map((item) => item.as))) readers.set(id, await readerFor(store, id));
  const request = (item: Question) => ({
    question: item.question,
    reader: readers.get(item.as) ?? operator,
    store,
    config,
  });
  for (const item of questions.slice(0, options.warmup)) await ask(request(item));
  const totals: number[] = [];
  const perStep = Object.fromEntries(steps.map((step) => [step, [] as number[]])) as Record<StepName, number[]>;
  let refused = 0;
  let connectorCalls = 0;
  for (const item of questions) {
    const { ms, value } = await timed(() => ask(request(item)));
    totals.push(ms);
    for (const step of steps) perStep[step].push(value.trace.timings[step]);
    if (value.refused) refused += 1;
    connectorCalls += value.trace.connectors.filter((call) => call.status === 'ok').length;
  }
  return {
    questions: questions.length,
    refused,
    connector_calls: connectorCalls,
    total_ms: summarize(totals),
    steps_ms: Object.fromEntries(steps.map((step) => [step, summarize(perStep[step])])) as Record<StepName, Summary>,
  };
}

async function demoStore(directory: string) {
  const db = join(directory, 'demo', 'seam.db');
  const quiet = {
    stdout: () => undefined,
    stderr: (text: string) => process.stderr.write(text),
    env: {},
    cwd: directory,
    now: () => new Date(),
    isTty: false,
    color: false,
    outcome: { code: 0 },
  };
  const code = await run(['node', 'seam', 'demo', '--seed-only', '--db', db], quiet);
  if (code !== 0) throw new Error('could not seed the demo store');
  const { config } = await loadConfig({ cwd: directory, path: join(directory, 'demo', 'seam.config.json') });
  const asked: [string, string][] = [
    ['How long do I have to return a bag?', 'cust-ana'],
    ['Where is my order?', 'cust-ana'],
    ['Where is my order?', 'cust-ben'],
    ['How do we handle a chargeback?', 'bea'],
    ['How do we handle a chargeback?', 'sam'],
    ['How much does shipping cost?', 'sam'],
    ['How do I issue a refund?', 'sam'],
    ['Do you sell tea?', 'cust-ana'],
  ];
  const questions = Array.from({ length: 1000 }, (_, index) => {
    const [question, as] = asked[index % asked.length] ?? asked[0] ?? ['', ''];
    return { question, as };
  });
  return { store: openSqliteStore({ path: db }), config, questions };
}

async function largeStore(directory: string, targetChunks: number) {
  log(`Generating and importing about ${targetChunks} chunks...`);
  const corpus = generateCorpus({ targetChunks, seed: 42 });
  const path = join(directory, 'large.db');
  const store = openSqliteStore({ path });
  await store.putPrincipal({ id: 'bea', roles: ['billing'] });
  await store.putPrincipal({ id: 'cust-ana', roles: ['customer'] });
  const imported = await importCorpus({ store, path, corpus, batchSize: 500 });
  const state = join(directory, 'large-state.db');
  await writeDemoState(state, new Date());
  const config = seamConfigSchema.parse(demoAskConfig({ stateDatabase: state }));
  const questions = generateQueries({ count: 1000, seed: 43 }).map((query, index) =>
    index % 3 === 2
      ? { question: `where is my order, and ${query.text}?`, as: 'cust-ana' }
      : { question: `${query.text}?`, as: query.as },
  );
  return { store, config, questions, chunks: imported.indexed_chunks };
}

function report(name: string, figures: Awaited<ReturnType<typeof measure>>) {
  const line = (summary: Summary) => `p50 ${summary.p50.toFixed(2)} ms  p99 ${summary.p99.toFixed(2)} ms`;
  log(
    `\n${name}: ${figures.questions} questions, ${figures.refused} declined, ${figures.connector_calls} connector calls`,
  );
  log(`  total       ${line(figures.total_ms)}`);
  for (const step of steps) log(`  ${step.padEnd(11)} ${line(figures.steps_ms[step])}`);
}

const targetChunks = Number(process.env.SEAM_BENCH_CHUNKS ?? 100_000);
if (!Number.isInteger(targetChunks) || targetChunks < 100) {
  throw new Error(`SEAM_BENCH_CHUNKS must be an integer of at least 100, got '${process.env.SEAM_BENCH_CHUNKS}'`);
}
const directory = mkdtempSync(join(tmpdir(), 'seam-ask-bench-'));
try {
  const demo = await demoStore(directory);
  const demoFigures = await measure({ ...demo, warmup: 50 });
  await demo.store.close();
  report('Demo store', demoFigures);

  const large = await largeStore(directory, targetChunks);
  const largeFigures = await measure({ ...large, warmup: 50 });
  await large.store.close();
  report(`Store of ${large.chunks} chunks`, largeFigures);

  saveResults('ask-bench', {
    generated_at: new Date().toISOString(),
    machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown' },
    note: 'pipeline overhead without a model: extractive composer; wall time per ask() call',
    demo: demoFigures,
    large: { chunks: large.chunks, ...largeFigures },
    p99_over_p50_large: round(largeFigures.total_ms.p99 / largeFigures.total_ms.p50, 2),
  });
} finally {
  rmSync(directory, { recursive: true, force: true });
}
