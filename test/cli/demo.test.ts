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
  it('walks through search, edit, history, revert, permissions and a scheduled change, and can run again', async () => {
    const db = join(root, 'demo.db');
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
      expect(out).toMatch(/as bea \(roles: billing, support\)[^\n]*\n\s+1\. billing\/chargebacks v1/);
      expect(out).toMatch(/shipping-policy v1 [^\n]*\n\s+Standard shipping .* costs \$5\.95/);
      expect(out).toMatch(
        /in effect 2026-12-01\n\s+1\. shipping-policy v2 [^\n]*\n\s+Standard shipping .* costs \$6\.95/,
      );
    }
    expect(existsSync(join(root, 'demo-kb', 'policies', 'refunds.md'))).toBe(true);
  });

  it('runs as the real `seam` binary (npm start) against the default store in the current folder', async () => {
    const cwd = tempDir('seam-start-');
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'demo'], {
      cwd,
      env: { ...process.env, SEAM_DB: '' },
    });
    expect(stdout).toContain('Seam demo');
    expect(existsSync(join(cwd, '.seam', 'seam.db'))).toBe(true);
    const help = await promisify(execFile)(process.execPath, [bin, '--help'], { cwd });
    expect(help.stdout).toContain('Exit codes: 0 success');
  });
});
