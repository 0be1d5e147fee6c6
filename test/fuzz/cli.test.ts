import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { seam } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { fuzzParameters, inputBudgetMs, textFrom } from './harness.js';

const root = tempDir('seam-fuzz-cli-');
const db = join(root, 'seam.db');
const bin = join(import.meta.dirname, '..', '..', 'bin', 'seam.js');

/** What every run of the command line must look like, whatever it was given. */
function expectCleanExit(result: { code: number; stdout: string; stderr: string }, input: unknown): void {
  const shown = JSON.stringify(input)?.slice(0, 300);
  expect([0, 1, 2], `exit code for ${shown}`).toContain(result.code);
  expect(result.stderr, `a stack trace for ${shown}`).not.toMatch(/\n\s+at .+[:(]/);
  expect(result.stderr, `an unexpected error for ${shown}`).not.toContain('this is a bug in Seam');
  expect(result.stdout, `an unexpected error for ${shown}`).not.toContain('"code": "internal"');
}

const optionValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.bigInt().map(String),
  fc.double().map(String),
  fc.constantFrom('99999999999999999999', '-1', '0', '1e3', '0x10', ' 7 ', '2026-02-31', '2026-05-01T25:00', ''),
);

describe('fuzzing the command line: exit 0, 1 or 2 with a message, never a stack trace or a hang', () => {
  beforeAll(async () => {
    mkdirSync(join(root, 'kb'), { recursive: true });
    writeFileSync(join(root, 'kb', 'refunds.md'), '---\nid: refund-policy\n---\n# Refunds\n\nWithin 30 days.\n');
    expect((await seam(['kb', 'import', join(root, 'kb')], { db })).code).toBe(0);
  });

  it('option and argument values', async () => {
    const commands: ((value: string) => string[])[] = [
      (value) => ['kb', 'search', 'refund', '--k', value],
      (value) => ['kb', 'search', 'refund', '--as-of', value],
      (value) => ['kb', 'search', value, '--json'],
      (value) => ['kb', 'show', 'refund-policy', '--version', value],
      (value) => ['kb', 'show', value, '--as', value],
      (value) => ['kb', 'diff', 'refund-policy', value, '1'],
      (value) => ['kb', 'history', value, '--json'],
      (value) => ['kb', 'revert', 'refund-policy', '--to', value, '--if-version', value],
      (value) => ['principal', 'add', value, '--roles', value],
      (value) => ['audit', join(root, 'none.jsonl'), '--fail-on', value],
    ];
    await fc.assert(
      fc.asyncProperty(fc.nat(commands.length - 1), optionValue, async (which, value) => {
        const args = commands[which]?.(value) ?? [];
        const started = performance.now();
        const result = await seam(args, { db, cwd: root });
        expectCleanExit(result, args);
        expect(performance.now() - started, `over the time budget: ${JSON.stringify(args)}`).toBeLessThan(
          inputBudgetMs,
        );
      }),
      fuzzParameters,
    );
  });

  const jsonlFile = (name: string, lines: readonly string[]) => {
    const path = join(root, name);
    writeFileSync(path, lines.join('\n'));
    return path;
  };
  const complaintWords = [
    'the bot',
    'tone',
    'format',
    'prices',
    'refund window',
    'fine-tune',
    ' and ',
    ', ',
    '. ',
    'but ',
    'it ',
    'lists',
    'JSON',
    'customer',
    'order #48213',
    'wrong',
    'outdated',
    '"',
    '\\',
    '\n',
    '\u2028',
    'é',
    '🙂',
  ];

  it('complaint text and JSONL lines through `seam diagnose --file` (one process)', async () => {
    const line = fc.oneof(
      fc
        .record({ id: fc.oneof(fc.string(), fc.integer()), text: textFrom(complaintWords, 60) })
        .map((value) => JSON.stringify(value)),
      fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)),
      textFrom(['{', '}', '"id"', '"text"', ':', '"', ',', '\\u12', '\\']),
    );
    const lines = fc.sample(line, { numRuns: 40 });
    const file = jsonlFile('complaints.jsonl', lines);
    const result = await run(['diagnose', '--file', file]);
    expectCleanExit(result, file);
  });

  it('dataset lines through `seam lint` (one process)', async () => {
    const message = fc.record({
      role: fc.constantFrom('system', 'user', 'assistant', 'tool', 'robot'),
      content: fc.oneof(textFrom(complaintWords, 30), fc.constant(null), fc.jsonValue({ maxDepth: 1 })),
    });
    const line = fc.oneof(
      fc.array(message, { maxLength: 4 }).map((messages) => JSON.stringify({ messages })),
      fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)),
      textFrom(['{', '}', '"messages"', '[', ']', ':', '"', ',', '\\', 'role', 'content']),
    );
    const file = jsonlFile('dataset.jsonl', fc.sample(line, { numRuns: 50 }));
    const result = await run(['lint', file, '--no-store', '--json']);
    expectCleanExit(result, file);
  });
});

/** The real binary, as a user runs it, with a time budget for the whole run. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args, '--db', db], {
      cwd: root,
      timeout: 30_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; killed?: boolean; stdout?: string; stderr?: string };
    if (failed.killed) throw new Error(`seam ${args.join(' ')} ran over its 30 s budget`);
    return {
      code: typeof failed.code === 'number' ? failed.code : -1,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? '',
    };
  }
}
