import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { operator } from '../../access.js';
import { InputError } from '../../errors.js';
import { defaultFileTargets } from '../../forget/file-targets.js';
import { forget } from '../../forget/forget.js';
import { renderReceipt } from '../../forget/render-receipt.js';
import { forgetReceiptsAs } from '../../operations/forget.js';
import { isStoreUrl } from '../../store/open-store.js';
import { emit, globals, type Io, storePath, withStore } from '../context.js';
import { shortTime, table } from '../format.js';

interface ForgetFlags {
  subject?: string;
  value: string[];
  dryRun?: boolean;
  evalCache?: string;
  list?: boolean;
}

export function registerForgetCommand(program: Command, io: Io): void {
  program
    .command('forget')
    .description(
      "honour a deletion request: delete a subject's documents, redact their values everywhere else, with a receipt",
    )
    .option('--subject <id>', "the person's id, as documents list it in their 'subjects'")
    .option(
      '--value <text>',
      'a value of theirs to redact from every other document (repeat: email, phone, name...)',
      collect,
      [],
    )
    .option('--dry-run', 'show the receipt it would give; change nothing')
    .option('--eval-cache <dir>', 'the eval cache to purge too (default: eval-cache/ beside the store)')
    .option('--list', "list stored receipts (with --subject: that subject's)")
    .addHelpText(
      'after',
      `
Documents whose subjects list the id are deleted whole (every version, chunk and index entry). Every
version of every other document holding a value (an email in any case, a phone in any format, a name
with or without its title) or the subject id is rewritten in place with [redacted], and its history
records the receipt. The answer log and the eval cache are purged. Then the store's files (the database,
its -wal and -shm) are scanned for every value: 'residual' must be 0.

The receipt lists datasets (recorded by seam lint) and models (seam dataset tag) that hold the values:
Seam cannot change those. Regenerate the datasets with seam lint --fix, and retrain or retire the models.
It is stored without the subject or the values (seam forget --list).

Exit codes: 0 done, residual 0; 1 copies remain (listed with where); 2 usage or input error.

Examples:
  $ seam forget --subject cust-1042 --value dana.whitfield@example.com --dry-run
  $ seam forget --subject cust-1042 --value dana.whitfield@example.com --value "+1 415 555 0142" --json
  $ seam forget --list`,
    )
    .action(async (flags: ForgetFlags, command: Command) => {
      if (flags.list) {
        await listReceipts(command, io, flags.subject);
        return;
      }
      if (flags.subject === undefined) {
        throw new InputError('is required: the id the documents list in their subjects', { field: '--subject' });
      }
      const subject = flags.subject;
      const store = storePath(globals(command), io);
      const beside = isStoreUrl(store) ? io.cwd : dirname(store);
      const evalCache = resolve(io.cwd, flags.evalCache ?? join(beside, 'eval-cache'));
      const receipt = await withStore(command, io, (opened) =>
        forget({
          store: opened,
          reader: operator,
          subject,
          values: flags.value,
          dryRun: flags.dryRun === true,
          now: io.now(),
          fileTargets: defaultFileTargets({ evalCache }),
        }),
      );
      emit(command, io, receipt, () => renderReceipt(receipt));
      if (receipt.residual !== null && receipt.residual > 0) io.outcome.code = 1;
    });
}

async function listReceipts(command: Command, io: Io, subject: string | undefined): Promise<void> {
  const receipts = await withStore(command, io, (store) => forgetReceiptsAs({ store, reader: operator, subject }));
  const listed = receipts.map((stored) => stored.receipt);
  emit(command, io, { receipts: listed }, () =>
    receipts.length === 0
      ? 'no forget receipts'
      : table(
          ['receipt', 'at', 'deleted', 'redacted', 'datasets', 'models', 'residual'],
          receipts.map(({ id, at, receipt }) => [
            id,
            shortTime(at),
            String(count(receipt.documents_deleted)),
            String(count(receipt.documents_redacted)),
            String(count(receipt.datasets)),
            String(count(receipt.models)),
            String(receipt.residual ?? '-'),
          ]),
        ),
  );
}

function count(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
