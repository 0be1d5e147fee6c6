import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';

const repositoryNpmrc = join(import.meta.dirname, '..', '..', '.npmrc');

/**
 * `npm install` in a project with one local dependency whose install script prints a line, as
 * better-sqlite3's compile does: is that line shown while npm runs? Offline, in a temporary folder.
 */
async function installOutput(options: { withRepositoryNpmrc: boolean }): Promise<string> {
  const root = tempDir('seam-npm-');
  mkdirSync(join(root, 'slow-native'));
  writeFileSync(
    join(root, 'slow-native', 'package.json'),
    JSON.stringify({
      name: 'slow-native',
      version: '1.0.0',
      // Built at run time, so npm's own messages (which quote the script) cannot contain the line.
      scripts: { install: "node -e \"console.log(['compiling', 'slow-native'].join(' '))\"" },
    }),
  );
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ name: 'consumer', version: '1.0.0', dependencies: { 'slow-native': 'file:./slow-native' } }),
  );
  if (options.withRepositoryNpmrc) copyFileSync(repositoryNpmrc, join(root, '.npmrc'));
  const { stdout, stderr } = await promisify(execFile)(
    'npm',
    ['install', '--offline', '--no-audit', '--no-fund', '--install-links=false'],
    { cwd: root, env: { ...cleanEnvironment(), npm_config_cache: join(root, '.npm-cache') }, timeout: 60_000 },
  );
  return stdout + stderr;
}

/** The environment without the npm_config_* variables `npm test` and `npx` pass down from this repository. */
function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
}

describe('npm install is not silent while a dependency compiles', () => {
  it("shows a dependency's install script output with the repository's .npmrc, and not without it", async () => {
    expect(await installOutput({ withRepositoryNpmrc: true })).toContain('compiling slow-native');
    expect(await installOutput({ withRepositoryNpmrc: false })).not.toContain('compiling slow-native');
  }, 120_000);
});
