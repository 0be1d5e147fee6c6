import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';
import { readBlocks, readPage, walkPage } from './markdown-walkthrough.js';

const repository = join(import.meta.dirname, '..', '..');
const blocksOf = (page: string) => readBlocks(readPage(join(repository, page)).markdown);

/** The docs pages with commands to run. */
const docs = readdirSync(join(repository, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .sort()
  .map((name) => `docs/${name}`)
  .filter((page) => blocksOf(page).length > 0);

// Each page runs in a fresh folder of its own, at the same time as the others: the README's commands run one
// after another, so the docs pages use the other core meanwhile.
describe.concurrent('the README and every docs page, run as written', () => {
  it('the README has command blocks and shows outputs to check, and the docs pages have commands', () => {
    const readme = blocksOf('README.md');
    expect(readme.length).toBeGreaterThan(10);
    expect(readme.filter((block) => block.expect.length > 0).length).toBeGreaterThan(4);
    expect(docs).toEqual(expect.arrayContaining(['docs/forget.md', 'docs/knowledge-base.md', 'docs/serve.md']));
  });

  for (const page of ['README.md', ...docs]) {
    const scratch = tempDir('seam-walkthrough-');
    it(`${page}: every command succeeds (or fails where it says so) and prints what it shows`, async () => {
      const walk = await walkPage({ repository, page: join(repository, page), scratch });
      expect(walk.problems, `each block's output is in ${walk.transcript}`).toEqual([]);
    }, 600_000);
  }
});
