import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { operator } from '../src/access.js';
import { demoDates, demoFiles } from '../src/demo/corpus.js';
import { parseDocumentText } from '../src/documents/parse-document.js';
import { lintDataset } from '../src/lint/lint.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { parseJsonLine, readJsonlLines } from '../src/util/jsonl.js';
import { generateDataset } from './lint-dataset.js';
import { runFixBench } from './lint-fix-bench.js';
import { memory, round, saveResults } from './stats.js';

/**
 * `npm run bench:lint`: lint throughput on a generated dataset (default 100 MB; SEAM_BENCH_LINT_MB) with
 * the demo knowledge store loaded, against merely streaming the same file and JSON.parse-ing each line; then what
 * `--fix` leaves and costs (bench/lint-fix-bench.ts).
 */

const targetMb = Number(process.env.SEAM_BENCH_LINT_MB ?? 100);
const log = (line: string) => console.log(line);

async function parseOnly(path: string): Promise<number> {
  const started = performance.now();
  let objects = 0;
  for await (const { text } of readJsonlLines(path)) if (parseJsonLine(text).ok) objects++;
  if (objects === 0) throw new Error('nothing parsed');
  return (performance.now() - started) / 1000;
}

const directory = mkdtempSync(join(tmpdir(), 'seam-lint-bench-'));
try {
  const store = openSqliteStore({ path: join(directory, 'kb.db') });
  for (const file of demoFiles(demoDates(new Date()))) {
    for (const version of file.versions) {
      await store.put(parseDocumentText(version.markdown, { file: file.path, fallbackId: file.path }), {
        reader: operator,
        author: version.author,
      });
    }
  }
  const dataset = join(directory, 'dataset.jsonl');
  log(`Generating about ${targetMb} MB of chat examples...`);
  const generated = await generateDataset(dataset, targetMb * 2 ** 20);
  const mb = generated.bytes / 2 ** 20;

  log('Streaming and JSON.parse-ing every line (the peer)...');
  const parseSeconds = await parseOnly(dataset);
  const runLint = async (jobs: number) => {
    log(
      `Linting with the store loaded, ${jobs === 0 ? 'on the calling thread' : `on the calling thread and ${jobs} worker thread(s)`}...`,
    );
    let peakRss = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 100);
    const started = performance.now();
    const result = await lintDataset({ path: dataset, store, jobs, maxFindings: 10_000 });
    clearInterval(sampler);
    return { result, seconds: (performance.now() - started) / 1000, peakRss };
  };
  const before = memory();
  const single = await runLint(0);
  const threaded = await runLint(Math.max(1, availableParallelism() - 1));
  const { result } = single;
  const lintSeconds = single.seconds;
  const peakRss = single.peakRss;
  await store.close();

  const figures = {
    generated_at: new Date().toISOString(),
    machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown' },
    dataset: { mb: round(mb, 1), lines: generated.lines },
    json_parse: { seconds: round(parseSeconds, 2), mb_per_second: round(mb / parseSeconds, 1) },
    lint: {
      seconds: round(lintSeconds, 2),
      mb_per_second: round(mb / lintSeconds, 2),
      examples_per_second: Math.round(generated.lines / lintSeconds),
      errors: result.summary.errors,
      warnings: result.summary.warnings,
      by_kind: result.summary.by_kind,
      peak_rss_mb: round(peakRss / 2 ** 20, 0),
      rss_before_mb: before.rss_mb,
    },
    lint_worker_threads: {
      threads: 1 + Math.max(1, availableParallelism() - 1),
      mb_per_second: round(mb / threaded.seconds, 2),
      peak_rss_mb: round(threaded.peakRss / 2 ** 20, 0),
    },
    ratio_lint_over_parse: round(mb / lintSeconds / (mb / parseSeconds), 3),
    ratio_threaded_over_parse: round(parseSeconds / threaded.seconds, 3),
  };
  log('');
  log(`dataset             ${figures.dataset.mb} MB, ${figures.dataset.lines} examples`);
  log(`stream + JSON.parse ${figures.json_parse.mb_per_second} MB/s (${figures.json_parse.seconds} s)`);
  log(
    `seam lint           ${figures.lint.mb_per_second} MB/s (${figures.lint.seconds} s, ${figures.lint.examples_per_second} examples/s, peak RSS ${figures.lint.peak_rss_mb} MB)`,
  );
  log(
    `  on ${figures.lint_worker_threads.threads} threads   ${figures.lint_worker_threads.mb_per_second} MB/s (peak RSS ${figures.lint_worker_threads.peak_rss_mb} MB)`,
  );
  log(
    `lint / parse        ${figures.ratio_lint_over_parse} on one thread, ${figures.ratio_threaded_over_parse} on ${figures.lint_worker_threads.threads} (the issue aims at 0.33)`,
  );
  log(
    `findings            ${figures.lint.errors} errors, ${figures.lint.warnings} warnings: ${JSON.stringify(figures.lint.by_kind)}`,
  );
  saveResults('lint-bench', figures);
} finally {
  rmSync(directory, { recursive: true, force: true });
}

log('');
log('seam lint --fix: errors and billed tokens before and after (bench/lint-fix-bench.ts)...');
await runFixBench();
