import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { exitCodeFor, InputError, InternalError, IoError, SeamError } from '../errors.js';
import { useColors, wantsColor } from '../util/colors.js';
import type { Io } from './context.js';

type Register = (program: Command, kb: Command, io: Io) => void;

/** A command registered on the program itself (every group but kb). */
function topLevel(load: () => Promise<(program: Command, io: Io) => void>): () => Promise<Register> {
  return async () => {
    const register = await load();
    return (program, _kb, io) => register(program, io);
  };
}

/**
 * Each top-level command and the module that defines it, in the order `seam --help` lists them. A module is
 * imported only when its command runs (or when the whole program is needed, for `seam --help`): the
 * command line starts without loading what other commands use (the NLP lexicons, the server, the model SDKs).
 */
const commandModules: readonly (readonly [string, () => Promise<Register>])[] = [
  [
    'kb',
    async () => {
      const [write, read] = await Promise.all([import('./commands/kb-write.js'), import('./commands/kb-read.js')]);
      return (_program, kb, io) => {
        write.registerKbWriteCommands(kb, io);
        read.registerKbReadCommands(kb, io);
      };
    },
  ],
  ['principal', topLevel(async () => (await import('./commands/principal.js')).registerPrincipalCommands)],
  ['token', topLevel(async () => (await import('./commands/token.js')).registerTokenCommands)],
  ['serve', topLevel(async () => (await import('./commands/serve.js')).registerServeCommand)],
  ['mcp', topLevel(async () => (await import('./commands/mcp.js')).registerMcpCommand)],
  ['diagnose', topLevel(async () => (await import('./commands/diagnose.js')).registerDiagnoseCommand)],
  ['lint', topLevel(async () => (await import('./commands/lint.js')).registerLintCommand)],
  ['audit', topLevel(async () => (await import('./commands/audit.js')).registerAuditCommand)],
  ['ask', topLevel(async () => (await import('./commands/ask.js')).registerAskCommand)],
  ['demo', topLevel(async () => (await import('./commands/demo.js')).registerDemoCommand)],
  ['forget', topLevel(async () => (await import('./commands/forget.js')).registerForgetCommand)],
  ['lineage', topLevel(async () => (await import('./commands/lineage.js')).registerLineageCommand)],
  ['dataset', topLevel(async () => (await import('./commands/dataset.js')).registerDatasetCommands)],
  ['eval', topLevel(async () => (await import('./commands/eval.js')).registerEvalCommand)],
  ['sync', topLevel(async () => (await import('./commands/sync.js')).registerSyncCommands)],
];

/** The top-level command a command line names (skipping `--db <path>` and other options before it). */
export function commandNamed(argv: readonly string[]): string | undefined {
  for (let index = 2; index < argv.length; index++) {
    const word = argv[index] as string;
    if (word === '--db') {
      index++;
      continue;
    }
    if (word.startsWith('-')) continue;
    return word;
  }
  return undefined;
}

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

/** The package's version, from its package.json (two folders up from src/cli/ and from dist/cli/). */
export function seamVersion(): string {
  const manifest: unknown = createRequire(import.meta.url)('../../package.json');
  const version = (manifest as { version?: unknown }).version;
  return typeof version === 'string' ? version : 'unknown';
}

/**
 * The program, with every command (`only` omitted) or with the one top-level command a command line
 * names, which is all a run needs. An unknown name loads every command, so help and errors are complete.
 */
