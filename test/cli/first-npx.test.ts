import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';

const root = join(import.meta.dirname, '..', '..');
const model = join(root, 'dist', 'diagnose', 'model.json');

/** The environment without the npm_config_* variables `npm test` passes down, with its own npm cache. */
function freshNpxEnvironment(): NodeJS.ProcessEnv {
  const environment = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  return { ...environment, npm_config_cache: tempDir('seam-npx-cache-') };
}

describe('the first npx seam after npm install', () => {
  it('runs prepare again (npx installs the project into its cache) but does not retrain the diagnose model', async () => {
    const before = statSync(model).mtimeMs;
    const { stdout, stderr } = await promisify(execFile)('npx', ['--offline', 'seam', '--version'], {
      cwd: root,
      env: freshNpxEnvironment(),
      timeout: 240_000,
    });
    expect(stdout).toMatch(/^\d+\.\d+\.\d+$/m);
    expect(stdout + stderr).toContain('diagnose model: up to date');
    expect(statSync(model).mtimeMs).toBe(before);
  }, 300_000);

  it('retrains when the build key no longer matches (the skip is not unconditional)', async () => {
    // The key is what decides; a key of another build must not be taken for this one.
    const { buildKeyMatches } = await import('../../dist/diagnose/build-key.js');
    expect(buildKeyMatches('not-this-build')).toBe(false);
    expect(buildKeyMatches()).toBe(true);
  });
});
