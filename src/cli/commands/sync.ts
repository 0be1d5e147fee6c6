import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import type { KnowledgeStore } from '../../store/knowledge-store.js';
import type { RunReport } from '../../sync/runner.js';
import type { SourceConfig } from '../../sync/sync-config.js';
import { pc } from '../../util/colors.js';
import { author, emit, globals, type Io, readStore, withStore } from '../context.js';
import { shortTime, table } from '../format.js';
import { untilStopped } from './serve.js';

interface SyncFlags {
  once?: boolean;
  config?: string;
  source?: string[];
}

export function registerSyncCommands(program: Command, io: Io): void {
  const sync = program
    .command('sync')
    .description('keep documents current from folders, websites, Zendesk Guide and Intercom Articles')
    .option('--once', 'run every source once and exit (default: keep running, polling and watching)')
    .option('--config <file>', 'the config naming the sources (default: seam.config.json here)')
    .option('--source <name...>', 'only these sources')
    .addHelpText(
      'after',
      `
Sources are declared in the config's "sources" (see docs/sync.md): folder, website (sitemap or start
URL), zendesk and intercom. Without --once, each source is polled every sync.poll_seconds (60 s) and a
folder is also watched, so a saved file is a new version within a second. seam serve --config runs the
same sources and takes webhooks at POST /sync/<source>/webhook.

A document edited in Seam after its last sync is never overwritten: the upstream version is held and
seam sync status lists the conflict until seam sync resolve settles it.

Examples:
  $ seam sync --once
  $ seam sync --config seam.config.json          # until Ctrl-C
  $ seam sync status
  $ seam sync resolve help/refunds --keep upstream`,
    )
    .action(async (flags: SyncFlags, command: Command) => {
      const sources = await configuredSources(flags, io);
      const json = globals(command).json === true;
      await withStore(command, io, async (store) => {
        const runner = await createRunner(store, sources, flags, io, (report) => {
          if (!flags.once) io.stdout(json ? `${JSON.stringify(report)}\n` : `${renderReport(report)}\n`);
        });
        if (flags.once) {
          const reports = await runner.runOnce(flags.source ?? runner.names());
          if (reports.some((report) => !report.ok)) io.outcome.code = 2;
          emit(command, io, { reports }, () => reports.map(renderReport).join('\n'));
          return;
        }
        await runner.start();
        if (!json) io.stdout(pc.dim('syncing; Ctrl-C stops\n'));
        await untilStopped();
        await runner.stop();
      });
    });

  sync
    .command('status')
    .description("each source's last run, lag, documents, conflicts and errors")
    .option('--config <file>', 'the config naming the sources (default: seam.config.json here)')
    .addHelpText(
      'after',
      `
lag is the time since the source's last successful run. Conflicts are documents edited in Seam whose
upstream changed too (or was deleted): the Seam version is served until seam sync resolve.

Examples:
  $ seam sync status
  $ seam sync status --json | jq '.sources[] | {name, lag_seconds, last_error}'`,
    )
    .action(async (flags: { config?: string }, command: Command) => {
      const { loadConfig } = await import('../../config/load-config.js');
      const { syncStatus } = await import('../../sync/status.js');
      const { config } = await loadConfig({ path: flags.config, cwd: io.cwd });
      const status = await readStore(command, io, (store) =>
        syncStatus({ store, sources: config.sources, now: io.now() }),
      );
      emit(command, io, status, () => renderStatus(status));
    });

  sync
    .command('resolve')
    .description('settle a sync conflict: keep the Seam version or take the upstream one')
    .argument('<id>', 'the document in conflict')
    .requiredOption('--keep <side>', "'seam' or 'upstream'")
    .option('--author <name>', 'who settled it (default: $SEAM_AUTHOR or your OS user)')
    .addHelpText(
      'after',
      `
Examples:
  $ seam sync resolve help/refunds --keep seam        # the Seam edit stays; a later upstream change conflicts again
  $ seam sync resolve help/refunds --keep upstream    # the held upstream version becomes the next version`,
    )
    .action(async (id: string, flags: { keep: string; author?: string }, command: Command) => {
      if (flags.keep !== 'seam' && flags.keep !== 'upstream') {
        throw new InputError(`must be 'seam' or 'upstream', got '${flags.keep}'`, { field: '--keep' });
      }
      const keep = flags.keep;
      const { resolveConflict } = await import('../../sync/status.js');
      const result = await withStore(command, io, (store) =>
        resolveConflict({ store, id, keep, author: author(flags, io), now: io.now() }),
      );
      emit(command, io, result, () =>
        result.version === null
          ? `${id}: ${keep === 'upstream' ? 'removed, as upstream' : 'kept as a Seam document, no longer synced'}`
          : `${id}: the ${keep} version is v${result.version}, and counts as synced`,
      );
    });
}

