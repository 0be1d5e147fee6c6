import type { Command } from 'commander';
import { operator } from '../../access.js';
import { InputError } from '../../errors.js';
import { parseForgetValue } from '../../forget/forget-value.js';
import { hashForms, type Lineage, lineageOf, receiptHashes, subjectForms } from '../../lineage/lineage.js';
import { plural } from '../../util/plural.js';
import { emit, type Io, withStore } from '../context.js';

export function registerLineageCommand(program: Command, io: Io): void {
  program
    .command('lineage')
    .description("which linted datasets, and which models trained on them, hold a value or a subject's data")
    .option(
      '--value <text>',
      'a value (email, phone, name...); repeat for several',
      (value: string, all: string[]) => [...all, value],
      [],
    )
    .option('--subject <id>', 'the private values of the documents about this subject (and of its forget receipts)')
    .addHelpText(
      'after',
      `
seam lint records, for every dataset it reads, keyed hashes of the private values it finds (never the
values) with their lines; seam dataset tag records the models trained on a dataset. A value is found in
any surface form the detector knows (an email in any case, a phone in any format).

Examples:
  $ seam lineage --value dana.whitfield@example.com
  $ seam lineage --subject cust-1042 --json`,
    )
    .action(async (flags: { value: string[]; subject?: string }, command: Command) => {
      if (flags.value.length === 0 && flags.subject === undefined) {
        throw new InputError('give --value <text> or --subject <id>', { field: '--value' });
      }
      const values = flags.value.map((text, index) => parseForgetValue(text, index + 1));
      const lineage = await withStore(command, io, async (store) => {
        const forms = values.flatMap((value) => value.forms);
        const fromSubject =
          flags.subject === undefined ? [] : (await subjectForms(store, operator, flags.subject)).forms;
        const hashes = await hashForms(store, operator, [...forms, ...fromSubject]);
        const earlier = flags.subject === undefined ? [] : await receiptHashes(store, operator, flags.subject);
        return lineageOf(store, operator, [...hashes, ...earlier]);
      });
      emit(command, io, lineage, () => renderLineage(lineage));
    });
}

export function renderLineage(lineage: Lineage): string {
  if (lineage.datasets.length === 0)
    return 'no recorded dataset holds these values (seam lint records datasets as it reads them)';
  const lines = lineage.datasets.map((dataset) => {
    const models = dataset.models.length > 0 ? `\n  models trained on it: ${dataset.models.join(', ')}` : '';
    return `${dataset.path} (sha256 ${dataset.sha256.slice(0, 12)}, ${dataset.status}${dataset.complete ? '' : ', scan incomplete'}): ${plural(dataset.lines.length, 'line')} ${dataset.lines.join(', ')} (${dataset.kinds.join(', ')})${models}`;
  });
  return lines.join('\n');
}
