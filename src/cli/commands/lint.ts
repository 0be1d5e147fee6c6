import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Command, Option } from 'commander';
import { readerOrOperator } from '../../access.js';
import { InputError } from '../../errors.js';
import { openWritableStoreIfPresent, recordLintLineage } from '../../lineage/record-lint.js';
import type { FactIndex } from '../../lint/fact-index.js';
import type { LintResult } from '../../lint/lint.js';
import type { Encoding } from '../../lint/tokens.js';
import { refuseOutputsOverInputs } from '../../util/output-paths.js';
import { writeFileAtomic } from '../../util/write-file-atomic.js';
import { asOfInstant, globals, type Io, openStoreIfPresent, parseCount, storePath } from '../context.js';
import { progressBar } from '../progress.js';

interface LintFlags {
  format?: 'text' | 'json' | 'sarif';
  failOn: 'error' | 'warning';
  output?: string;
  store: boolean;
  as?: string;
  asOf?: string;
  encoding: Encoding;
  contextLimit: number;
  jobs?: number;
  formatOnly?: boolean;
  maxFindings: number;
  grounded?: boolean;
  fix?: string;
  drop?: boolean;
  fixFacts: 'ground' | 'rewrite';
  maxContextTokens?: number;
}

const version = (createRequire(import.meta.url)('../../../package.json') as { version: string }).version;

export function registerLintCommand(program: Command, io: Io): void {
  program
    .command('lint')
    .description('find current facts, business state and private data in fine-tuning targets, and check the format')
    .argument('<dataset>', 'a JSONL file: OpenAI chat fine-tuning or preference data (detected per file)')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json', 'sarif']))
    .addOption(
      new Option('--fail-on <level>', 'exit 1 when findings reach this level')
        .choices(['error', 'warning'])
        .default('error'),
    )
    .option('-o, --output <file>', 'write the report to a file (written whole, or not at all)')
    .option('--no-store', 'ignore the knowledge store: facts are only checked as time-sensitive')
    .option('--as <principal>', 'compare with the documents this principal may read (default: the operator, all)')
    .option('--as-of <date>', 'compare against the documents in effect on this date (default: now)')
    .addOption(
      new Option('--encoding <name>', 'tokenizer').choices(['o200k_base', 'cl100k_base']).default('o200k_base'),
    )
    .option(
      '--context-limit <tokens>',
      'examples longer than this are truncated in training',
      parseCount('--context-limit'),
      16_385,
    )
    .option(
      '--jobs <n>',
      'worker threads besides the main one (default: one per further core for files over 16 MB, else 0)',
      parseCount('--jobs'),
    )
    .option('--format-only', 'check structure and tokens only, not content')
    .option(
      '--max-findings <n>',
      'keep at most this many findings in the report (counts stay exact)',
      parseCount('--max-findings'),
      100_000,
    )
    .option('--grounded', 'list grounded values in the text report too')
    .option('--fix <out.jsonl>', 'write a repaired dataset there, and a change report beside it (<out>.changes.jsonl)')
    .addOption(
      new Option(
        '--fix-facts <strategy>',
        'with --fix: ground frozen facts in the current passage, or rewrite them without the value',
      )
        .choices(['ground', 'rewrite'])
        .default('ground'),
    )
    .option('--drop', 'with --fix: drop examples that cannot be repaired (format errors) instead of copying them')
    .option(
      '--max-context-tokens <n>',
      'with --fix: most tokens the grounding sentences may add to one example; past it, values are rewritten (default 160)',
      parseCount('--max-context-tokens'),
    )
    .addHelpText(
      'after',
      `
Targets are what the model is trained to produce: assistant messages whose weight is not 0, and preferred
outputs. In targets, a value the knowledge store states today is a frozen_fact (error), one only an older
version stated is a superseded_fact (error), another value that goes stale is time_sensitive (warning), and
one customer's ids or balances are business_state (error), unless an earlier system, user or tool message
of the example supplies the value (grounded: fine; a tool result's JSON counts as text). A value is linked
to a document only where the words around it agree. Private data is an error in every message.

--fix puts only the sentences that state grounded values into the system message (with the document id and
version), hides private data in them too, and prints errors and billed tokens before and after.

Exit codes: 0 clean; 1 findings at or above --fail-on; 2 usage or I/O error.

Examples:
  $ seam lint tickets.jsonl
  $ seam lint tickets.jsonl --format sarif -o lint.sarif
  $ seam lint tickets.jsonl --json --fail-on warning | jq .summary
  $ seam lint tickets.jsonl --no-store --format-only
  $ seam lint tickets.jsonl --fix clean.jsonl --drop && seam lint clean.jsonl
  $ seam lint tickets.jsonl --fix clean.jsonl --max-context-tokens 80   # less grounding, more rewriting

An output (-o, --fix and its change report) that is the dataset or the store, even through a link, is
refused with exit 2.`,
    )
    .action(async (dataset: string, flags: LintFlags, command: Command) => {
      if (!existsSync(dataset)) throw new InputError('no such file', { file: dataset });
      const path = storePath(globals(command), io);
      const { changesFileFor } = await import('../../lint/fix-dataset.js');
      // Nothing is written over an input, or over another output (links followed): checked before any work.
      await refuseOutputsOverInputs({
        inputs: [
          { path: dataset, role: 'the dataset' },
          ...(existsSync(path) ? [{ path, role: 'the knowledge store' }] : []),
        ],
        outputs: [
          ...(flags.output ? [{ path: flags.output, role: '-o' }] : []),
          ...(flags.fix
            ? [
                { path: flags.fix, role: '--fix' },
                { path: changesFileFor(flags.fix), role: 'the change report of --fix' },
              ]
            : []),
        ],
      });
      // The linter and its value detector load on use, so that `seam --help` and other commands stay fast.
      const { failsAt, lintDataset, loadFactIndex } = await import('../../lint/lint.js');
      const { toSarif } = await import('../../lint/report-sarif.js');
      const { toText } = await import('../../lint/report-text.js');
      const format = flags.format ?? (globals(command).json ? 'json' : 'text');
      const store = flags.store ? await openStoreIfPresent(command, io) : undefined;
      if (flags.store && !store && format === 'text') {
        io.stderr(
          `note: no knowledge store at ${path}: values are checked as time-sensitive only (import documents with seam kb import)\n`,
        );
      }
      const at = asOfInstant(flags.asOf, io);
      // The store is read once, into the fact index that the lint, the fix and the re-check all use.
      const index = store
        ? await readerOrOperator(store, flags.as)
            .then((reader) => loadFactIndex(store, { at, reader }))
            .finally(() => store.close())
        : undefined;
      const bar = progressBar(io, { label: 'linting', unit: 'MB', enabled: format === 'text' });
      let result: LintResult;
      try {
        result = await lintDataset({
          path: dataset,
          index,
          at,
          encoding: flags.encoding,
          contextLimit: flags.contextLimit,
          formatOnly: flags.formatOnly,
          jobs: flags.jobs,
          maxFindings: flags.maxFindings,
          onProgress: bar ? (read, total) => bar.update(round(read), round(total)) : undefined,
        });
      } finally {
        bar?.stop();
      }
      // Lineage: keyed hashes of the private values found, with their lines (src/lineage/record-lint.ts).
      if (flags.store) {
        await recordLintLineage({
          openStore: () => openWritableStoreIfPresent(path, io.cwd),
          dataset,
          findings: result.findings,
          complete: !flags.formatOnly && result.summary.omitted_findings === 0,
          now: io.now(),
        });
      }
      const report =
        format === 'sarif'
          ? JSON.stringify(toSarif(result, dataset, version), null, 2)
          : format === 'json'
            ? JSON.stringify({ summary: result.summary, findings: result.findings }, null, 2)
            : toText(result, { path: dataset, showGrounded: flags.grounded });
      if (flags.output) {
        await writeFileAtomic(flags.output, `${report}\n`);
        if (format !== 'text') io.stderr(`wrote ${flags.output}\n`);
      } else {
        io.stdout(`${report}\n`);
      }
      if (flags.fix) {
        await fixAndRecheck({ dataset, out: flags.fix, flags, format, index, at, io, before: result.summary });
        return;
      }
      if (failsAt(result.summary, flags.failOn)) io.outcome.code = 1;
    });
}

