import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { type ServerFixture, startFixtureServer } from '../server/fixture.js';

/** Debian's Chromium, driven by playwright-core; the browser tests skip, saying so, without it. */
export const chromiumPath = '/usr/bin/chromium';
export const chromiumAvailable = existsSync(chromiumPath);
if (!chromiumAvailable) {
  console.warn(`skipping the console's browser tests: ${chromiumPath} is absent (apt-get install -y chromium)`);
}

/**
 * Where screenshots go: `docs/` with SEAM_UPDATE_SCREENSHOTS=1 (they hold dates and times, so a plain test
 * run writes them to a temporary folder instead of changing the tracked files).
 */
export function screenshotFolder(): string {
  const folder = process.env.SEAM_UPDATE_SCREENSHOTS
    ? fileURLToPath(new URL('../../docs/', import.meta.url))
    : `${mkdtempSync(join(tmpdir(), 'seam-screenshots-'))}/`;
  mkdirSync(folder, { recursive: true });
  return folder;
}

/** What every console story file starts from. */
export interface ConsoleStories {
  fixture: ServerFixture;
  /** Where screenshots go (see `screenshotFolder`), ending in `/`. */
  docs: string;
  /** The file's Chromium: launched before its first test, closed after its last. */
  browser: () => Browser;
  /** A new browser context signed in as a fixture principal, on the documents page. */
  signedIn: (
    name: keyof ServerFixture['tokens'],
    viewport?: { width: number; height: number },
  ) => Promise<{ context: BrowserContext; page: Page }>;
}

/** A fixture server, a screenshot folder and one Chromium for the stories of one test file. */
export async function consoleStories(): Promise<ConsoleStories> {
  const fixture = await startFixtureServer();
  let running: Browser | undefined;
  beforeAll(async () => {
    running = await launchChromium();
  });
  afterAll(async () => {
    await running?.close();
  });
  const browser = () => {
    if (!running) throw new Error('Chromium is not running: a story ran before beforeAll launched it');
    return running;
  };
  return {
    fixture,
    docs: screenshotFolder(),
    browser,
    signedIn: (name, viewport) => signedIn(browser(), fixture, name, viewport),
  };
}

function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A new browser context signed in to the console as a fixture principal, on the documents page. */
async function signedIn(
  browser: Browser,
  fixture: ServerFixture,
  name: keyof ServerFixture['tokens'],
  viewport = { width: 1280, height: 860 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${fixture.url}/sign-in`);
  await page.fill('#token', fixture.tokens[name]);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/documents$/);
  expect(await page.textContent('[data-testid=principal]')).toBe(name);
  return { context, page };
}

/** How far the page is wider than the window (0: no horizontal scrolling). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}
