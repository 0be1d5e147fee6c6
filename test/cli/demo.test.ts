import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { seam } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const root = tempDir('seam-demo-');
const bin = join(import.meta.dirname, '..', '..', 'bin', 'seam.js');

describe('seam demo', () => {
  it('walks through search, edit, history, revert, permissions, a scheduled change and answers, and can run again', async () => {
    const db = join(root, 'demo', 'seam.db');
    for (const run of [1, 2]) {
      const result = await seam(['demo'], { db, cwd: root });
      expect(result.code, result.stderr).toBe(0);
      const out = result.stdout;
      // The refund window: 14 days, then the edit to 21 is visible at once, then the revert brings 14 back.
      const windows = [...out.matchAll(/refund-policy v(\d+) .*\n\s+Customers can return .* within (\d+) days/g)].map(
        (match) => [Number(match[1]), Number(match[2])],
      );
      expect(windows, `run ${run}`).toEqual([
        [2, 14],
        [3, 21],
        [4, 14],
      ]);
      expect(out).toContain('v3       2026-11-25 12:00  maria');
      expect(out).toMatch(/-Customers can return .* within 14 days/);
      expect(out).toMatch(/\+Customers can return .* within 21 days/);
      expect(out).toContain('no documents in effect on 2026-11-25 match "chargeback dispute" as sam');
      expect(out).toMatch(/as bea \(roles: [^)]*billing[^)]*\)[^\n]*\n\s+1\. billing\/chargebacks v1/);
      expect(out).toMatch(/shipping-policy v1 [^\n]*\n\s+Standard shipping .* costs \$5\.95/);
      expect(out).toMatch(
        /in effect 2026-12-01\n\s+1\. shipping-policy v2 [^\n]*\n\s+Standard shipping .* costs \$6\.95/,
      );
      // Answers: the window before and after the policy owner's edit, each cited to its version.
      const answers = [
        ...out.matchAll(
          /return a bag\?"[^\n]*\n1\. You can return .* within (\d+) days[\s\S]*?Sources\n\s+refund-policy v(\d+)/g,
        ),
      ].map((match) => [Number(match[2]), Number(match[1])]);
      expect(answers, `run ${run}`).toEqual([
        [4, 14],
        [5, 30],
      ]);
      // Each customer's order comes from their own rows, whatever order id the question names.
      expect(out).toMatch(/--as cust-ana[^\n]*\n1\. Your order TW-1042 \(Daily Grind/);
      expect(out).toMatch(/"Where is my order TW-1042\?" --as cust-ben[^\n]*\n1\. Your order TW-2077 \(Tidewater Home/);
      expect(out).toMatch(/--as sam[^\n]*\nThe policy doesn't cover that\./);
      expect(out).toMatch(
        /--as bea[^\n]*\n1\. Do not refund an order that has an open chargeback[\s\S]*billing\/chargebacks v1/,
      );
      expect(out).toMatch(
        /"Do you sell tea\?"[^\n]*\nThe policy doesn't cover that\.[\s\S]*handoff to tidewater-support/,
      );
      // Agent steps reach sam (agent role), never a customer; "ship" is not a question about Ana's order.
      expect(out).toMatch(/"How do I issue a refund\?" --as sam[^\n]*\n[\s\S]*?Orders → Order details → Refund/);
      const customerRefund = out.split('"How do I issue a refund?" --as cust-ana')[1]?.split('$ seam')[0] ?? '';
      expect(customerRefund).not.toContain('Orders → Order details → Refund');
      expect(customerRefund).not.toContain('Confirm the order number');
      expect(out).toMatch(/"Do you ship to Canada\?"[^\n]*\nThe policy doesn't cover that\.[^$]*?"canada"/);
      const canada = out.split('"Do you ship to Canada?"')[1] ?? '';
      expect(canada).not.toContain('TW-1042');
    }
    for (const file of ['kb/policies/refunds.md', 'state.db', 'seam.config.json', 'transcripts.jsonl'])
      expect(existsSync(join(root, 'demo', file)), file).toBe(true);
  });

  it('runs as the real `seam` binary (npm start) in its own store, whatever $SEAM_DB says', async () => {
    const cwd = tempDir('seam-start-');
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'demo', '--seed-only'], {
      cwd,
      env: { ...process.env, SEAM_DB: join(cwd, 'mine.db') },
    });
    expect(stdout).toContain('seeded 5 demo documents');
    expect(existsSync(join(cwd, '.seam', 'demo', 'seam.db'))).toBe(true);
    expect(existsSync(join(cwd, '.seam', 'seam.db'))).toBe(false);
    expect(existsSync(join(cwd, 'mine.db'))).toBe(false);
    const help = await promisify(execFile)(process.execPath, [bin, '--help'], { cwd });
    expect(help.stdout).toContain('Exit codes: 0 success');
  });
});