export async function buildProgram(
  io: Io,
  options: { json?: boolean; only?: string | undefined } = {},
): Promise<Command> {
  const program = new Command('seam')
    .description(
      'Keep behavior in the model and knowledge in sources: a versioned knowledge store for support assistants.',
    )
    .option('--db <path>', 'the store (default: $SEAM_DB, else .seam/seam.db under the current directory)')
    .option('--json', 'print results as JSON for scripts')
    // Every subcommand's --help lists --db and --json too (subcommands inherit this setting).
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      // With --json, a usage error is printed once, as JSON on stdout, like every other error.
      outputError: (text, write) =>
        options.json
          ? io.stdout(
              `${JSON.stringify({ error: { code: 'input', message: text.replace(/^error: /, '').trim() } }, null, 2)}\n`,
            )
          : write(text),
    })
    .exitOverride()
    .addHelpText(
      'after',
      `
Exit codes: 0 success; 1 findings at or above --fail-on (lint, audit); 2 usage, input or I/O error.
seam --version prints the version. SEAM_DEBUG=1 adds a stack trace to an unexpected error.

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
  const wanted = commandModules.filter(([name]) => name === options.only);
  const chosen = wanted.length > 0 ? wanted : commandModules;
  const registers = await Promise.all(chosen.map(([, load]) => load()));
  for (const register of registers) register(program, kb, io);
  for (const command of [
    program,
    kb,
    ...program.commands,
    ...kb.commands,
    ...program.commands.flatMap((child) => child.commands),
  ]) {
    command.exitOverride();
  }
  return program;
}

/**
 * Run the command line; returns the exit code (the library never calls process.exit). This is the one
 * place errors are reported: every error becomes a Seam error (`toSeamError`), printed once (as JSON on
 * stdout with --json, else on stderr), with exit 2. A stack trace is printed only when SEAM_DEBUG is set.
 */
export async function run(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  const json = argv.includes('--json');
  useColors(io.color && !json);
  const program = await buildProgram(io, { json, only: commandNamed(argv) });
  try {
    const first = argv[2];
    if (first === '--version' || first === '-V') {
      // Not a commander option: a program option is recognised after the subcommand too, and would
      // swallow `kb show <id> --version N`.
      io.stdout(`${seamVersion()}\n`);
      return 0;
    }
    await program.parseAsync([...argv]);
    return io.outcome.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end here with code 0; usage errors were already printed by commander.
      return error.exitCode === 0 ? 0 : 2;
    }
    const failure = toSeamError(error);
    reportError({ failure, original: error, io, json, debug: isDebug(io.env.SEAM_DEBUG) });
    return exitCodeFor(failure);
  }
}

/**
 * Map any error to Seam's family. Seam errors pass through; what a library or the system threw becomes
 * the typed error a user can act on (a file that cannot be read is an `IoError`, a schema failure an
 * `InputError`), and anything else an `InternalError` that names what happened, never a stack trace.
 */
export function toSeamError(error: unknown): SeamError {
  if (SeamError.isInstance(error)) return error;
  if (!(error instanceof Error)) return new InternalError(`unexpected failure: ${String(error)}`, { cause: error });
  const { code, path } = error as { code?: unknown; path?: unknown };
  if (error.name === 'SqliteError') {
    return new IoError(`the store failed: ${error.message}${typeof code === 'string' ? ` (${code})` : ''}`, '', {
      cause: error,
    });
  }
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    const where = typeof path === 'string' ? path : '';
    return new IoError(where ? `${where}: ${error.message}` : error.message, where, { cause: error });
  }
  const { issues } = error as { issues?: unknown };
  if (error.name === 'ZodError' && Array.isArray(issues)) {
    const first = issues[0] as { path?: unknown[]; message?: unknown } | undefined;
    const field = first?.path?.map(String).join('.') || undefined;
    return new InputError(String(first?.message ?? 'invalid input'), { field });
  }
  if (error.name.startsWith('YAML')) return new InputError(error.message.split('\n')[0] ?? error.message);
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return new InternalError('the input is nested too deeply to process (the call stack overflowed)', {
      cause: error,
    });
  }
  return new InternalError(`unexpected ${error.name}: ${error.message}`, { cause: error });
}

function isDebug(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

function reportError(options: { failure: SeamError; original: unknown; io: Io; json: boolean; debug: boolean }): void {
  const { failure, original, io, json, debug } = options;
  const lines: string[] = [];
  if (InputError.isInstance(failure) && failure.others.length > 0) {
    lines.push(`error: ${failure.others.length} problems, nothing was written:`);
    for (const problem of failure.others) lines.push(`  ${problem.message}`);
  } else {
    lines.push(`error: ${failure.message}`);
  }
  if (InternalError.isInstance(failure) && !debug) {
    lines.push('(this is a bug in Seam: run again with SEAM_DEBUG=1 to see where, and please report it)');
  }
  const trace = debug && original instanceof Error ? original.stack : undefined;
  try {
    if (json) io.stdout(`${JSON.stringify({ error: failure.toJSON() }, null, 2)}\n`);
    else io.stderr(`${lines.join('\n')}\n`);
  } catch {
    // stdout may be what failed (a closed pipe); the message still reaches stderr.
    io.stderr(`${lines.join('\n')}\n`);
  }
  if (trace) io.stderr(`${trace}\n`);
}
