import { Command, CommanderError } from 'commander';
import { exitCodeFor, InputError, SeamError } from '../errors.js';
import { useColors, wantsColor } from '../util/colors.js';
import { registerAskCommand } from './commands/ask.js';
import { registerAuditCommand } from './commands/audit.js';
import { registerDatasetCommands } from './commands/dataset.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerDiagnoseCommand } from './commands/diagnose.js';
import { registerForgetCommand } from './commands/forget.js';
import { registerKbReadCommands } from './commands/kb-read.js';
import { registerKbWriteCommands } from './commands/kb-write.js';
import { registerLineageCommand } from './commands/lineage.js';
import { registerLintCommand } from './commands/lint.js';
import { registerPrincipalCommands } from './commands/principal.js';
import type { Io } from './context.js';

export function defaultIo(): Io {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
    isTty: process.stderr.isTTY === true,
    color: wantsColor(process.env, process.stdout.isTTY === true),
    outcome: { code: 0 },
  };
}

export function buildProgram(io: Io): Command {
  const program = new Command('seam')
    .description(
      'Keep behavior in the model and knowledge in sources: a versioned knowledge store for support assistants.',
    )
    .option('--db <path>', 'the store (default: $SEAM_DB, else .seam/seam.db under the current directory)')
    .option('--json', 'print results as JSON for scripts')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .addHelpText(
      'after',
      `
Exit codes: 0 success; 1 findings at or above --fail-on (lint, audit); 2 usage, input or I/O error.

Examples:
  $ seam demo                                   # a demo store and a walk through the seam
  $ seam kb import docs/                        # import a folder of markdown
  $ seam principal add alice --roles support,billing
  $ seam kb search "refund window" --as alice
  $ seam kb history refund-policy`,
    );

  const kb = program
    .command('kb')
    .description('the knowledge store: versioned documents, history, revert, delete, search')
    .addHelpText(
      'after',
      `
Examples:
  $ seam kb import docs/
  $ seam kb search "refund window" --as alice
  $ seam kb put docs/policies/refunds.md --if-version 2 -m "window is now 14 days"
  $ seam kb history refund-policy
  $ seam kb revert refund-policy --to 2
  $ seam kb rm refund-policy`,
    );
  registerKbWriteCommands(kb, io);
  registerKbReadCommands(kb, io);
  registerPrincipalCommands(program, io);
  registerDiagnoseCommand(program, io);
  registerLintCommand(program, io);
  registerAuditCommand(program, io);
  registerAskCommand(program, io);
  registerDemoCommand(program, io);
  registerForgetCommand(program, io);
  registerLineageCommand(program, io);
  registerDatasetCommands(program, io);
  for (const command of [program, kb, ...program.commands, ...kb.commands]) command.exitOverride();
  return program;
}

/** Run the command line; returns the exit code (the library never calls process.exit). */
export async function run(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  useColors(io.color && !argv.includes('--json'));
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv]);
    return io.outcome.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end here with code 0; usage errors were already printed by commander.
      return error.exitCode === 0 ? 0 : 2;
    }
    reportError(error, io, argv.includes('--json'));
    return exitCodeFor(error);
  }
}

function reportError(error: unknown, io: Io, json: boolean): void {
  if (json) {
    const body = SeamError.isInstance(error)
      ? error.toJSON()
      : { code: 'internal', message: error instanceof Error ? error.message : String(error) };
    io.stdout(`${JSON.stringify({ error: body }, null, 2)}\n`);
  }
  if (InputError.isInstance(error) && error.others.length > 0) {
    io.stderr(`error: ${error.others.length} problems, nothing was written:\n`);
    for (const problem of error.others) io.stderr(`  ${problem.message}\n`);
  } else if (SeamError.isInstance(error)) {
    io.stderr(`error: ${error.message}\n`);
  } else {
    io.stderr(
      `internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
}
