import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import { parseDocumentText } from '../../src/documents/parse-document.js';
import { chromiumAvailable, consoleStories, horizontalOverflow } from './chromium.js';

// The console for people who are not engineers (issue 25): the trace folded, view-as in the answer log,
// destructive buttons that look it, layouts at 1280 and 390 px, errors inside the layout, sign-in links.
describe.skipIf(!chromiumAvailable)('the console pages in Chromium', { timeout: 180_000 }, async () => {
  const { fixture, docs, browser, signedIn } = await consoleStories();

  async function ask(page: Page, question: string): Promise<void> {
    await page.goto(`${fixture.url}/ask`);
    await page.fill('input[name=question]', question);
    await page.click('main button[type=submit]');
    await page.waitForSelector('[data-testid=answer]');
  }

  it('an admin viewing as a customer asks: a readable summary, the trace folded, the log names the admin', async () => {
    const { context, page } = await signedIn('ada');
    await page.goto(`${fixture.url}/view-as`);
    await page.selectOption('select[name=principal]', 'sam');
    await page.click('main button[type=submit]');
    await page.waitForSelector('[data-testid=viewing-as]');
    await ask(page, 'How many days is the refund window?');

    expect(await page.textContent('[data-testid=answer]')).toContain('14 days');
    expect(await page.textContent('[data-testid=passages]')).toMatch(
      /passages? found that they may read, 1 used: refund-policy v2/,
    );
    expect(await page.isVisible('[data-testid=trace-summary]')).toBe(true);
    expect(await page.isVisible('[data-testid=trace]')).toBe(false);
    await page.screenshot({ path: `${docs}console-ask.png`, fullPage: true });
    await page.click('[data-testid=trace-toggle] summary');
    expect(await page.isVisible('[data-testid=trace]')).toBe(true);
    expect(JSON.parse((await page.textContent('[data-testid=trace]')) ?? '')).toMatchObject({
      principal: { id: 'sam', roles: ['support'] },
    });

    await page.goto(`${fixture.url}/answers`);
    const row = page.locator('[data-testid=answers] tr', { hasText: 'How many days is the refund window?' });
    expect((await row.locator('td').nth(1).textContent())?.replace(/\s+/g, ' ').trim()).toBe('ada viewing as sam');
    await context.close();
  });

  it('destructive buttons look destructive: Forget for real and revert, not like a dry run', async () => {
    const value = 'wren.hollis@example.net';
    await fixture.store.put(
      parseDocumentText(`---\nid: notes-w7\ntitle: Notes\nsubjects: [w7]\n---\n# Notes\n\nFrom ${value}.\n`, {
        file: 'notes.md',
        fallbackId: 'notes',
      }),
      { reader: operator, author: 'dana' },
    );
    const { context, page } = await signedIn('ada');
    await page.goto(`${fixture.url}/forget`);
    await page.fill('input[name=subject]', 'w7');
    await page.fill('textarea[name=values]', value);
    await page.click('[data-testid=dry-run]');
    await page.waitForSelector('[data-testid=confirm]');
    // Evaluated in the page (the tests are compiled without the DOM's types).
    const look = (selector: string) =>
      page.evaluate<{ background: string; color: string }>(
        `(() => { const style = getComputedStyle(document.querySelector(${JSON.stringify(selector)}));
          return { background: style.backgroundColor, color: style.color }; })()`,
      );
    const dryRun = await look('[data-testid=dry-run]');
    const forReal = await look('[data-testid=confirm]');
    expect(forReal.background).toBe('rgb(180, 35, 24)');
    expect(dryRun.background).toBe('rgb(255, 255, 255)');
    await page.screenshot({ path: `${docs}console-forget.png`, fullPage: true });
    // Dismissing the confirmation forgets nothing.
    page.once('dialog', (dialog) => dialog.dismiss());
    await page.click('[data-testid=confirm]');
    expect(await fixture.store.get('notes-w7', { reader: operator })).toBeDefined();

    await page.goto(`${fixture.url}/history?id=refund-policy`);
    expect((await look('button[form=revert-1]')).color).toBe('rgb(180, 35, 24)');
    expect((await look('main button[type=submit]:not([form])')).background).not.toBe('rgb(180, 35, 24)');
    await context.close();
  });

  it('holds at 1280 and at 390 px: no sideways scrolling, every column and Sign out reachable', async () => {
    for (const width of [1280, 390]) {
      const { context, page } = await signedIn('ada', { width, height: 900 });
      await ask(page, 'How long is the refund window?');
      expect(await horizontalOverflow(page), `/ask at ${width}`).toBe(0);
      const pages = [
        '/documents',
        '/documents?q=refund+window',
        '/document?id=refund-policy&version=1',
        '/history?id=refund-policy',
        '/edit?id=plans',
        '/answers',
        '/forget',
        '/view-as',
        '/diagnose',
        '/lint',
        '/document?id=no-such-document',
      ];
      for (const path of pages) {
        await page.goto(`${fixture.url}${path}`);
        expect(await horizontalOverflow(page), `${path} at ${width}`).toBe(0);
        const signOut = await page.locator('header button', { hasText: 'Sign out' }).boundingBox();
        expect(signOut && signOut.x >= 0 && signOut.x + signOut.width <= width, `Sign out on ${path} at ${width}`).toBe(
          true,
        );
        for (const box of await page
          .locator('header nav a')
          .evaluateAll((links) => links.map((link) => link.getBoundingClientRect().right))) {
          expect(box, `navigation on ${path} at ${width}`).toBeLessThanOrEqual(width);
        }
      }
      if (width === 390) {
        await page.goto(`${fixture.url}/history?id=refund-policy`);
        await page.screenshot({ path: `${docs}console-phone-history.png`, fullPage: true });
        await page.goto(`${fixture.url}/documents?q=refund+window`);
        await page.screenshot({ path: `${docs}console-phone-search.png`, fullPage: true });
      }

      // The conflict page, with its two long files side by side (one above the other on a phone).
      await page.goto(`${fixture.url}/edit?id=plans`);
      const current = await fixture.store.get('plans', { reader: operator });
      await fixture.store.put(
        parseDocumentText(
          `---\nid: plans\ntitle: Plans (${width})\ncollection: product\n---\n# Plans\n\n${'The Daily Grind plan ships every two weeks, pauses on request, and any change to it made before the cut-off on the 20th of the month applies to the next shipment. '.repeat(3)}\n`,
          { file: 'plans.md', fallbackId: 'plans' },
        ),
        { reader: operator, author: 'bea', message: `saved in between (${current?.version})` },
      );
      await page.fill('textarea[name=body]', '# Plans\n\nThe Daily Grind plan costs $18 per month.\n');
      await page.click('button[value=save]');
      await page.waitForSelector('[data-testid=conflict]');
      expect(await horizontalOverflow(page), `conflict at ${width}`).toBe(0);
      if (width === 390) await page.screenshot({ path: `${docs}console-phone-conflict.png`, fullPage: true });
      await context.close();
    }
  });

  it('an error and a mistyped address keep the navigation, and a sign-in link pasted into a tab already on /sign-in signs in', async () => {
    const { context, page } = await signedIn('sam');
    await page.goto(`${fixture.url}/history?id=chargeback-playbook`);
    expect(await page.textContent('[data-testid=error]')).toBe("not found: no document 'chargeback-playbook'");
    expect(await page.locator('header nav a').allTextContents()).toEqual(['Documents', 'Ask', 'Lint', 'Diagnose']);
    await page.click('header nav >> text=Documents');
    await page.waitForURL(/\/documents$/);
    const missing = await page.goto(`${fixture.url}/polices`);
    expect(missing?.status()).toBe(404);
    expect(await page.textContent('[data-testid=error]')).toBe('not found: there is no page at /polices');
    expect(await page.locator('header nav a').allTextContents()).toEqual(['Documents', 'Ask', 'Lint', 'Diagnose']);
    await context.close();

    const fresh = await browser().newContext();
    const tab = await fresh.newPage();
    await tab.goto(`${fixture.url}/sign-in`);
    // Same page, new fragment: no page load, so the link is read on hashchange.
    await tab.goto(`${fixture.url}/sign-in#token=${fixture.tokens.eve}`);
    await tab.waitForURL(/\/documents$/);
    expect(await tab.textContent('[data-testid=principal]')).toBe('eve');
    expect(tab.url()).not.toContain('token');
    await fresh.close();
  });
});
