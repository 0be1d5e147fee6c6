import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Io } from '../src/cli/context.js';
import { run, toSeamError } from '../src/cli/main.js';
import {
  ConflictError,
  InputError,
  InternalError,
  IoError,
  NotFoundError,
  PermissionError,
  ProviderCallError,
  SeamError,
} from '../src/errors.js';

const samples = {
  InputError: new InputError('must be a list', { file: 'a.md', line: 3, field: "front matter 'acl'" }),
  ConflictError: new ConflictError('refund-policy', 1, 2),
  NotFoundError: new NotFoundError('refund-policy'),
  PermissionError: new PermissionError('no'),
  IoError: new IoError('cannot read', '/tmp/x'),
  ProviderCallError: new ProviderCallError('model failed (HTTP 500)', 'http://127.0.0.1/v1', 500, true),
  InternalError: new InternalError('unexpected TypeError: x is undefined'),
};
const guards = {
  InputError: InputError.isInstance,
  ConflictError: ConflictError.isInstance,
  NotFoundError: NotFoundError.isInstance,
  PermissionError: PermissionError.isInstance,
  IoError: IoError.isInstance,
  ProviderCallError: ProviderCallError.isInstance,
  InternalError: InternalError.isInstance,
};

describe('the error family', () => {
  it.each(Object.keys(guards))('%s.isInstance is true for its own class only', (name) => {
    const guard = guards[name as keyof typeof guards];
    for (const [other, error] of Object.entries(samples)) expect(guard(error), other).toBe(other === name);
    for (const value of [new Error('plain'), null, undefined, 'text', { code: 'input' }])
      expect(guard(value)).toBe(false);
  });

  it('names the file, line and field, and gives scripts the data they need', () => {
    expect(samples.InputError.message).toBe("a.md:3: front matter 'acl': must be a list");
    expect(samples.ConflictError.toJSON()).toMatchObject({ code: 'conflict', expected_version: 1, actual_version: 2 });
    expect(samples.ProviderCallError.toJSON()).toMatchObject({
      code: 'provider',
      status_code: 500,
      is_retryable: true,
    });
    expect(Object.values(samples).every((error) => SeamError.isInstance(error))).toBe(true);
  });
});

function zodFailure(): unknown {
  const parsed = z.object({ retrieval: z.object({ k: z.number().max(1000) }) }).safeParse({ retrieval: { k: 5000 } });
  return parsed.success ? undefined : parsed.error;
}

describe('the one place unexpected errors become Seam errors', () => {
  const systemError = (code: string, path: string) =>
    Object.assign(new Error(`${code}: no such file or directory, open '${path}'`), { code, path });
  const sqliteError = Object.assign(new Error('datatype mismatch'), { name: 'SqliteError', code: 'SQLITE_MISMATCH' });

  it.each([
    ['a Seam error, unchanged', samples.ConflictError, 'conflict', /^conflict: 'refund-policy'/],
    ['a system error, as I/O naming the path', systemError('ENOENT', '/tmp/x.md'), 'io', /^\/tmp\/x\.md: ENOENT/],
    ['an SQLite error, as I/O', sqliteError, 'io', /^the store failed: datatype mismatch \(SQLITE_MISMATCH\)$/],
    [
      'a stack overflow, as internal',
      new RangeError('Maximum call stack size exceeded'),
      'internal',
      /nested too deeply/,
    ],
    [
      'a bug, as internal with its name',
      new TypeError("reading 'x'"),
      'internal',
      /^unexpected TypeError: reading 'x'$/,
    ],
    ['a thrown string, as internal', 'oops', 'internal', /^unexpected failure: oops$/],
    ['a schema failure, as input naming the field', zodFailure(), 'input', /^retrieval\.k: Too big/],
  ])('maps %s', (_name, error, code, message) => {
    const mapped = toSeamError(error);
    expect(SeamError.isInstance(mapped)).toBe(true);
    expect(mapped.code).toBe(code);
    expect(mapped.message).toMatch(message);
    if (mapped !== error && error instanceof Error && code !== 'input') expect(mapped.cause).toBe(error);
  });
});

describe('how the command line reports an unexpected error', () => {
  /** An Io whose stdout fails on the first write, as a closed pipe or a full disk would. */
  const failingIo = (env: Record<string, string>, failure: Error): Io & { errors: () => string } => {
    let stderr = '';
    return {
      stdout: () => {
        throw failure;
      },
      stderr: (text) => {
        stderr += text;
      },
      env,
      cwd: process.cwd(),
      now: () => new Date('2026-11-25T12:00:00Z'),
      isTty: false,
      color: false,
      outcome: { code: 0 },
      errors: () => stderr,
    };
  };
  const argv = ['node', 'seam', '--version'];

  it('prints one message and exits 2, with no stack trace', async () => {
    const io = failingIo({}, new TypeError('cannot write'));
    expect(await run(argv, io)).toBe(2);
    expect(io.errors()).toContain('error: unexpected TypeError: cannot write');
    expect(io.errors()).toContain('SEAM_DEBUG=1');
    expect(io.errors()).not.toMatch(/\n\s+at /);
  });

  it('prints the stack trace only with SEAM_DEBUG', async () => {
    const io = failingIo({ SEAM_DEBUG: '1' }, new TypeError('cannot write'));
    expect(await run(argv, io)).toBe(2);
    expect(io.errors()).toMatch(/TypeError: cannot write\n\s+at /);
  });

  it('reports a closed pipe as an I/O error, not a bug', async () => {
    const io = failingIo({}, Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(await run(argv, io)).toBe(2);
    expect(io.errors()).toBe('error: write EPIPE\n');
  });
});
