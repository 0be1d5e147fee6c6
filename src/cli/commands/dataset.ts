import type { Command } from 'commander';
import { operator } from '../../access.js';
import { InputError } from '../../errors.js';
import { describeDatasetFile } from '../../lineage/dataset-file.js';
import { emit, type Io, withStore } from '../context.js';
import { shortTime, table } from '../format.js';

const modelPattern = /^\S{1,200}$/;

export function registerDatasetCommands(program: Command, io: Io): void {
  const dataset = program
    .command('dataset')
    .description('lineage of fine-tuning datasets: which models were trained on which file')
    .addHelpText(
      'after',
      `
Examples:
  $ seam lint tickets.jsonl                                  # records what private values it holds
  $ seam dataset tag tickets.jsonl --model ft:gpt-4o-mini:acme:support:9xq2
  $ seam dataset list`,
    );

  dataset
    .command('tag')
    .description('record that a model was trained on this file (as its content is now)')
    .argument('<dataset>', 'the JSONL file the model was trained on')
    .requiredOption('--model <id>', 'the fine-tuned model id')
    .addHelpText('after', '\nExample:\n  $ seam dataset tag tickets.jsonl --model ft:gpt-4o-mini:acme:support:9xq2')
    .action(async (path: string, flags: { model: string }, command: Command) => {
      if (!modelPattern.test(flags.model)) {
        throw new InputError(`must be a model id without spaces, got '${flags.model}'`, { field: '--model' });
      }
      const file = await describeDatasetFile(path, io.cwd);
      const { status, linted } = await withStore(command, io, async (store) => {
        const result = await store.tagModel(
          { path: file.path, sha256: file.sha256, model: flags.model, tagged_at: io.now().toISOString() },
          { reader: operator },
        );
        const { datasets } = await store.listDatasets({ reader: operator });
        return { ...result, linted: datasets.some((scan) => scan.sha256 === file.sha256) };
      });
      if (!linted)
        io.stderr(
          `note: ${path} has not been linted as it is now: run seam lint ${path} so lineage knows what it holds\n`,
        );
      emit(
        command,
        io,
        { ...file, model: flags.model, status, linted },
        () =>
          `${status === 'created' ? 'tagged' : 'already tagged'}: ${flags.model} was trained on ${file.path} (sha256 ${file.sha256.slice(0, 12)})`,
      );
    });

  dataset
    .command('list')
    .description('datasets seam lint recorded, and the models tagged on them')
    .addHelpText('after', '\nExamples:\n  $ seam dataset list\n  $ seam dataset list --json')
    .action(async (_flags: unknown, command: Command) => {
      const listed = await withStore(command, io, (store) => store.listDatasets({ reader: operator }));
      emit(command, io, listed, () => {
        if (listed.datasets.length === 0) return 'no datasets recorded yet (seam lint records each dataset it reads)';
        return table(
          ['dataset', 'sha256', 'bytes', 'linted', 'models'],
          listed.datasets.map((scan) => [
            scan.path,
            scan.sha256.slice(0, 12),
            String(scan.size),
            shortTime(scan.scanned_at),
            listed.models
              .filter((tag) => tag.sha256 === scan.sha256)
              .map((tag) => tag.model)
              .join(', ') || '-',
          ]),
        );
      });
    });
}
