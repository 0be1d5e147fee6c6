import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { isStoreUrl, openStore } from '../../store/open-store.js';
import { globals, type Io, parseCount, storePath } from '../context.js';
import { progressBar } from '../progress.js';

interface EvalFlags {
  config: string[];
  generate?: string;
  limit: number;
  html?: string;
  junit?: string;
  markdown?: string;
  baseline?: string;
  minPass?: string;
  concurrency: number;
  retries: number;
  cache: boolean;
  cacheDir?: string;
  failures: number;
}

export function registerEvalCommand(program: Command, io: Io): void {
  program
    .command('eval')
    .description('run eval cases and generated probes against configurations side by side')
    .argument('[cases...]', 'case files: YAML (a list of cases) or JSONL (one case per line)')
    .option(
      '--config <file>',
      'a configuration to run (repeat for side by side; named by its file name); "retrieval": false makes it closed-book',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--generate <kinds>', 'generate probes from the store: currency,permission,deletion,format,style,refusal')
    .option('--limit <n>', 'at most this many generated probes per kind', parseCount('--limit'), 50)
    .option('--html <file>', 'also write a self-contained HTML report')
    .option('--junit <file>', 'also write JUnit XML for CI: one test case per case per configuration')
    .option('--markdown <file>', 'also write a markdown summary for a pull-request comment')
    .option('--baseline <file>', "a previous run's --json output: list regressions and fixes")
    .option(
      '--min-pass <limits>',
      'exit 1 below a pass rate, or when a gated kind has no cases: kind=rate or config:kind=rate, e.g. currency=1,all=0.9',
    )
    .option('--concurrency <n>', 'answers in flight at once', parseCount('--concurrency'), 4)
    .option('--retries <n>', 'retries after a retryable model error', parseCount('--retries'), 2)
    .option('--no-cache', 'send every model request, ignoring and not writing the response cache')
    .option('--cache-dir <dir>', 'where model responses are cached (default: eval-cache/ beside the store)')
    .option('--failures <n>', 'failing cases shown per configuration', parseCount('--failures'), 5)
    .addHelpText(
      'after',
      `
A case: { id, kind, question, as, at, expect: { contains, not_contains, absent, cites, not_cites,
refuses, handoff, format, style } }. Kinds: currency, permission, deletion, format, style, refusal, custom.
cites: "refund-policy@3" pins a version: when the document moves on, the case is listed as stale.

Generated probes are questions built from the sentence that states a value (or what a section says), kept
only when the retriever returns that passage in its top k for the question; dropped ones are in the notes.

Exit codes: 0 done (and every --min-pass met); 1 a pass rate below --min-pass, or a gated kind with no
cases; 2 usage, input or I/O error.

Examples:
  $ seam eval --generate currency,permission,format
  $ seam eval cases.yaml --config rag.json --config closed-book.json --html report.html
  $ seam eval cases.jsonl --json > run.json && seam eval cases.jsonl --baseline run.json
  $ seam eval --generate currency,permission --min-pass currency=1,permission=1
  $ seam eval --generate currency --config rag.json --junit eval.xml --markdown eval.md --min-pass rag:currency=0.9`,
    )
    .action(async (files: string[], flags: EvalFlags, command: Command) => {
      const json = globals(command).json === true;
      const db = storePath(globals(command), io);
      if (files.length === 0 && flags.generate === undefined) {
        throw new InputError('give case files, --generate <kinds>, or both', { field: 'cases' });
      }
      if (!isStoreUrl(db) && !existsSync(db)) {
        throw new InputError(`no knowledge store at ${db} (run seam demo, or seam kb import)`);
      }
      const { runEvalCommand } = await import('../../eval/eval-command.js');
      const store = await openStore({ location: db, cwd: io.cwd, now: io.now });
      const progress = progressBar(io, { label: 'eval', unit: 'answers', enabled: !json });
      try {
        const outcome = await runEvalCommand({
          store,
          files,
          configFiles: flags.config,
          generate: flags.generate,
          limit: flags.limit,
          html: flags.html,
          junit: flags.junit,
          markdown: flags.markdown,
          baseline: flags.baseline,
          minPass: flags.minPass,
          concurrency: Math.max(1, flags.concurrency),
          retries: flags.retries,
          failures: flags.failures,
          cacheDir: flags.cache
            ? (flags.cacheDir ?? join(isStoreUrl(db) ? join(io.cwd, '.seam') : dirname(db), 'eval-cache'))
            : undefined,
          cwd: io.cwd,
          env: io.env,
          now: io.now,
          onProgress: progress ? (done, total) => progress.update(done, total) : undefined,
        }).finally(() => progress?.stop());
        if (json) io.stdout(`${JSON.stringify(outcome.json, null, 2)}\n`);
        else io.stdout(`${outcome.text}\n`);
        if (outcome.below.length > 0) {
          for (const line of outcome.below) io.stderr(`below --min-pass: ${line}\n`);
          io.outcome.code = 1;
        }
      } finally {
        await store.close();
      }
    });
}
