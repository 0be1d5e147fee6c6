import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';
import { failureAllowed, missingLines, readBlocks, readPage, runBlocks, userFolder } from './markdown-walkthrough.js';

const repository = join(import.meta.dirname, '..', '..');

/** The environment a user's shell has: none of the npm_* variables `npm test` sets, no SEAM_DB. */
function userEnvironment(): NodeJS.ProcessEnv {
  const environment = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && !/^SEAM_/.test(name)),
  );
  return { ...environment, npm_config_cache: tempDir('seam-walkthrough-npm-'), npm_config_offline: 'true' };
}

describe('the README, run as written', () => {
  const page = readPage(join(repository, 'README.md'));
  const blocks = readBlocks(page.markdown);

  it('has command blocks and shows outputs to check', () => {
    expect(blocks.length).toBeGreaterThan(10);
    expect(blocks.filter((block) => block.expect.length > 0).length).toBeGreaterThan(4);
  });

  it('every command succeeds (or fails where the README says so) and prints what the README shows', async () => {
    const folder = tempDir('seam-walkthrough-');
    userFolder(folder, repository);
    const runs = await runBlocks(blocks, { cwd: folder, env: userEnvironment() });
    expect(runs.length).toBe(blocks.length);
    const problems: string[] = [];
    for (const run of runs) {
      for (const failure of run.failures) {
        if (!failureAllowed(page.lines, failure)) {
          problems.push(`README.md:${failure.line}: exited ${failure.status}`);
        }
      }
      const missing = missingLines(run.output, run.block.expect);
      if (missing.length > 0) {
        problems.push(`README.md:${run.block.line}: output lacks ${JSON.stringify(missing)}`);
      }
    }
    const transcript = join(folder, 'walkthrough.log');
    writeFileSync(transcript, runs.map((run) => `### README.md:${run.block.line}\n${run.output}`).join('\n'));
    expect(problems, `each block's output is in ${transcript}`).toEqual([]);
  }, 600_000);
});
