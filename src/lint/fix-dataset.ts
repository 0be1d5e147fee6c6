import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Reader } from '../access.js';
import type { KnowledgeStore } from '../store/knowledge-store.js';
import { parseJsonLine, readJsonlLines } from '../util/jsonl.js';
import { createValueDetector } from '../values/index.js';
import { factLookup } from './content-checks.js';
import { type FactIndex, resolveFactIndex } from './fact-index.js';
import { type Change, type FactStrategy, fixExample } from './fix.js';
import { sniffFormat } from './lint.js';
import { type BatchSettings, lintBatch } from './lint-batch.js';

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
}

export interface FixSummary {
  examples: number;
  written: number;
  changed: number;
  dropped: number;
  /** Lines copied unchanged although they have format errors (without --drop). */
  unrepaired: number;
  changes_by_action: Record<string, number>;
  /** Where the change report (JSON Lines, one change per line) was written. */
  changes_file: string;
}

/**
 * Write a repaired copy of a dataset, and a change report beside it. Both are written to temporary files
 * and renamed into place at the end, so a failure never leaves a half-written output.
 */
export async function fixDataset(options: FixOptions): Promise<FixSummary> {
  const detector = createValueDetector();
  const index = await resolveFactIndex(options, detector);
  const facts = factLookup(index);
  const context = { facts, passages: new Map(index?.passages ?? []), strategy: options.strategy ?? 'ground' };
  const settings: BatchSettings = {
    format: await sniffFormat(options.path),
    encoding: 'o200k_base',
    contextLimit: Number.POSITIVE_INFINITY,
    formatOnly: false,
  };
  const changesFile = `${options.out.replace(/\.jsonl$/i, '')}.changes.jsonl`;
  const stamp = `${process.pid}.${Date.now()}.tmp`;
  const outputs = [
    { final: options.out, temporary: `${options.out}.${stamp}` },
    { final: changesFile, temporary: `${changesFile}.${stamp}` },
  ] as const;
  const [data, report] = outputs.map((output) => createWriteStream(output.temporary, { encoding: 'utf8' }));
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
      const { findings } = lintBatch([{ line, text }], settings, detector, facts);
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
          await write(data, `${text}\n`);
        }
        continue;
      }
      const value = parsed.value as Record<string, unknown>;
      const changes = fixExample(value, line, findings, context);
      if (changes.length > 0) summary.changed++;
      await record(changes);
      summary.written++;
      await write(data, `${changes.length > 0 ? JSON.stringify(value) : text}\n`);
    }
    await Promise.all([data, report].map((stream) => new Promise((resolve) => stream.end(resolve))));
    for (const output of outputs) await rename(output.temporary, output.final);
  } catch (error) {
    data.destroy();
    report.destroy();
    await Promise.all(outputs.map((output) => rm(output.temporary, { force: true })));
    throw error;
  }
  return summary;
}
