import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, CommanderError, Option } from 'commander';
import { z } from 'zod';
import { checkComplaintLength, maxComplaintCharacters } from '../../diagnose/complaint-limit.js';
import { createDiagnoser } from '../../diagnose/diagnose.js';
import type { Diagnosis } from '../../diagnose/diagnosis.js';
import { renderMarkdown, renderText } from '../../diagnose/render.js';
import { InputError, IoError } from '../../errors.js';
import { readJsonlLines } from '../../util/jsonl.js';
import { globals, type Io } from '../context.js';

type Format = 'text' | 'json' | 'markdown';

interface DiagnoseFlags {
  file?: string;
  format?: Format;
  model: 'offline' | 'llm';
  config?: string;
}

const batchLineSchema = z.object({
  id: z.union([z.string().min(1), z.number()]),
  text: z.string().trim().min(1, 'must be a non-empty string'),
});

export function registerDiagnoseCommand(program: Command, io: Io): void {
  program
    .command('diagnose')
    .description('split a complaint into strands, sort each into the taxonomy and print the cheapest reversible fix')
    .argument('[complaint]', 'the complaint, in quotes')
    .option(
      '--file <complaints.jsonl>',
      'diagnose a batch: one {"id","text"} per line in, one JSON result per line out',
    )
    .addOption(
      new Option(
        '--format <format>',
        'output for one complaint (default text; --json is the same as --format json)',
      ).choices(['text', 'json', 'markdown']),
    )
    .addOption(
      new Option('--model <kind>', 'the strand classifier: offline (built in) or llm (the model seam ask uses)')
        .choices(['offline', 'llm'])
        .default('offline'),
    )
    .option('--config <file>', 'with --model llm: the config naming the model (default: seam.config.json here)')
    .addHelpText(
      'after',
      `
Each strand gets categories with a confidence, and a plan: the intervention, why, how to verify it worked
and how to undo it. When the complaint asks for fine-tuning, the plan says which strands fine-tuning cannot
fix and what trying would cost. The offline classifier is trained at build time on data/complaints/.
A complaint may be up to ${maxComplaintCharacters.toLocaleString('en-US')} characters; a longer one is refused (exit 2).
--model llm uses the model of seam.config.json ("model": "openai:gpt-4o-mini") or $SEAM_MODEL, with
structured output constrained to the taxonomy; the offline classifier stays the default.

Examples:
  $ seam diagnose "its tone is inconsistent, it drifts between prose and lists, and it gives out-of-date answers, so let's fine-tune it"
  $ seam diagnose "it still quotes last year's prices" --json
  $ seam diagnose "the bot shows other customers' orders" --format markdown >> ticket.md
  $ seam diagnose --file complaints.jsonl > diagnoses.jsonl`,
    )
    .action(async (complaint: string | undefined, flags: DiagnoseFlags, command: Command) => {
      if ((complaint === undefined) === (flags.file === undefined)) {
        throw new InputError('give one complaint in quotes, or --file <complaints.jsonl> (not both)', {
          field: '<complaint>',
        });
      }
      const format: Format = flags.format ?? (globals(command).json ? 'json' : 'text');
      if (flags.file !== undefined) {
        if (flags.format !== undefined && flags.format !== 'json') {
          throw new InputError(
            '--file writes JSON Lines (one result per line); --format text|markdown takes one complaint',
            {
              field: '--format',
            },
          );
        }
        await diagnoseFile(flags.file, await chooseDiagnoser(flags, io), io);
        return;
      }
      const text = complaint?.trim() ?? '';
      if (text === '') throw new InputError('the complaint is empty', { field: '<complaint>' });
      checkComplaintLength(text, { field: '<complaint>' });
      const diagnosis = await (await chooseDiagnoser(flags, io))(text);
      if (format === 'json') io.stdout(`${JSON.stringify(diagnosis, null, 2)}\n`);
      else io.stdout(`${format === 'markdown' ? renderMarkdown(diagnosis, text) : renderText(diagnosis)}\n`);
    });
}

/**
 * Diagnose a JSONL file line by line, writing each result as soon as it is ready. A bad line is reported on
 * stderr with its file and line and skipped; the others are still diagnosed, and the command ends with exit 2.
 */
async function diagnoseFile(file: string, diagnose: (text: string) => Promise<Diagnosis>, io: Io): Promise<void> {
  const path = resolve(io.cwd, file);
  if (!existsSync(path)) throw new IoError(`cannot read ${file}: no such file`, path);
  let good = 0;
  let bad = 0;
  for await (const { line: lineNumber, text } of readJsonlLines(path)) {
    if (text.trim() === '') continue;
    const parsed = parseLine(text, { file, line: lineNumber });
    if (InputError.isInstance(parsed)) {
      bad++;
      io.stderr(`error: ${parsed.message}\n`);
      continue;
    }
    good++;
    io.stdout(`${JSON.stringify({ id: parsed.id, ...(await diagnose(parsed.text)) })}\n`);
  }
  if (bad > 0) {
    // Each bad line was reported as it came; end with exit 2 without printing usage help.
    io.stderr(
      `error: ${file}: ${bad} of ${good + bad} lines could not be diagnosed (see above); the other ${good} were\n`,
    );
    throw new CommanderError(2, 'seam.diagnose.bad-lines', `${bad} bad lines in ${file}`);
  }
}

/** The offline classifier, or with `--model llm` the configured model through the AI SDK. */
async function chooseDiagnoser(flags: DiagnoseFlags, io: Io): Promise<(text: string) => Promise<Diagnosis>> {
  if (flags.model === 'offline') {
    const diagnoser = await createDiagnoser();
    return async (text) => diagnoser.diagnose(text);
  }
  const { loadConfig } = await import('../../config/load-config.js');
  const { chooseModel } = await import('../../ask/models/model-choice.js');
  const { createAiSdkModel } = await import('../../ask/models/ai-sdk-model.js');
  const { createLlmDiagnoser } = await import('../../diagnose/llm-diagnoser.js');
  const { config } = await loadConfig({ path: flags.config, cwd: io.cwd });
  const choice = chooseModel(config.model, io.env);
  if (!choice) {
    throw new InputError(
      'needs a model: set SEAM_MODEL (e.g. openai:gpt-4o-mini) or "model" in seam.config.json, or use --model offline',
      { field: '--model llm' },
    );
  }
  const diagnoser = createLlmDiagnoser(await createAiSdkModel(choice));
  return (text) => diagnoser.diagnose(text);
}

function parseLine(
  line: string,
  location: { file: string; line: number },
): z.infer<typeof batchLineSchema> | InputError {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return new InputError('not valid JSON (expected {"id": ..., "text": ...})', location);
  }
  const parsed = batchLineSchema.safeParse(raw);
  if (parsed.success) {
    try {
      checkComplaintLength(parsed.data.text, location);
    } catch (error) {
      if (InputError.isInstance(error)) return error;
      throw error;
    }
    return parsed.data;
  }
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || undefined;
  const message =
    issue?.code === 'invalid_type' && field
      ? `missing or not a ${field === 'id' ? 'string or number' : 'string'}`
      : (issue?.message ?? 'invalid');
  return new InputError(message, { ...location, field });
}