/** Write the repaired dataset, lint it again, and report what changed and what is left. */
async function fixAndRecheck(options: {
  dataset: string;
  out: string;
  flags: LintFlags;
  format: string;
  index: FactIndex | undefined;
  at: string;
  io: Io;
  before: LintResult['summary'];
}): Promise<void> {
  const { flags, io, index, at } = options;
  const { fixDataset } = await import('../../lint/fix-dataset.js');
  const { failsAt, lintDataset } = await import('../../lint/lint.js');
  const fixed = await fixDataset({
    path: options.dataset,
    out: options.out,
    index,
    at,
    strategy: flags.fixFacts,
    drop: flags.drop,
    maxContextTokens: flags.maxContextTokens,
    encoding: flags.encoding,
    contextLimit: flags.contextLimit,
  });
  const after = await lintDataset({
    path: options.out,
    index,
    at,
    encoding: flags.encoding,
    contextLimit: flags.contextLimit,
    maxFindings: 0,
  });
  const remaining = {
    errors: after.summary.errors,
    warnings: after.summary.warnings,
    by_kind: after.summary.by_kind,
  };
  const billed = fixed.billed_tokens;
  const budget = fixed.over_budget;
  const message = [
    `fixed: wrote ${fixed.written} of ${fixed.examples} examples to ${options.out} (${fixed.changed} changed, ${fixed.dropped} dropped, ${fixed.unrepaired} copied with format errors)`,
    `changes: ${
      Object.entries(fixed.changes_by_action)
        .map(([action, count]) => `${count} ${action}`)
        .join(', ') || 'none'
    }; report in ${fixed.changes_file}`,
    ...(budget.examples > 0
      ? [
          `over --max-context-tokens ${fixed.max_context_tokens}: ${budget.examples} example(s), values rewritten instead of grounded (lines ${budget.lines.slice(0, 10).join(', ')}${budget.examples > 10 ? ', ...' : ''})`,
        ]
      : []),
    `errors: ${options.before.errors} before, ${remaining.errors} after (${remaining.warnings} warnings left)`,
    `billed tokens: ${billed.before.toLocaleString('en-US')} before, ${billed.after.toLocaleString('en-US')} after (${billed.ratio}×)`,
  ].join('\n');
  if (options.format === 'text') io.stderr(`${message}\n`);
  else if (!flags.output) {
    const before = { errors: options.before.errors, warnings: options.before.warnings };
    io.stdout(`${JSON.stringify({ fix: fixed, before, remaining })}\n`);
  }
  if (failsAt(after.summary, flags.failOn)) io.outcome.code = 1;
}

function round(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}
