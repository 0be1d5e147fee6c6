import { append } from '../util/append.js';
import { parseJsonLine, splitLines } from '../util/jsonl.js';
import type { ValueDetector } from '../values/value.js';
import { checkContent, type FactLookup } from './content-checks.js';
import { checkExample, type DatasetFormat } from './example.js';
import { type Finding, formatFinding } from './findings.js';
import { type Encoding, type ExampleTokens, exampleTokens, packTokens, roleFlags } from './tokens.js';

/** What a batch needs to know; plain data, so it can be sent to a worker thread. */
export interface BatchSettings {
  format: DatasetFormat;
  encoding: Encoding;
  contextLimit: number;
  /** Skip content checks (format and token checks only). */
  formatOnly: boolean;
}

export interface BatchResult {
  findings: Finding[];
  examples: ExampleTokens[];
}

export interface FindingCounts {
  errors: number;
  warnings: number;
  infos: number;
  by_kind: Partial<Record<Finding['kind'], number>>;
}

/**
 * A batch's result as sent back to the reading thread: every finding counted, only the first `keep` kept, and
 * the examples' token figures packed four to an example (see `packTokens`) so the result crosses threads cheaply.
 */
export interface CompactBatch {
  findings: Finding[];
  counts: FindingCounts;
  tokens: Int32Array;
}

export function compactBatch(result: BatchResult, keep: number): CompactBatch {
  const counts: FindingCounts = { errors: 0, warnings: 0, infos: 0, by_kind: {} };
  for (const finding of result.findings) {
    counts.by_kind[finding.kind] = (counts.by_kind[finding.kind] ?? 0) + 1;
    if (finding.severity === 'error') counts.errors++;
    else if (finding.severity === 'warning') counts.warnings++;
    else counts.infos++;
  }
  return { findings: result.findings.slice(0, Math.max(0, keep)), counts, tokens: packTokens(result.examples) };
}

/** Lint a chunk of whole lines (raw bytes, see `readLineChunks`). */
export function lintChunk(
  chunk: { bytes: Uint8Array; firstLine: number },
  settings: BatchSettings,
  detector: ValueDetector,
  facts: FactLookup,
  keep: number,
): CompactBatch {
  return compactBatch(lintBatch(splitLines(chunk), settings, detector, facts), keep);
}

/** Lint a batch of raw lines: parse, check the format, count tokens, check content. Pure and order-preserving. */
export function lintBatch(
  lines: readonly { line: number; text: string; invalidUtf8?: true }[],
  settings: BatchSettings,
  detector: ValueDetector,
  facts: FactLookup,
): BatchResult {
  const findings: Finding[] = [];
  const examples: ExampleTokens[] = [];
  for (const { line, text, invalidUtf8 } of lines) {
    if (invalidUtf8) findings.push(formatFinding('invalid_utf8', line, 'the line is not valid UTF-8'));
    if (text.trim() === '') {
      findings.push(formatFinding('empty_line', line, 'a blank line'));
      continue;
    }
    const parsed = parseJsonLine(text);
    if (!parsed.ok) {
      findings.push(formatFinding('invalid_json', line, `not valid JSON: ${parsed.reason}`));
      continue;
    }
    const checked = checkExample(parsed.value, line, settings.format);
    append(findings, checked.findings);
    const example = checked.example;
    if (!example) continue;
    const tokens = exampleTokens(example, settings.encoding);
    examples.push({
      line,
      ...tokens,
      messages: example.messages.length,
      flags: roleFlags(example.messages),
    });
    if (tokens.total > settings.contextLimit) {
      findings.push(
        formatFinding(
          'over_token_limit',
          line,
          `${tokens.total} tokens, over the ${settings.contextLimit}-token limit`,
        ),
      );
    }
    if (!settings.formatOnly) append(findings, checkContent(example, detector, facts));
  }
  return { findings, examples };
}
