import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';
import { failureAllowed, missingLines, readBlocks, runBlocks, unexplainedSkips } from './markdown-walkthrough.js';

const page = [
  'Intro',
  '',
  '```sh',
  'echo hello',
  'false            # exit 1: on purpose',
  'false',
  '```',
  '',
  '```text',
  'hello',
  '```',
  '',
  '<!-- walkthrough: skip (needs a server) -->',
  '',
  '```sh',
  'curl http://example.invalid',
  '```',
  '',
  '```sh',
  'npm install && npm start',
  'echo "$GREETING world"',
  '```',
].join('\n');

describe('the markdown walkthrough runner', () => {
  const blocks = readBlocks(page);

  it('reads shell blocks in order, their expected output, and leaves out skipped blocks', () => {
    expect(blocks.map((block) => block.line)).toEqual([4, 20]);
    expect(blocks[0]?.expect).toEqual(['hello']);
    expect(blocks[1]?.expect).toEqual([]);
  });

  it('runs blocks in one session, skips the repository`s npm commands, and reports each failing line', async () => {
    const [first, second] = blocks;
    if (!first || !second) throw new Error('the page has two runnable blocks');
    const withGreeting = { ...first, commands: ['GREETING=hi', ...first.commands] };
    const runs = await runBlocks([withGreeting, second], { cwd: tempDir('seam-walk-'), env: process.env });
    expect(runs[0]?.output).toContain('hello');
    expect(runs[0]?.failures.map((failure) => failure.status)).toEqual([1, 1]);
    expect(runs[1]?.output).toContain('hi world');
    expect(runs[1]?.output).not.toContain('npm');
    expect(runs[1]?.failures).toEqual([]);
  });

  it('allows a failure only where the line says which exit status', () => {
    const lines = page.split('\n');
    expect(failureAllowed(lines, { line: 5, status: 1 })).toBe(true);
    expect(failureAllowed(lines, { line: 5, status: 2 })).toBe(false);
    expect(failureAllowed(lines, { line: 6, status: 1 })).toBe(false);
  });

  it('wants every skipped block to say why', () => {
    expect(unexplainedSkips(page.split('\n'))).toEqual([]);
    expect(unexplainedSkips(['text', '<!-- walkthrough: skip -->', '<!-- walkthrough: skip () -->'])).toEqual([2, 3]);
  });

  it('ends a background block with a comment on its last line, and keeps output with no last newline apart', async () => {
    const page = [
      '<!-- walkthrough: background -->',
      '```sh',
      'echo serving http://127.0.0.1:1   # a comment',
      '```',
      '```sh',
      "printf 'no newline'",
      '```',
      '```sh',
      'echo next',
      '```',
    ].join('\n');
    const runs = await runBlocks(readBlocks(page), { cwd: tempDir('seam-walk-'), env: process.env });
    expect(runs.map((run) => run.output.includes('serving http://127.0.0.1:1'))).toEqual([true, false, false]);
    expect(runs.slice(1).map((run) => run.output.trim())).toEqual(['no newline', 'next']);
  });

  it('finds expected lines in order, with white space folded', () => {
    expect(missingLines('a  b\nc\nd', ['a b', 'd'])).toEqual([]);
    expect(missingLines('a b\nc', ['c', 'a b'])).toEqual(['a b']);
  });
});
