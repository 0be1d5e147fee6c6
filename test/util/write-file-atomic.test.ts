import { linkSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { atomicFile, refuseOverwritingInput, writeFileAtomic } from '../../src/util/write-file-atomic.js';
import { tempDir } from '../helpers/temp.js';

const root = tempDir('seam-atomic-');

async function refusal(output: string, inputs: string[]): Promise<unknown> {
  return refuseOverwritingInput({ output, inputs, field: '--fix', cwd: root }).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('writing a file whole or not at all', () => {
  it('replaces the file in one step and leaves no temporary file', async () => {
    const path = join(root, 'out', 'report.txt');
    await writeFileAtomic(path, 'first\n');
    await writeFileAtomic(path, 'second\n');
    expect(readFileSync(path, 'utf8')).toBe('second\n');
    expect(readdirSync(join(root, 'out'))).toEqual(['report.txt']);
  });

  it('keeps the old file when a streamed write is abandoned', async () => {
    const path = join(root, 'kept.jsonl');
    writeFileSync(path, 'old\n');
    const file = await atomicFile(path);
    writeFileSync(file.temporaryPath, 'half a ');
    expect(readFileSync(path, 'utf8')).toBe('old\n');
    await file.abort();
    expect(readFileSync(path, 'utf8')).toBe('old\n');
    expect(readdirSync(root).filter((name) => name.includes('kept'))).toEqual(['kept.jsonl']);
  });
});

describe('refusing to write over an input', () => {
  writeFileSync(join(root, 'tickets.jsonl'), '{}\n');
  symlinkSync(join(root, 'tickets.jsonl'), join(root, 'alias.jsonl'));
  linkSync(join(root, 'tickets.jsonl'), join(root, 'hard.jsonl'));

  it.each([
    ['the same path', 'tickets.jsonl'],
    ['the same path written differently', './sub/../tickets.jsonl'],
    ['a symbolic link to the input', 'alias.jsonl'],
    ['a hard link to the input', 'hard.jsonl'],
  ])('refuses %s, naming the option', async (_name, output) => {
    const error = await refusal(output, ['tickets.jsonl']);
    expect(InputError.isInstance(error)).toBe(true);
    expect((error as InputError).field).toBe('--fix');
    expect((error as InputError).message).toContain('is also an input of this command');
  });

  it('allows a new file and a different existing file', async () => {
    writeFileSync(join(root, 'other.jsonl'), '{}\n');
    expect(await refusal('clean.jsonl', ['tickets.jsonl'])).toBeUndefined();
    expect(await refusal('other.jsonl', ['tickets.jsonl'])).toBeUndefined();
  });
});
