import { join } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/context.js';
import { buildProgram, commandNamed, seamVersion } from '../../src/cli/main.js';
import { seam } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const root = tempDir('seam-main-');
const db = join(root, 'seam.db');

function captureIo(): Io & { text: () => string } {
  let text = '';
  const write = (chunk: string) => {
    text += chunk;
  };
  return {
    stdout: write,
    stderr: write,
    env: {},
    cwd: root,
    now: () => new Date('2026-11-25T12:00:00Z'),
    isTty: false,
    color: false,
    outcome: { code: 0 },
    text: () => text,
  };
}

function leafCommands(command: Command, path: string[] = []): { path: string; command: Command }[] {
  return command.commands.flatMap((sub) => {
    const here = [...path, sub.name()];
    return sub.commands.length === 0 ? [{ path: here.join(' '), command: sub }] : leafCommands(sub, here);
  });
}

describe('the command line as a whole', () => {
  it('prints its version', async () => {
    const result = await seam(['--version'], { db });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(seamVersion());
    expect(seamVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("lists the global --db and --json options and examples in every subcommand's help", async () => {
    const leaves = leafCommands(await buildProgram(captureIo()));
    expect(leaves.length).toBeGreaterThan(10);
    for (const { path, command } of leaves) {
      const io = captureIo();
      command.configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
      command.outputHelp();
      expect(io.text(), path).toMatch(/--db <path>/);
      expect(io.text(), path).toMatch(/--json/);
      expect(io.text(), path).toMatch(/Examples?:\n\s+\$ seam /);
    }
  });

  it('loads only the command a command line names, and that command is the same as in the whole program', async () => {
    const whole = await buildProgram(captureIo());
    const shape = (command: Command) =>
      leafCommands(command).map(({ path, command: leaf }) => `${path} ${leaf.options.map((option) => option.flags)}`);
    for (const top of whole.commands) {
      const alone = await buildProgram(captureIo(), { only: top.name() });
      const names = alone.commands.map((command) => command.name());
      expect(names, top.name()).toEqual(top.name() === 'kb' ? ['kb'] : ['kb', top.name()]);
      const leaves = shape(alone).filter((line) => line.startsWith(`${top.name()} `));
      expect(leaves, top.name()).toEqual(shape(whole).filter((line) => line.startsWith(`${top.name()} `)));
      expect(leaves.length, top.name()).toBeGreaterThan(0);
    }
    const unknown = await buildProgram(captureIo(), { only: 'no-such-command' });
    expect(unknown.commands.map((command) => command.name())).toEqual(whole.commands.map((command) => command.name()));
  });

  it('finds the command a command line names after global options', () => {
    expect(commandNamed(['node', 'seam', '--db', 'kb', 'ask', 'why?'])).toBe('ask');
    expect(commandNamed(['node', 'seam', '--json', 'kb', 'list'])).toBe('kb');
    expect(commandNamed(['node', 'seam', '--db=x.db', 'lint', 'a.jsonl'])).toBe('lint');
    expect(commandNamed(['node', 'seam', '--help'])).toBeUndefined();
  });

  it('prints a --json error once: as JSON on stdout, nothing on stderr', async () => {
    const result = await seam(['kb', 'import', join(root, 'missing-folder'), '--json'], { db });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('');
    expect(result.json()).toEqual({
      error: expect.objectContaining({ code: 'input', message: expect.stringContaining('no such file or folder') }),
    });
  });

  it('prints a --json usage error once, as JSON', async () => {
    const result = await seam(['kb', 'search', '--json'], { db });
    expect(result.code).toBe(2);
    expect(result.json()).toEqual({
      error: { code: 'input', message: expect.stringContaining("missing required argument 'query'") },
    });
    expect(result.stderr).not.toContain('missing required argument');
  });

  it.each([
    ['kb', 'search', 'refund', '--k', '99999999999999999999'],
    ['kb', 'search', 'refund', '--k', '0'],
    ['kb', 'show', 'refund-policy', '--version', '1.5'],
    ['kb', 'diff', 'refund-policy', '1', '-2'],
    ['kb', 'diff', 'refund-policy', '1e3', '2'],
    ['kb', 'put', 'x.md', '--if-version', '2147483648'],
    ['kb', 'revert', 'refund-policy', '--to', 'two'],
    ['kb', 'import', 'kb/', '--max-bytes', '99999999999999'],
    ['ask', 'what is the refund window?', '--k', '100000'],
    ['audit', 'transcripts.jsonl', '--examples', '-1'],
    ['lint', 'tickets.jsonl', '--jobs', '99999999999999999999'],
    ['serve', '--port', '70000'],
    ['eval', '--concurrency', '99999999999999999999'],
  ])('refuses an out-of-range number: seam %s %s %s %s %s', async (...args: string[]) => {
    const result = await seam(args, { db: join(root, 'never-created.db') });
    const option = args.at(-2)?.startsWith('-') && !/^-\d/.test(args.at(-2) ?? '') ? args.at(-2) : undefined;
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error: (--|<v)[\w-]+>?: must be (a whole number, got '.*' \(from [\d,]+ to [\d,]+\)|from [\d,]+ to [\d,]+, got '.*')\n$/,
    );
    if (option) expect(result.stderr).toContain(option);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