async function configuredSources(flags: SyncFlags, io: Io): Promise<SourceConfig[]> {
  const { loadConfig } = await import('../../config/load-config.js');
  const { config, path } = await loadConfig({ path: flags.config, cwd: io.cwd });
  if (config.sources.length === 0) {
    throw new InputError(`no sources to sync: add "sources" to ${path ?? 'seam.config.json'} (see docs/sync.md)`, {
      file: path ?? undefined,
      field: 'sources',
    });
  }
  const unknown = (flags.source ?? []).filter((name) => !config.sources.some((source) => source.name === name));
  if (unknown.length > 0) {
    throw new InputError(`no source named ${unknown.map((name) => `'${name}'`).join(', ')} in the config`, {
      field: '--source',
    });
  }
  return config.sources.map((source) => ({ ...source, poll_seconds: source.poll_seconds ?? config.sync.poll_seconds }));
}

async function createRunner(
  store: KnowledgeStore,
  sources: SourceConfig[],
  flags: SyncFlags,
  io: Io,
  onReport: (report: RunReport) => void,
) {
  const { SyncRunner } = await import('../../sync/runner.js');
  const names = flags.source;
  return new SyncRunner({
    store,
    sources: names ? sources.filter((source) => names.includes(source.name)) : sources,
    settings: { poll_seconds: 60 },
    env: io.env,
    now: io.now,
    onReport,
  });
}

export function renderReport(report: RunReport): string {
  const counts = Object.entries(report.counts)
    .filter(([, count]) => count > 0)
    .map(([key, count]) => `${count} ${key.replace(/_/g, ' ')}`)
    .join(', ');
  const head = `${report.ok ? pc.green('✓') : pc.red('✗')} ${report.source} (${report.kind}${report.trigger === 'pull' ? ', pull' : ''}) ${report.duration_ms} ms`;
  const lines = [`${head}${counts ? `: ${counts}` : ''}`];
  if (report.error) lines.push(`  ${pc.red('error')}: ${report.error}`);
  for (const problem of report.problems.slice(0, 10)) lines.push(`  ${pc.yellow('skipped')}: ${problem}`);
  for (const conflict of report.conflicts) {
    lines.push(
      `  ${pc.yellow('conflict')}: ${conflict.id} (${conflict.reason.replace(/_/g, ' ')}); seam sync resolve ${conflict.id} --keep seam|upstream`,
    );
  }
  if (!report.complete && report.ok) lines.push(pc.dim('  stopped early (request budget): nothing unseen was removed'));
  return lines.join('\n');
}

function renderStatus(status: Awaited<ReturnType<typeof import('../../sync/status.js').syncStatus>>): string {
  if (status.sources.length === 0) return 'no sync sources (add "sources" to seam.config.json; see docs/sync.md)';
  const rows = status.sources.map((source) => [
    source.name,
    source.kind,
    source.last_run_at ? shortTime(source.last_run_at) : 'never',
    source.lag_seconds === null ? '-' : formatLag(source.lag_seconds),
    String(source.documents),
    String(source.conflicts),
    source.last_error ? pc.red(source.last_error.slice(0, 80)) : pc.green('ok'),
  ]);
  const lines = [table(['source', 'kind', 'last run', 'lag', 'documents', 'conflicts', 'status'], rows)];
  for (const conflict of status.conflicts) {
    lines.push(
      `${pc.yellow('conflict')} ${conflict.id} (${conflict.source}, ${conflict.reason.replace(/_/g, ' ')} since ${shortTime(conflict.since)})`,
    );
  }
  return lines.join('\n');
}

export function formatLag(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}
