import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Reader } from '../access.js';
import type { KnowledgeStore } from '../store/knowledge-store.js';
import { parseJsonLine, readJsonlLines } from '../util/jsonl.js';
import { refuseOutputsOverInputs } from '../util/output-paths.js';
import { atomicFile } from '../util/write-file-atomic.js';
import { createValueDetector } from '../values/index.js';
import { factLookup } from './content-checks.js';
import { checkExample } from './example.js';
import { type FactIndex, resolveFactIndex } from './fact-index.js';
import { type Change, type FactStrategy, type FixContext, fixExample } from './fix.js';
import { SentenceFinder } from './grounding.js';
import { sniffFormat } from './lint.js';
import { type BatchSettings, lintBatch } from './lint-batch.js';
import { type Encoding, exampleTokens, TokenStatsAccumulator, tokenCounter } from './tokens.js';

export interface FixOptions {
  path: string;
  out: string;
  store?: KnowledgeStore | undefined;
  /** Who reads `store` (required with it). */
  reader?: Reader | undefined;
  /** The store's fact index, already built; used instead of reading `store`. */
  index?: FactIndex | undefined;
  at?: string | undefined;
  strategy?: FactStrategy | undefined;
  /** Drop examples that cannot be repaired (format errors) instead of copying them unchanged. */
  drop?: boolean | undefined;
  /** Most tokens grounding may add to one example (default `defaultMaxContextTokens`); past it, values are rewritten. */
  maxContextTokens?: number | undefined;
  /** For the billed-token estimate (as `seam lint`'s). */
  encoding?: Encoding | undefined;
  contextLimit?: number | undefined;
}

/** Room for a few stating sentences: about four of ABCD's policy sentences, a tenth of a typical context. */
export const defaultMaxContextTokens = 160;

export interface FixSummary {
  examples: number;
  written: number;
  changed: number;
  dropped: number;
  /** Lines copied unchanged although they have format errors (without --drop). */
  unrepaired: number;
  changes_by_action: Record<string, number>;
  /** Billed tokens (the cookbook's estimate, as in `seam lint`'s summary) of the input and of the output. */
  billed_tokens: { before: number; after: number; ratio: number };
  max_context_tokens: number;
  /** Examples where a value was rewritten because its sentence did not fit `max_context_tokens` (first 100 lines). */
  over_budget: { examples: number; lines: number[] };
  /** Where the change report (JSON Lines, one change per line) was written. */
  changes_file: string;
}

/** Where the change report of a fix written to `out` goes. */
export function changesFileFor(out: string): string {
  return `${out.replace(/\.jsonl$/i, '')}.changes.jsonl`;
}

/**
 * Write a repaired copy of a dataset, and a change report beside it. Both are written to temporary files
 * and renamed into place at the end, so a failure never leaves a half-written output; an output that is the
 * input (or the other output), through links or not, is refused before anything is written.
 */
export async function fixDataset(options: FixOptions): Promise<FixSummary> {
  const changesFile = changesFileFor(options.out);
  await refuseOutputsOverInputs({
    inputs: [{ path: options.path, role: 'the dataset' }],
    outputs: [
      { path: options.out, role: '--fix' },
      { path: changesFile, role: 'the change report' },
    ],
  });
  const detector = createValueDetector();
  const index = await resolveFactIndex(options, detector);
  const facts = factLookup(index);
  const encoding = options.encoding ?? 'o200k_base';
  const maxContextTokens = options.maxContextTokens ?? defaultMaxContextTokens;
  const context: FixContext = {
    sentences: new SentenceFinder(new Map(index?.passages ?? []), detector),
    detector,
    strategy: options.strategy ?? 'ground',
    maxContextTokens,
    countTokens: tokenCounter(encoding),
  };
  const settings: BatchSettings = {
    format: await sniffFormat(options.path),
    encoding,
    contextLimit: Number.POSITIVE_INFINITY,
    formatOnly: false,
  };
  const contextLimit = options.contextLimit ?? 16_385;
  const before = new TokenStatsAccumulator(encoding, contextLimit);
  const after = new TokenStatsAccumulator(encoding, contextLimit);
  const outputs = [await atomicFile(options.out), await atomicFile(changesFile)];
  const [data, report] = outputs.map((output) => createWriteStream(output.temporaryPath, { encoding: 'utf8' }));
  if (!data || !report) throw new Error('could not open the outputs');
  const write = async (stream: NonNullable<typeof data>, text: string) => {
    if (!stream.write(text)) await once(stream, 'drain');
  };

  const summary: FixSummary = {
    examples: 0,
    written: 0,
    changed: 0,
    dropped: 0,
    unrepaired: 0,
    changes_by_action: {},
    billed_tokens: { before: 0, after: 0, ratio: 1 },
    max_context_tokens: maxContextTokens,
    over_budget: { examples: 0, lines: [] },
    changes_file: changesFile,
  };
  const record = async (changes: Change[]) => {
    for (const change of changes) {
      summary.changes_by_action[change.action] = (summary.changes_by_action[change.action] ?? 0) + 1;
      await write(report, `${JSON.stringify(change)}\n`);
    }
  };
  try {
    for await (const { line, text } of readJsonlLines(options.path)) {
      if (text.trim() === '') continue;
      const { findings, examples } = lintBatch([{ line, text }], settings, detector, facts);
      const packed = examples.flatMap((example) => [example.total, 0, 0, 0]);
      before.addPacked(Int32Array.from(packed));
      const broken = findings.some((finding) => finding.kind === 'format' && finding.severity === 'error');
      const parsed = parseJsonLine(text);
      summary.examples++;
      if (broken || !parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) {
        if (options.drop) {
          summary.dropped++;
          await record([{ line, kind: 'format', action: 'dropped' }]);
        } else {
          summary.unrepaired++;
          summary.written++;
          after.addPacked(Int32Array.from(packed));
          await write(data, `${text}\n`);
        }
        continue;
      }
      const value = parsed.value as Record<string, unknown>;
      const changes = fixExample(value, line, findings, context);
      if (changes.length > 0) summary.changed++;
      if (changes.some((change) => change.reason === 'over_context_budget')) {
        summary.over_budget.examples++;
        if (summary.over_budget.lines.length < 100) summary.over_budget.lines.push(line);
      }
      await record(changes);
      summary.written++;
      const fixed = changes.length > 0 ? checkExample(value, line, settings.format).example : undefined;
      after.addPacked(
        fixed ? Int32Array.from([exampleTokens(fixed, encoding).total, 0, 0, 0]) : Int32Array.from(packed),
      );
      await write(data, `${changes.length > 0 ? JSON.stringify(value) : text}\n`);
    }
    await Promise.all([data, report].map((stream) => new Promise((resolve) => stream.end(resolve))));
    for (const output of outputs) await output.commit();
  } catch (error) {
    data.destroy();
    report.destroy();
    await Promise.all(outputs.map((output) => output.abort()));
    throw error;
  }
  const billed = { before: before.result().billed_tokens, after: after.result().billed_tokens };
  summary.billed_tokens = {
    ...billed,
    ratio: billed.before === 0 ? 1 : Math.round((billed.after / billed.before) * 100) / 100,
  };
  return summary;
}
