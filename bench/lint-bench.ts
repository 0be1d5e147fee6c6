import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoDates, demoFiles } from '../src/demo/corpus.js';
import { parseDocumentText } from '../src/documents/parse-document.js';
import { lintDataset } from '../src/lint/lint.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { parseJsonLine, readJsonlLines } from '../src/util/jsonl.js';
import { memory, round, saveResults } from './stats.js';

/**
 * `npm run bench:lint`: lint throughput on a generated dataset (default 100 MB; SEAM_BENCH_LINT_MB) with
 * the demo knowledge store loaded, against merely streaming the same file and JSON.parse-ing each line.
 */

const targetMb = Number(process.env.SEAM_BENCH_LINT_MB ?? 100);
const log = (line: string) => console.log(line);

function prng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const names = ['Jane Doe', 'Marcus Lee', 'Priya Natarajan', 'Tom Becker', 'Ana Souza', 'Liam Walsh'];
const questions = [
  'Hi, can I still return my beans?',
  'How much is the Daily Grind plan now?',
  'Where is my order?',
  'What does shipping cost?',
  'My grinder makes a noise, what setting should I use for French press?',
  "Can I switch to the Roaster's Choice box?",
];
const replies = [
  'Yes! Unopened bags can be returned within 14 days of delivery for a full refund.',
  'You can return them within 30 days, no questions asked.',
  'The Daily Grind plan is $14 per month and you can cancel any time from Account → Subscription → Cancel plan.',
  'Daily Grind costs $12 a month.',
  'Standard shipping is $5.95 per order and free over $40.',
  'Use setting 9 for French press, and setting 4 for pour-over.',
  'Of course, I can help you switch plans. The new price applies from your next billing date.',
  'Thanks for reaching out! I have passed this to our team and they will follow up by email.',
];

const vocabulary =
  'thanks again for your patience we really appreciate it the roast was a little darker than usual this week our team checked the batch and everything looks good let me know if there is anything else the beans should arrive soon and please keep the packaging in case you need it'.split(
    ' ',
  );

async function generateDataset(path: string, bytes: number): Promise<{ lines: number; bytes: number }> {
  const random = prng(7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  // A varied sentence, so that (as in real tickets) most messages are unique and no cache can skip the work.
  const filler = () => {
    const words = Array.from({ length: 8 + Math.floor(random() * 14) }, () => pick(vocabulary));
    return `${words.join(' ')}.`.replace(/^./, (first) => first.toUpperCase());
  };
  const out = createWriteStream(path);
  let written = 0;
  let lines = 0;
  while (written < bytes) {
    const name = pick(names);
    const order = 40_000 + Math.floor(random() * 50_000);
    const user = `${random() < 0.3 ? `${pick(questions)} I'm ${name}, order #${order}.` : pick(questions)} ${filler()}`;
    const reply = `${random() < 0.2 ? `Hi ${name.split(' ')[0]}! ${pick(replies)}` : pick(replies)} ${filler()} ${filler()}`;
    const messages = [
      { role: 'system', content: "You are Tidewater Coffee Co.'s support assistant. Be warm, brief and precise." },
      { role: 'user', content: user },
      { role: 'assistant', content: random() < 0.15 ? `${reply} Order ${order} is on its way.` : reply },
    ];
    const line = `${JSON.stringify({ messages })}\n`;
    if (!out.write(line)) await once(out, 'drain');
    written += Buffer.byteLength(line);
    lines++;
  }
  await new Promise((resolve) => out.end(resolve));
  return { lines, bytes: written };
}

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
    log(`Linting with the store loaded, ${jobs === 0 ? 'on the calling thread' : `${jobs} worker threads`}...`);
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
  const threaded = await runLint(cpus().length);
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
      threads: cpus().length,
      mb_per_second: round(mb / threaded.seconds, 2),
      peak_rss_mb: round(threaded.peakRss / 2 ** 20, 0),
    },
    ratio_lint_over_parse: round(mb / lintSeconds / (mb / parseSeconds), 3),
  };
  log('');
  log(`dataset             ${figures.dataset.mb} MB, ${figures.dataset.lines} examples`);
  log(`stream + JSON.parse ${figures.json_parse.mb_per_second} MB/s (${figures.json_parse.seconds} s)`);
  log(
    `seam lint           ${figures.lint.mb_per_second} MB/s (${figures.lint.seconds} s, ${figures.lint.examples_per_second} examples/s, peak RSS ${figures.lint.peak_rss_mb} MB)`,
  );
  log(
    `  ${figures.lint_worker_threads.threads} worker threads  ${figures.lint_worker_threads.mb_per_second} MB/s (peak RSS ${figures.lint_worker_threads.peak_rss_mb} MB)`,
  );
  log(`lint / parse        ${figures.ratio_lint_over_parse} (the issue aims at 0.33)`);
  log(
    `findings            ${figures.lint.errors} errors, ${figures.lint.warnings} warnings: ${JSON.stringify(figures.lint.by_kind)}`,
  );
  saveResults('lint-bench', figures);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
