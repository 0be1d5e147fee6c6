import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { operator, readerOrOperator } from '../src/access.js';
import { ask } from '../src/ask/ask.js';
import { defaultConfig } from '../src/config/behavior-config.js';
import { defaultEvalConfig } from '../src/eval/eval-config.js';
import { generateProbes } from '../src/eval/probes/generate.js';
import { runEval } from '../src/eval/run-eval.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { createValueDetector } from '../src/values/index.js';
import { generateCorpus } from './corpus.js';
import { memory, round, saveResults, timed } from './stats.js';
import { importCorpus } from './store-bench.js';

/**
 * `npm run bench:eval`: `seam eval` on the generated store of 100,000 chunks (`SEAM_BENCH_CHUNKS`
 * scales it), after two price edits in each of 500 documents. Measures probe generation (currency, permission,
 * format) and a full run of the extractive configuration, one answer at a time: cases per second,
 * peak RSS, and the eval's own overhead per case (everything but answering). The peer, in the same
 * run, is a bare `ask()` loop over the same questions: the ratio says what the harness adds.
 */

const log = (line = '') => console.log(line);
const targetChunks = Number(process.env.SEAM_BENCH_CHUNKS ?? 100_000);
const edits = 500;
const perKind = 1000;

const directory = mkdtempSync(join(tmpdir(), 'seam-eval-bench-'));
try {
  log(`Generating and importing about ${targetChunks} chunks...`);
  const corpus = generateCorpus({ targetChunks, seed: 42 });
  const path = join(directory, 'eval.db');
  const store = openSqliteStore({ path });
  await store.putPrincipal({ id: 'bea', roles: ['billing'] });
  await store.putPrincipal({ id: 'cust-ana', roles: ['customer'] });
  const imported = await importCorpus({ store, path, corpus, batchSize: 500 });
  // A price change in `edits` documents: the first amount of money in each becomes a price of its
  // own (the generated corpus reuses amounts across documents), then changes again.
  let edited = 0;
  for (const document of corpus.documents) {
    if (edited >= edits) break;
    if (!/\$\d+/.test(document.input.body)) continue;
    for (const price of [`$${1000 + edited}.50`, `$${3000 + edited}.75`]) {
      const body = document.input.body.replace(/\$\d+/, price);
      await store.put({ ...document.input, body }, { reader: operator, author: 'bench', message: 'price change' });
    }
    edited++;
  }
  log(`${imported.indexed_chunks} chunks in ${corpus.documents.length} documents; ${edited} price edits`);

  const detector = createValueDetector();
  const at = new Date().toISOString();
  const before = memory();
  const generation = await timed(() =>
    generateProbes({ store, kinds: ['currency', 'permission', 'format'], detector, at, limit: perKind }),
  );
  const afterGeneration = memory();
  const cases = generation.value.cases;
  const byKind = Object.fromEntries(
    ['currency', 'permission', 'format'].map((kind) => [kind, cases.filter((entry) => entry.kind === kind).length]),
  );
  log(`\nGeneration: ${cases.length} probes (${JSON.stringify(byKind)}) in ${round(generation.ms / 1000, 2)} s`);

  const evalConfig = defaultEvalConfig(defaultConfig());
  const run = await timed(() =>
    runEval({ store, cases, configs: [evalConfig], env: {}, concurrency: 1, now: () => new Date(at) }),
  );
  const afterRun = memory();
  const report = run.value;
  const perCase = run.ms / cases.length;
  const overhead = (run.ms - report.timings.answer_ms) / cases.length;

  // The peer: the same questions through ask() directly, no harness.
  const peer = await timed(async () => {
    for (const entry of cases) {
      await ask({
        question: entry.question,
        reader: await readerOrOperator(store, entry.as),
        store,
        config: evalConfig.config,
        env: {},
        now: () => new Date(at),
      });
    }
  });
  const peerPerCase = peer.ms / cases.length;
  const summary = report.summary[evalConfig.name] ?? {};
  log(`Run (extractive, one at a time): ${round(cases.length / (run.ms / 1000), 1)} cases/s`);
  log(
    `  per case ${round(perCase, 2)} ms; bare ask() per question ${round(peerPerCase, 2)} ms; ratio ${round(perCase / peerPerCase, 2)}`,
  );
  log(
    `  eval overhead per case (everything but answering) ${round(overhead, 3)} ms, of which judging ${round(report.timings.judge_ms / cases.length, 3)} ms`,
  );
  log(`  passed: ${JSON.stringify(summary)}`);
  log(
    `  peak RSS ${afterRun.peak_rss_mb} MB (before generation ${before.rss_mb} MB, after it ${afterGeneration.rss_mb} MB)`,
  );
  await store.close();

  saveResults('eval-bench', {
    generated_at: new Date().toISOString(),
    machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown' },
    store: { chunks: imported.indexed_chunks, documents: corpus.documents.length, price_edits: edited },
    generation: {
      seconds: round(generation.ms / 1000, 2),
      cases: cases.length,
      by_kind: byKind,
      memory: afterGeneration,
    },
    run: {
      cases: cases.length,
      cases_per_second: round(cases.length / (run.ms / 1000), 1),
      ms_per_case: round(perCase, 3),
      overhead_ms_per_case: round(overhead, 3),
      judge_ms_per_case: round(report.timings.judge_ms / cases.length, 3),
      bare_ask_ms_per_question: round(peerPerCase, 3),
      ratio_to_bare_ask: round(perCase / peerPerCase, 3),
      summary,
      memory: afterRun,
    },
  });
} finally {
  rmSync(directory, { recursive: true, force: true });
}
