import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { readerOrOperator } from '../../access.js';
import { type AuditCheckId, auditCheckIds } from '../../audit/checks.js';
import { InputError } from '../../errors.js';
import { asOfInstant, globals, type Io, openStoreIfPresent, parseCount, storePath } from '../context.js';

/** Default limits: any superseded value or private data fails; some slack for the rest. */
export const defaultThresholds: Record<AuditCheckId, number> = {
  format: 0.05,
  style: 0.1,
  superseded: 0,
  unsupported: 0.2,
  private: 0,
};

interface AuditFlags {
  config?: string;
  store: boolean;
  as?: string;
  asOf?: string;
  failOn?: string;
  examples: number;
}

export function registerAuditCommand(program: Command, io: Io): void {
  program
    .command('audit')
    .description('measure how past answers break format and style, quote stale values, or leak private data')
    .argument('<transcripts>', 'JSONL: {"question","answer","at"?} per line, or chat lines {"messages": [...]}')
    .option('--config <file>', 'the behavior config of seam ask (default: seam.config.json here, if any)')
    .option('--no-store', 'ignore the knowledge store')
    .option('--as <principal>', 'compare with the documents this principal may read (default: the operator, all)')
    .option(
      '--as-of <date>',
      'compare answers without their own "at" against the documents in effect on this date (default: now)',
    )
    .option(
      '--fail-on <limits>',
      'exit 1 when a rate exceeds its limit, e.g. superseded=0,private=0,format=0.05 (default: format=0.05,style=0.1,superseded=0,unsupported=0.2,private=0)',
    )
    .option('--examples <n>', 'examples shown per measurement', parseCount('--examples', { max: 1000 }), 3)
    .addHelpText(
      'after',
      `
Measured per answer, with the same parts seam ask and seam lint use:
  format       breaks the configured format (numbered list, short prose or JSON schema);
               checked only when seam.config.json sets "format"
  style        uses a phrase the voice avoids, or is longer than its word limit
  superseded   quotes a value an earlier document version stated and no current one does
  unsupported  states a time-sensitive value (money, window, date, ...) no current source supports
  private      contains private data (names, emails, phones, addresses, cards, ...)
Each rate points at a taxonomy category and its fix (see seam diagnose).

Exit codes: 0 within limits; 1 a rate over its limit; 2 usage error or unreadable lines.

Examples:
  $ seam audit transcripts.jsonl
  $ seam audit transcripts.jsonl --json | jq .diagnosis
  $ seam audit transcripts.jsonl --fail-on superseded=0.01,private=0`,
    )
    .action(async (given: string, flags: AuditFlags, command: Command) => {
      // Relative to the command's folder (io.cwd), as every other path argument is: in-process callers
      // (the tests, a host embedding the CLI) may run it from another folder than the process's.
      const transcripts = resolve(io.cwd, given);
      if (!existsSync(transcripts)) throw new InputError('no such file', { file: given });
      const thresholds = { ...defaultThresholds, ...parseThresholds(flags.failOn) };
      const { loadConfig } = await import('../../config/load-config.js');
      const { runAudit } = await import('../../audit/audit.js');
      const { renderAudit } = await import('../../audit/report.js');
      const loaded = await loadConfig({ path: flags.config, cwd: io.cwd });
      const { config } = loaded;
      // The format is checked only when the config states one: the default (a numbered list) is a default for
      // answering, not a measure of answers given under another format.
      const formatConfigured = loaded.path !== null && statesFormat(await readFile(loaded.path, 'utf8'));
      const checks = auditCheckIds.filter((check) => check !== 'format' || formatConfigured);
      const path = storePath(globals(command), io);
      const store = flags.store ? await openStoreIfPresent(command, io) : undefined;
      if (flags.store && !store && !globals(command).json) {
        io.stderr(`note: no knowledge store at ${path}: superseded values cannot be told apart\n`);
      }
      const result = await runAudit({
        path: transcripts,
        config,
        store,
        reader: store ? await readerOrOperator(store, flags.as) : undefined,
        at: asOfInstant(flags.asOf, io),
        examples: flags.examples,
        checks,
      }).finally(() => store?.close());
      const skipped = auditCheckIds.filter((check) => !checks.includes(check));
      const exceeded = result.rates.filter((rate) => rate.rate > thresholds[rate.check]).map((rate) => rate.check);
      if (globals(command).json) {
        const { problems, ...rest } = result;
        io.stdout(
          `${JSON.stringify({ ...rest, thresholds, exceeded, skipped, problems: problems.map((problem) => problem.toJSON()) }, null, 2)}\n`,
        );
      } else {
        io.stdout(`${renderAudit(result, { path: given, thresholds })}\n`);
        if (!formatConfigured)
          io.stderr('note: format not checked: no format is configured (set "format" in seam.config.json)\n');
      }
      for (const problem of result.problems) io.stderr(`error: ${problem.message}\n`);
      if (result.problems.length > 0) io.outcome.code = 2;
      else if (exceeded.length > 0) io.outcome.code = 1;
    });
}

function parseThresholds(spec: string | undefined): Partial<Record<AuditCheckId, number>> {
  if (spec === undefined) return {};
  const limits: Partial<Record<AuditCheckId, number>> = {};
  for (const part of spec.split(',').filter(Boolean)) {
    const [name, value] = part.split('=');
    const limit = Number(value);
    if (!name || !(name in defaultThresholds) || value === undefined || !(limit >= 0 && limit <= 1)) {
      throw new InputError(
        `expected name=rate pairs with a rate from 0 to 1 and names from ${Object.keys(defaultThresholds).join(', ')}; got '${part}'`,
        { field: '--fail-on' },
      );
    }
    limits[name as AuditCheckId] = limit;
  }
  return limits;
}

/** Whether a config file's JSON sets `format` (a broken file was already refused by loadConfig). */
function statesFormat(text: string): boolean {
  try {
    const raw: unknown = JSON.parse(text);
    return typeof raw === 'object' && raw !== null && 'format' in raw;
  } catch {
    return false;
  }
}
