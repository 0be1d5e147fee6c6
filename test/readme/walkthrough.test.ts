import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';
import { readBlocks, readPage, walkPage } from './markdown-walkthrough.js';

const repository = join(import.meta.dirname, '..', '..');

describe('the README, run as written', () => {
  const page = join(repository, 'README.md');

  it('has command blocks and shows outputs to check', () => {
    const blocks = readBlocks(readPage(page).markdown);
    expect(blocks.length).toBeGreaterThan(10);
    expect(blocks.filter((block) => block.expect.length > 0).length).toBeGreaterThan(4);
  });

  it('every command succeeds (or fails where the README says so) and prints what the README shows', async () => {
    const walk = await walkPage({ repository, page, scratch: tempDir('seam-walkthrough-') });
    expect(walk.problems, `each block's output is in ${walk.transcript}`).toEqual([]);
  }, 600_000);
});
