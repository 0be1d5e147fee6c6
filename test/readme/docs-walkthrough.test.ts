import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';
import { readBlocks, readPage, walkPage } from './markdown-walkthrough.js';

const repository = join(import.meta.dirname, '..', '..');
const docs = join(repository, 'docs');

/** The pages under docs/ with commands to run: each runs in a folder of its own, beside the others. */
const pages = readdirSync(docs)
  .filter((name) => name.endsWith('.md'))
  .sort()
  .filter((name) => readBlocks(readPage(join(docs, name)).markdown).length > 0);

describe.concurrent('the docs pages, each run as written in a fresh folder', () => {
  it('finds the pages with commands', () => {
    expect(pages).toEqual(expect.arrayContaining(['forget.md', 'knowledge-base.md', 'lint.md', 'serve.md']));
  });

  for (const name of pages) {
    const scratch = tempDir('seam-docs-walkthrough-');
    it(`docs/${name}: every command succeeds (or fails where it says so) and prints what it shows`, async () => {
      const walk = await walkPage({ repository, page: join(docs, name), scratch });
      expect(walk.problems, `each block's output is in ${walk.transcript}`).toEqual([]);
    }, 600_000);
  }
});
