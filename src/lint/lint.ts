import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { Reader } from '../access.js';
import type { KnowledgeStore } from '../store/knowledge-store.js';
import { append } from '../util/append.js';
import { parseJsonLine, readJsonlLines, readLineChunks } from '../util/jsonl.js';
import { cachedDetector } from '../values/cached.js';
import { createValueDetector } from '../values/index.js';
import { factLookup } from './content-checks.js';
import { type DatasetFormat, detectFormat } from './example.js';
import { buildFactIndex, type FactIndex, resolveFactIndex } from './fact-index.js';
import type { Finding, FindingKind } from './findings.js';
import { type BatchSettings, type CompactBatch, lintChunk } from './lint-batch.js';
import { type Encoding, type TokenStats, TokenStatsAccumulator } from './tokens.js';
import { WorkerPool } from './worker-pool.js';

export interface LintOptions {
  path: string;
  /** The knowledge store whose values count as current or superseded; without it, facts are only time-sensitive. */
  store?: KnowledgeStore | undefined;
  /** Who reads `store` (required with it): facts of versions this reader may not read are not there. */
  reader?: Reader | undefined;
  /** The store's fact index, already built (see `loadFactIndex`); used instead of reading `store`. */
  index?: FactIndex | undefined;
  /** The instant whose documents are current (default: now). */
  at?: string | undefined;
  encoding?: Encoding | undefined;
  contextLimit?: number | undefined;
  formatOnly?: boolean | undefined;
  /**
   * Worker threads besides the calling thread, which lints too whenever every worker has its hands full; 0 lints
   * on the calling thread alone. A worker spends about 1.4 s starting (the tokenizer and the detector), so by
   * default one worker per further core is started only for files over 16 MB (measured on two cores: a worker
   * loses 5% on 10 MB, gains 12% on 20 MB and 21% on 30 MB).
   */
  jobs?: number | undefined;
  /** About how many bytes of whole lines one thread lints at a time (default 256 KiB). */
  chunkBytes?: number | undefined;
  /** Keep at most this many findings in the result (counts stay exact). */
  maxFindings?: number | undefined;
  onProgress?: ((bytesRead: number, totalBytes: number) => void) | undefined;
}

export interface LintSummary {
  examples: number;
  lines: number;
  errors: number;
  warnings: number;
  infos: number;
  by_kind: Partial<Record<FindingKind, number>>;
  format: DatasetFormat;
  tokens: TokenStats;
  /** Findings left out of `findings` because of `maxFindings`. */
  omitted_findings: number;
}

export interface LintResult {
  summary: LintSummary;
  findings: Finding[];
}

/** About this many bytes of whole lines are linted at a time, on one thread. */
const chunkBytes = 1 << 18;
const maxWaiting = 64;
export const workerThresholdBytes = 16 * 1024 * 1024;

/** Lint a fine-tuning dataset, streaming it line by line. */
export async function lintDataset(options: LintOptions): Promise<LintResult> {
  const totalBytes = (await stat(options.path)).size;
  const detector = cachedDetector(createValueDetector());
  const index = await resolveFactIndex(options, detector);
  const settings: BatchSettings = {
    format: await sniffFormat(options.path),
    encoding: options.encoding ?? 'o200k_base',
    contextLimit: options.contextLimit ?? 16_385,
    formatOnly: options.formatOnly ?? false,
  };
  const jobs = options.jobs ?? (totalBytes > workerThresholdBytes ? availableParallelism() - 1 : 0);
  const maxFindings = options.maxFindings ?? 100_000;

  const stats = new TokenStatsAccumulator(settings.encoding, settings.contextLimit);
  const findings: Finding[] = [];
  const counts = { errors: 0, warnings: 0, infos: 0, omitted: 0, lines: 0 };
  const byKind: Partial<Record<FindingKind, number>> = {};
  const absorb = (result: CompactBatch) => {
    stats.addPacked(result.tokens);
    counts.errors += result.counts.errors;
    counts.warnings += result.counts.warnings;
    counts.infos += result.counts.infos;
    for (const [kind, count] of Object.entries(result.counts.by_kind) as [FindingKind, number][]) {
      byKind[kind] = (byKind[kind] ?? 0) + count;
    }
    const room = Math.max(0, maxFindings - findings.length);
    append(findings, result.findings.slice(0, room));
    const total = result.counts.errors + result.counts.warnings + result.counts.infos;
    counts.omitted += total - Math.min(room, result.findings.length);
  };
  /** Findings a batch should still send back: batches in flight may already fill the room, which is harmless. */
  const room = () => Math.max(0, maxFindings - findings.length);

  const pool = jobs > 0 ? new WorkerPool({ size: jobs, settings, index }) : undefined;
  const facts = factLookup(index);
  // Results in file order. The reading thread hands a chunk to a worker with room, else lints it itself, so
  // every thread stays busy while workers start; results are absorbed in order as soon as they are ready.
  const queue: { result?: CompactBatch; promise: Promise<CompactBatch> }[] = [];
  const absorbReady = () => {
    while (queue[0]?.result) absorb((queue.shift() as { result: CompactBatch }).result);
  };
  try {
    for await (const chunk of readLineChunks(options.path, options.chunkBytes ?? chunkBytes)) {
      counts.lines = chunk.firstLine + chunk.lines - 1;
      if (pool?.hasRoom()) {
        const entry: (typeof queue)[number] = { promise: pool.run(chunk, room()) };
        entry.promise.then(
          (result) => {
            entry.result = result;
          },
          () => undefined,
        );
        queue.push(entry);
      } else {
        const result = lintChunk(chunk, settings, detector, facts, room());
        queue.push({ result, promise: Promise.resolve(result) });
      }
      absorbReady();
      // Bounded memory: at most this many results wait to be absorbed in order (a slow worker must not stall the
      // reading thread, which lints meanwhile).
      while (queue.length > maxWaiting) absorb(await (queue.shift() as (typeof queue)[number]).promise);
      options.onProgress?.(chunk.bytesRead, totalBytes);
    }
    for (const entry of queue) absorb(await entry.promise);
  } finally {
    await pool?.close();
  }
  options.onProgress?.(totalBytes, totalBytes);
  findings.sort((a, b) => a.line - b.line || (a.message ?? -1) - (b.message ?? -1) || (a.start ?? 0) - (b.start ?? 0));
  const tokens = stats.result();
  return {
    summary: {
      examples: tokens.examples,
      lines: counts.lines,
      errors: counts.errors,
      warnings: counts.warnings,
      infos: counts.infos,
      by_kind: byKind,
      format: settings.format,
      tokens,
      omitted_findings: counts.omitted,
    },
    findings,
  };
}

/** Read the store's fact index once, for several lint and fix passes over the same instant. */
export function loadFactIndex(store: KnowledgeStore, options: { at: string; reader: Reader }): Promise<FactIndex> {
  return buildFactIndex(store, cachedDetector(createValueDetector()), options);
}

/** Whether findings reach the `--fail-on` level. */
export function failsAt(summary: LintSummary, level: 'error' | 'warning'): boolean {
  return level === 'error' ? summary.errors > 0 : summary.errors + summary.warnings > 0;
}

/** The file's format, from its first line that parses as a JSON object of a known shape (chat by default). */
export async function sniffFormat(path: string): Promise<DatasetFormat> {
  let checked = 0;
  for await (const { text } of readJsonlLines(path)) {
    const parsed = parseJsonLine(text);
    const format = parsed.ok ? detectFormat(parsed.value) : undefined;
    if (format) return format;
    if (++checked >= 100) break;
  }
  return 'chat';
}
