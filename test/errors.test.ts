import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  exitCodeFor,
  InputError,
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
};
const guards = {
  InputError: InputError.isInstance,
  ConflictError: ConflictError.isInstance,
  NotFoundError: NotFoundError.isInstance,
  PermissionError: PermissionError.isInstance,
  IoError: IoError.isInstance,
  ProviderCallError: ProviderCallError.isInstance,
};

describe('the error family', () => {
  it.each(Object.keys(guards))('%s.isInstance is true for its own class only', (name) => {
    const guard = guards[name as keyof typeof guards];
    for (const [other, error] of Object.entries(samples)) expect(guard(error), other).toBe(other === name);
    for (const value of [new Error('plain'), null, undefined, 'text', { code: 'input' }])
      expect(guard(value)).toBe(false);
  });

  it('names the file, line and field, and maps every error to exit code 2', () => {
    expect(samples.InputError.message).toBe("a.md:3: front matter 'acl': must be a list");
    expect(samples.ConflictError.toJSON()).toMatchObject({ code: 'conflict', expected_version: 1, actual_version: 2 });
    expect(samples.ProviderCallError.toJSON()).toMatchObject({
      code: 'provider',
      status_code: 500,
      is_retryable: true,
    });
    for (const error of [...Object.values(samples), new Error('bug')]) expect(exitCodeFor(error)).toBe(2);
    expect(Object.values(samples).every((error) => SeamError.isInstance(error))).toBe(true);
  });
});
