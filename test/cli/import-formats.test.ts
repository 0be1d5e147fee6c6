import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seam } from '../helpers/cli.js';
import { helpPage } from '../helpers/help-site.js';
import { makeDocx, makePdf } from '../helpers/office-files.js';
import { tempDir } from '../helpers/temp.js';

const root = tempDir('seam-import-formats-');

describe('kb import reads the formats teams keep documents in, and names every file it skips', () => {
  it('imports .md .txt .html .pdf .docx; reports the .png, the .json and the hidden folder with why', async () => {
    const kb = join(root, 'kb');
    mkdirSync(join(kb, '.git'), { recursive: true });
    writeFileSync(join(kb, 'refunds.md'), '# Refunds\n\nWithin 30 days.\n');
    writeFileSync(join(kb, 'hours.txt'), 'Opening hours\n\nChat is open from 8:00 to 20:00.\n');
    writeFileSync(
      join(kb, 'shipping.html'),
      helpPage({ path: '/shipping', title: 'Shipping', paragraphs: ['Standard shipping takes three to five days.'] }),
    );
    writeFileSync(join(kb, 'rates.pdf'), makePdf({ title: 'Rates', pages: [['Express shipping costs 12 EUR.']] }));
    writeFileSync(
      join(kb, 'warranty.docx'),
      await makeDocx({ paragraphs: [{ heading: 1, text: 'Warranty' }, { runs: [{ text: 'Two years on devices.' }] }] }),
    );
    writeFileSync(join(kb, 'logo.png'), 'png');
    writeFileSync(join(kb, 'export.json'), '{}');
    writeFileSync(join(kb, '.git', 'HEAD'), 'ref');

    const db = join(root, 'formats.db');
    const result = await seam(['kb', 'import', kb], { db });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('5 created');
    expect(result.stderr).toMatch(/kb\/\.git: skipped: a hidden folder/);
    expect(result.stderr).toMatch(/kb\/export\.json: skipped: \.json files are not a format Seam imports/);
    expect(result.stderr).toMatch(/kb\/logo\.png: skipped: \.png files are not a format Seam imports/);

    const search = await seam(['kb', 'search', 'express shipping costs', '--json'], { db });
    expect((search.json() as { hits: { id: string }[] }).hits[0]?.id).toBe('rates');
    const shown = await seam(['kb', 'show', 'shipping', '--json'], { db });
    expect(shown.json()).toMatchObject({ title: 'Shipping', body: expect.stringContaining('three to five days') });
    expect((shown.json() as { body: string }).body).not.toContain('cookies');
    const word = await seam(['kb', 'show', 'warranty', '--json'], { db });
    expect(word.json()).toMatchObject({ title: 'Warranty', body: '# Warranty\n\nTwo years on devices.' });
  });
});
