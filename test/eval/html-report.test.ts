import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/behavior-config.js';
import { defaultEvalConfig } from '../../src/eval/eval-config.js';
import { generateProbes } from '../../src/eval/probes/generate.js';
import { renderEvalHtml } from '../../src/eval/report-html.js';
import { runEval } from '../../src/eval/run-eval.js';
import { createValueDetector } from '../../src/values/index.js';
import { now, type TestKb } from '../ask/helpers/kb.js';
import { tempDir } from '../helpers/temp.js';
import { configFile, makeEvalKb } from './helpers/eval-kb.js';

const chromium = '/usr/bin/chromium';

describe.skipIf(!existsSync(chromium))('the HTML report in a real browser (skipped: no /usr/bin/chromium)', () => {
  let kb: TestKb & { editPolicy: () => Promise<number> };
  const dir = tempDir('seam-eval-html-');
  const file = join(dir, 'report.html');
  beforeAll(async () => {
    kb = await makeEvalKb();
    await kb.editPolicy();
    const probes = await generateProbes({
      store: kb.store,
      kinds: ['currency', 'permission'],
      detector: createValueDetector(),
      at: now().toISOString(),
    });
    const report = await runEval({
      store: kb.store,
      cases: [
        ...probes.cases,
        { id: 'xss', kind: 'custom', question: '<img src=x onerror=alert(1)> refund window?', expect: {} },
      ],
      configs: [defaultEvalConfig(defaultConfig()), configFile(dir, 'frozen', { frozen_at: '2025-06-01' }).config],
      env: {},
      now,
    });
    writeFileSync(file, renderEvalHtml(report, { generatedAt: now().toISOString() }));
  });
  afterAll(() => kb.store.close());

  it('renders the matrix and the drill-down with no request beyond the file itself', async () => {
    const { chromium: browserType } = await import('playwright-core');
    const browser = await browserType.launch({ executablePath: chromium, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      const requested: string[] = [];
      page.on('request', (request) => requested.push(request.url()));
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.goto(pathToFileURL(file).href);
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, as a reader sees the table
      const matrix = await page.locator('table.matrix').innerText();
      expect(matrix).toMatch(/currency\s+1\/1 100%\s+0\/1 0%/);
      // Failing cases open first; the answer, its reasons and citations are in the drill-down.
      const first = page.locator('details').first();
      expect(await first.getAttribute('open')).toBe('');
      expect(await first.textContent()).toContain('does not state "14 days"');
      expect(await page.locator('details', { hasText: 'refund-policy@2' }).count()).toBeGreaterThan(0);
      expect(await page.locator('img').count()).toBe(0);
      expect(dialogs).toEqual([]);
      expect(requested).toEqual([pathToFileURL(file).href]);
      expect(readFileSync(file, 'utf8')).toContain('&#60;img src=x onerror=alert(1)&#62;');
    } finally {
      await browser.close();
    }
  });
});
