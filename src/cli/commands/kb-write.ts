import type { Command } from 'commander';
import { operator } from '../../access.js';
import { type ReadWarning, readDocuments } from '../../documents/read-documents.js';
import { NotFoundError } from '../../errors.js';
import type { PutResult } from '../../store/knowledge-store.js';
import { pc } from '../../util/colors.js';
import { author, emit, globals, type Io, parseCount, withStore } from '../context.js';
import { plural, table } from '../format.js';
import { progressBar } from '../progress.js';

interface WriteFlags {
  author?: string;
  message?: string;
  ifVersion?: number;
}

export function registerKbWriteCommands(kb: Command, io: Io): void {
  kb.command('import')
    .description(
      'create or update documents from files and folders: .md, .txt, .html, .pdf, .docx (same id => new version, never a duplicate)',
    )
    .argument(
      '<paths...>',
      'files or folders (ids come from front matter, else the path inside the folder without its extension)',
    )
    .option('--author <name>', 'who made the change (default: $SEAM_AUTHOR or your OS user)')
    .option('-m, --message <text>', 'why, recorded in every new version')
    .option(
      '--max-bytes <n>',
      'refuse documents larger than this',
      parseCount('--max-bytes', { min: 1, max: 1024 * 1024 * 1024 }),
    )
    .addHelpText(
      'after',
      `
Every file is read and checked before anything is written; one bad file means nothing is imported.
Re-importing an unchanged file creates no version. HTML keeps the main content (navigation, headers,
footers and banners removed); PDF and Word files are converted to markdown. Every file left out (another
format, a hidden file, a PDF without text) is named on stderr with the reason.

Examples:
  $ seam kb import docs/
  $ seam kb import policies/ products/pricing.md -m "Q3 price update" --author dana
  $ seam kb import docs/ --json`,
    )
    .action(async (paths: string[], flags: WriteFlags & { maxBytes?: number }, command: Command) => {
      const bar = progressBar(io, { label: 'reading', unit: 'files', enabled: !globals(command).json });
      const warnings: ReadWarning[] = [];
      const read = await readDocuments(paths, {
        maxBytes: flags.maxBytes,
        cwd: io.cwd,
        onProgress: bar?.update,
        onWarning: (warning) => warnings.push(warning),
      }).finally(() => bar?.stop());
      printWarnings(warnings, command, io);
      const results = await withStore(command, io, (store) =>
        store.putMany(
          read.map((entry) => entry.document),
          { reader: operator, author: author(flags, io), message: flags.message },
        ),
      );
      emit(command, io, { results, warnings }, () => renderResults(results));
    });

  kb.command('put')
    .description('create or update one document from a markdown file')
    .argument('<file>', 'a markdown file with YAML front matter')
    .option(
      '--if-version <n>',
      'refuse unless the document is at version n (0: must not exist yet)',
      parseCount('--if-version'),
    )
    .option('--base <folder>', 'derive the id from the path inside this folder when the front matter has none')
    .option('--author <name>', 'who made the change (default: $SEAM_AUTHOR or your OS user)')
    .option('-m, --message <text>', 'why, recorded in the version')
    .addHelpText(
      'after',
      `
Without an id in the front matter or --base, a file that was imported before keeps its id;
a new one takes its file name.

Examples:
  $ seam kb show refund-policy --json | jq .version     # 3
  $ $EDITOR policies/refunds.md
  $ seam kb put policies/refunds.md --if-version 3 -m "window is now 14 days"`,
    )
    .action(async (file: string, flags: WriteFlags & { base?: string }, command: Command) => {
      const warnings: ReadWarning[] = [];
      const [entry] = await readDocuments([file], {
        base: flags.base,
        cwd: io.cwd,
        onWarning: (warning) => warnings.push(warning),
      });
      printWarnings(warnings, command, io);
      if (!entry) throw new NotFoundError(file);
      const result = await withStore(command, io, async (store) => {
        if (!entry.idFromFrontMatter && flags.base === undefined) {
          const known = (await store.list({ reader: operator })).find(
            (summary) => summary.source === entry.document.source,
          );
          if (known) entry.document.id = known.id;
        }
        return store.put(entry.document, {
          reader: operator,
          author: author(flags, io),
          message: flags.message,
          ifVersion: flags.ifVersion,
        });
      });
      emit(command, io, { ...result, warnings }, () => renderResults([result]));
    });

  kb.command('revert')
    .description("make a new version that carries an old version's content")
    .argument('<id>', 'document id')
    .requiredOption('--to <n>', 'the version whose content to restore', parseCount('--to', { min: 1 }))
    .option('--if-version <n>', 'refuse unless the document is at version n', parseCount('--if-version'))
    .option('--author <name>', 'who made the change')
    .option('-m, --message <text>', 'why (default: "revert to version N")')
    .addHelpText(
      'after',
      `
History is never rewritten: reverting to 2 from 4 creates version 5 with version 2's content.

Examples:
  $ seam kb history refund-policy
  $ seam kb revert refund-policy --to 2 -m "the 14-day window was announced too early"`,
    )
    .action(async (id: string, flags: WriteFlags & { to: number }, command: Command) => {
      const result = await withStore(command, io, async (store) => {
        if (!(await store.history(id, { reader: operator }))) {
          throw new NotFoundError(id, `not found: no document '${id}'`);
        }
        return store.revert(id, flags.to, {
          reader: operator,
          author: author(flags, io),
          message: flags.message,
          ifVersion: flags.ifVersion,
        });
      });
      emit(command, io, result, () => renderResults([result]));
    });

  kb.command('rm')
    .description('delete a document: every version, chunk and index entry, with nothing left readable in the file')
    .argument('<id>', 'document id')
    .option('--if-version <n>', 'refuse unless the document is at version n', parseCount('--if-version'))
    .addHelpText(
      'after',
      `
Deletion is not a new version: history goes too. The freed bytes are overwritten (SQLite secure_delete),
the full-text index is merged and the write-ahead log is checkpointed, so the text is gone from disk.

Example:
  $ seam kb rm customers/jane-doe-escalation
  $ seam kb rm refund-policy --if-version 3`,
    )
    .action(async (id: string, flags: { ifVersion?: number }, command: Command) => {
      const removed = await withStore(command, io, (store) =>
        store.remove(id, { reader: operator, ifVersion: flags.ifVersion }),
      );
      if (!removed) throw new NotFoundError(id, `not found: no document '${id}'`);
      emit(
        command,
        io,
        { removed },
        () => `${pc.red('deleted')} ${id}: ${plural(removed.versions, 'version')}, ${plural(removed.chunks, 'chunk')}`,
      );
    });
}

/** Warnings go to stderr for a person; with --json they are in the printed object instead. */
function printWarnings(warnings: readonly ReadWarning[], command: Command, io: Io): void {
  if (globals(command).json) return;
  for (const warning of warnings) {
    const where = warning.line === undefined ? warning.file : `${warning.file}:${warning.line}`;
    io.stderr(`warning: ${where}: ${warning.message}\n`);
  }
}

function renderResults(results: readonly PutResult[]): string {
  const colour = { created: pc.green, updated: pc.yellow, unchanged: pc.dim } as const;
  const counts = results.reduce<Record<string, number>>((tally, result) => {
    tally[result.status] = (tally[result.status] ?? 0) + 1;
    return tally;
  }, {});
  const rows = results.map((result) => [
    result.id,
    `v${result.version}`,
    String(result.chunks),
    colour[result.status](result.status),
  ]);
  const summary = Object.entries(counts)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ');
  return `${table(['id', 'version', 'chunks', 'status'], rows)}\n${summary}`;
}
