import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import { parseDocumentText } from '../../src/documents/parse-document.js';
import { chromiumAvailable, consoleStories, horizontalOverflow } from './chromium.js';

describe.skipIf(!chromiumAvailable)('the web console in Chromium', { timeout: 120_000 }, async () => {
  const { fixture, docs, browser, signedIn } = await consoleStories();

  it('signs in from a link, and the session cookie is HttpOnly and SameSite=Strict', async () => {
    const context = await browser().newContext();
    const page = await context.newPage();
    await page.goto(`${fixture.url}/sign-in#token=${fixture.tokens.ada}`);
    await page.waitForURL(/\/documents$/);
    expect(page.url()).not.toContain('token');
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'seam_session', httpOnly: true, sameSite: 'Strict' });
    expect(cookie?.value).not.toContain(fixture.tokens.ada.slice(13));
    await context.close();
  });

  it('an edit to the refund window in the console is what the next POST /v1/ask states and cites', async () => {
    const { context, page } = await signedIn('eve');
    await page.goto(`${fixture.url}/document?id=refund-policy`);
    await page.click('text=Edit');
    expect(await page.textContent('[data-testid=base-version]')).toBe('version 2');
    const markdown = await page.inputValue('textarea[name=body]');
    await page.fill('textarea[name=body]', markdown.replace('within 14 days', 'within 21 days'));
    await page.fill('input[name=message]', 'window is now 21 days');
    await page.click('button[value=preview]');
    expect(await page.textContent('[data-testid=preview]')).toContain('within 21 days');
    await page.click('button[value=save]');
    await page.waitForURL(/\/document\?id=refund-policy/);
    expect(await page.textContent('[data-testid=version]')).toBe('v3');
    expect(await page.textContent('[data-testid=body]')).toContain('within 21 days');
    await page.screenshot({ path: `${docs}console-document.png`, fullPage: true });
    await context.close();

    const response = await fixture.request('/v1/ask', {
      method: 'POST',
      as: 'sam',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: 'How long is the refund window?' }),
    });
    const answer = (await response.json()) as { answer: string; citations: { id: string; version: number }[] };
    expect(answer.answer).toContain('21 days');
    expect(answer.answer).not.toContain('14 days');
    expect(answer.citations).toEqual([expect.objectContaining({ id: 'refund-policy', version: 3 })]);
  });

  it('a support token cannot see the billing playbook anywhere in the console', async () => {
    const { context, page } = await signedIn('sam');
    // The title, the body and (where sam did not type it) the id of the playbook never appear.
    const leaks = /Kestrel|Chargeback playbook|chargeback-playbook/;
    for (const path of ['/documents', '/documents?q=chargeback%20refund%20escalate', '/documents?collection=policy']) {
      await page.goto(`${fixture.url}${path}`);
      expect(await page.content(), path).not.toMatch(leaks);
    }
    const pages = [
      '/document?id=chargeback-playbook',
      '/document?id=chargeback-playbook&version=1',
      '/history?id=chargeback-playbook',
      '/edit?id=chargeback-playbook',
    ];
    for (const path of pages) {
      await page.goto(`${fixture.url}${path}`);
      expect(await page.content(), path).not.toMatch(/Kestrel|Chargeback playbook|escalate/);
    }
    await page.goto(`${fixture.url}/document?id=chargeback-playbook`);
    expect(await page.textContent('[data-testid=error]')).toBe("not found: no document 'chargeback-playbook'");
    await page.goto(`${fixture.url}/ask`);
    await page.fill('input[name=question]', 'How do we handle an open chargeback? Who do we escalate to?');
    await page.click('main button[type=submit]');
    await page.waitForSelector('[data-testid=answer]');
    expect(await page.content()).not.toMatch(leaks);
    await page.goto(`${fixture.url}/view-as`);
    expect(await page.textContent('[data-testid=error]')).toContain("needs the role 'admin'");
    await context.close();
  });

  it('two tabs edit the same document: the second save shows the conflict and loses nothing', async () => {
    const { context, page: first } = await signedIn('eve');
    const second = await context.newPage();
    await first.goto(`${fixture.url}/edit?id=plans`);
    await second.goto(`${fixture.url}/edit?id=plans`);
    const original = await first.inputValue('textarea[name=body]');
    await first.fill('textarea[name=body]', original.replace('$16', '$17'));
    await first.click('button[value=save]');
    await first.waitForURL(/\/document\?id=plans/);

    await second.fill('textarea[name=body]', original.replace('every two weeks', 'every week'));
    await second.click('button[value=save]');
    await second.waitForSelector('[data-testid=conflict]');
    expect(await second.textContent('[data-testid=conflict]')).toMatch(
      /eve saved version 2 after you started from version\s+1/,
    );
    expect(await second.textContent('[data-testid=theirs]')).toContain('$17');
    expect(await second.textContent('[data-testid=yours]')).toContain('every week');
    expect(await second.textContent('[data-testid=base-version]')).toBe('version 2');
    expect(await horizontalOverflow(second)).toBe(0);
    await second.screenshot({ path: `${docs}console-conflict.png`, fullPage: true });
    expect(existsSync(`${docs}console-conflict.png`)).toBe(true);

    // Merge both changes and save: based on version 2 now, it goes through as version 3.
    const merged = (await second.inputValue('textarea[name=body]')).replace('$16', '$17');
    await second.fill('textarea[name=body]', merged);
    await second.click('button[value=save]');
    await second.waitForURL(/\/document\?id=plans/);
    const body = await second.textContent('[data-testid=body]');
    expect(body).toContain('$17');
    expect(body).toContain('every week');
    expect(await second.textContent('[data-testid=version]')).toBe('v3');
    await context.close();
  });

  it('an admin forgets a subject on the Forget page: dry run, confirm, and the new receipt is listed', async () => {
    const value = 'juno.farrell@example.com';
    const document = `---\nid: notes-j4\ntitle: Notes\ncollection: policy\nsubjects: [j4]\n---\n# Notes\n\nFrom ${value}.\n`;
    await fixture.store.put(parseDocumentText(document, { file: 'forget.md', fallbackId: 'forget' }), {
      reader: operator,
      author: 'dana',
    });
    const { context, page } = await signedIn('ada');
    await page.click('header >> text=Forget');
    await page.waitForURL(/\/forget$/);
    const listed = async () => page.locator('[data-testid=receipts] tr[data-receipt]').count();
    const before = await listed();
    await page.fill('input[name=subject]', 'j4');
    await page.fill('textarea[name=values]', value);
    await page.click('main button[type=submit]');
    await page.waitForSelector('[data-testid=confirm]');
    const dry = await page.textContent('[data-testid=receipt]');
    expect(dry).toContain('DRY RUN');
    expect(dry).toContain('notes-j4');
    expect(await listed()).toBe(before);
    expect(await fixture.store.get('notes-j4', { reader: operator })).toBeDefined();

    page.once('dialog', (dialog) => dialog.accept());
    await page.click('[data-testid=confirm]');
    await page.waitForSelector('[data-testid=receipt] >> text=/residual: 0/');
    expect(await page.locator('[data-testid=confirm]').count()).toBe(0);
    const id = (await page.textContent('[data-testid=receipt]'))?.match(/forget receipt (\S+),/)?.[1];
    expect(id).toBeDefined();
    expect(await listed()).toBe(before + 1);
    const newest = page.locator('[data-testid=receipts] tr[data-receipt]').first();
    expect(await newest.getAttribute('data-receipt')).toBe(id);
    // Deleted 1, redacted 0, datasets 0, models 0, residual 0; the listing names neither subject nor value.
    expect((await newest.locator('td').allTextContents()).slice(2)).toEqual(['1', '0', '0', '0', '0']);
    expect(await page.textContent('[data-testid=receipts]')).not.toMatch(/j4|juno/);
    expect(await fixture.store.get('notes-j4', { reader: operator })).toBeUndefined();
    await context.close();
  });
});
