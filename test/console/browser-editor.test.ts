import { describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import { parseDocumentText } from '../../src/documents/parse-document.js';
import { chromiumAvailable, consoleStories } from './chromium.js';

// A policy owner edits in the console (issue 25): a document with a scheduled change, and a new document
// written with the form (readers, dates, tags) instead of YAML.
describe.skipIf(!chromiumAvailable)('the console editor in Chromium', { timeout: 120_000 }, async () => {
  const { fixture, docs, signedIn } = await consoleStories();

  it('fixing today’s version of a document with a scheduled change keeps the change scheduled', async () => {
    const nextYear = `${new Date().getUTCFullYear() + 1}-01-01`;
    const parse = (text: string) => parseDocumentText(text, { file: 'gift-wrap.md', fallbackId: 'gift-wrap' });
    const write = { reader: operator, author: 'dana' };
    await fixture.store.put(
      parse(
        '---\nid: gift-wrap\ntitle: Gift wrap\ncollection: policy\n---\n# Gift wrap\n\nGift wrapping costs $4 per itemm.\n',
      ),
      write,
    );
    await fixture.store.put(
      parse(
        `---\nid: gift-wrap\ntitle: Gift wrap\ncollection: policy\neffective_from: ${nextYear}\n---\n# Gift wrap\n\nGift wrapping costs $5 per item.\n`,
      ),
      { ...write, message: 'new price from next year' },
    );
    const { context, page } = await signedIn('eve');
    await page.goto(`${fixture.url}/document?id=gift-wrap`);
    expect(await page.textContent('[data-testid=served-today]')).toBe('v1');
    await page.click('main a[href^="/edit"]');

    // Asked which version to change, with what is served when.
    await page.waitForSelector('[data-testid=choose]');
    const when = await page.locator('[data-testid=served-when] tr[data-version]').allTextContents();
    expect(when.map((row) => row.replace(/\s+/g, ' ').trim())).toEqual([
      `today until ${nextYear} v1 Gift wrap`,
      `from ${nextYear} v2 Gift wrap scheduled`,
    ]);
    await page.screenshot({ path: `${docs}console-schedule-choice.png`, fullPage: true });
    await page.click('[data-testid=edit-today]');

    // Today's text, served until the scheduled change takes over.
    expect(await page.inputValue('textarea[name=body]')).toContain('$4 per itemm');
    expect(await page.inputValue('input[name=effective_until]')).toBe(nextYear);
    await page.fill('textarea[name=body]', '# Gift wrap\n\nGift wrapping costs **$4 per item**.\n');
    await page.fill('input[name=message]', 'typo');
    await page.click('button[value=preview]');
    expect(await page.innerHTML('[data-testid=preview]')).toContain('<strong>$4 per item</strong>');
    const after = await page.locator('[data-testid=served-after] tr[data-version]').allTextContents();
    expect(after.map((row) => row.replace(/\s+/g, ' ').trim())).toEqual([
      `today until ${nextYear} your change (v3)`,
      `from ${nextYear} v2 Gift wrap scheduled`,
    ]);
    await page.screenshot({ path: `${docs}console-editor.png`, fullPage: true });
    await page.click('button[value=save]');
    await page.waitForURL(/\/document\?id=gift-wrap/);

    // Served today: the fix. Next year: the scheduled version, as before.
    expect(await page.textContent('[data-testid=served-today]')).toBe('v3');
    await page.fill('input[name=on]', `${new Date().getUTCFullYear() + 1}-02-01`);
    await page.click('[data-testid=schedule] button');
    expect(await page.textContent('[data-testid=served-on]')).toBe('v2');
    const ask = async (asOf?: string) => {
      const response = await fixture.request('/v1/ask', {
        method: 'POST',
        as: 'sam',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          question: 'How much does gift wrapping cost?',
          ...(asOf ? { as_of: asOf } : {}),
        }),
      });
      return (await response.json()) as { answer: string; citations: { id: string; version: number }[] };
    };
    const today = await ask();
    expect(today.answer).toContain('$4 per item');
    expect(today.citations).toEqual([expect.objectContaining({ id: 'gift-wrap', version: 3 })]);
    const later = await ask(`${new Date().getUTCFullYear() + 1}-02-01`);
    expect(later.answer).toContain('$5 per item');
    expect(later.citations).toEqual([expect.objectContaining({ id: 'gift-wrap', version: 2 })]);
    await context.close();
  });

  it('a new document from the form: ticked readers, dates and tags, previewed, then saved', async () => {
    const { context, page } = await signedIn('ada');
    await page.click('text=New document');
    await page.fill('input[name=id]', 'fraud-holds');
    await page.fill('input[name=title]', 'Fraud holds');
    await page.check('input[name=readers][value=billing]');
    await page.fill('input[name=effective_from]', '2024-03-01');
    await page.fill('input[name=tags]', 'fraud, holds');
    await page.fill(
      'textarea[name=body]',
      '# Fraud holds\n\nA held order is **released within 48 hours** or refunded.\n',
    );
    await page.click('button[value=preview]');
    expect(await page.innerHTML('[data-testid=preview]')).toContain('<strong>released within 48 hours</strong>');
    expect(await page.isChecked('input[name=readers][value=billing]')).toBe(true);
    await page.click('button[value=save]');
    await page.waitForURL(/\/document\?id=fraud-holds/);
    expect(await page.textContent('[data-testid=version]')).toBe('v1');

    const shown = async (as: 'sam' | 'bea') => fixture.request('/v1/documents/fraud-holds', { as });
    expect((await shown('sam')).status).toBe(404);
    const document = (await (await shown('bea')).json()) as Record<string, unknown>;
    expect(document).toMatchObject({ title: 'Fraud holds', acl: ['billing'], effective_from: '2024-03-01' });
    expect((await fixture.store.get('fraud-holds', { reader: operator }))?.tags).toEqual(['fraud', 'holds']);
    await context.close();
  });
});
