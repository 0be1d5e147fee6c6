import { linkSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { seam } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const dir = tempDir('seam-lint-cli-');
const db = join(dir, 'kb.db');
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const chat = (user: string, assistant: string) =>
  JSON.stringify({
    messages: [
      { role: 'user', content: user },
      { role: 'assistant', content: assistant },
    ],
  });

describe('seam lint on the command line', () => {
  beforeAll(async () => {
    file(
      'refunds.md',
      '---\nid: refund-policy\ntitle: Refunds\n---\n## Window\n\nReturns are accepted within 14 days of delivery.\n',
    );
    expect((await seam(['kb', 'put', join(dir, 'refunds.md')], { db })).code).toBe(0);
  });

  it('exits 1 on errors, prints findings grouped by kind with their source, and 0 on a clean file', async () => {
    const dirty = file('dirty.jsonl', `${chat('Window?', 'You can return it within 14 days, Jane Doe.')}\n`);
    const result = await seam(['lint', dirty], { db });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Frozen facts (the knowledge store owns these values today): 1');
    expect(result.stdout).toContain('"14 days" ← refund-policy v1');
    expect(result.stdout).toContain('Private data (cannot be forgotten once trained): 1');
    expect(result.stdout).toMatch(/1 chat examples on 1 lines: 2 errors/);

    const clean = file(
      'clean.jsonl',
      `${chat('Can I return it?', 'Yes, within the current return window. Could you share your order number?')}\n`,
    );
    const ok = await seam(['lint', clean], { db });
    expect(ok.code, ok.stdout).toBe(0);
  });

  it('--fail-on warning turns a time-sensitive value into exit 1', async () => {
    const warning = file('warning.jsonl', `${chat('Price?', 'The upgrade costs $199.')}\n`);
    expect((await seam(['lint', warning], { db })).code).toBe(0);
    expect((await seam(['lint', warning, '--fail-on', 'warning'], { db })).code).toBe(1);
  });

  it('prints the JSON contract', async () => {
    const dirty = file('contract.jsonl', `${chat('Window?', 'Within 14 days.')}\nnot json\n`);
    const result = await seam(['lint', dirty, '--json'], { db });
    const report = result.json() as { summary: Record<string, unknown>; findings: Record<string, unknown>[] };
    expect(report.summary).toMatchObject({
      examples: 1,
      errors: 2,
      warnings: 0,
      by_kind: { frozen_fact: 1, format: 1 },
    });
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        line: 1,
        message: 1,
        kind: 'frozen_fact',
        severity: 'error',
        value: '14 days',
        start: 7,
        end: 14,
        source: { id: 'refund-policy', version: 1 },
      }),
    );
    expect(report.findings).toContainEqual(
      expect.objectContaining({ line: 2, kind: 'format', code: 'invalid_json', severity: 'error' }),
    );
    for (const finding of report.findings) {
      expect(typeof finding.explanation).toBe('string');
      expect(typeof finding.fix).toBe('string');
    }
  });

  it('writes SARIF 2.1.0 to a file', async () => {
    const dirty = file('sarif.jsonl', `${chat('Window?', 'Within 14 days.')}\n`);
    const out = join(dir, 'lint.sarif');
    const result = await seam(['lint', dirty, '--format', 'sarif', '-o', out], { db });
    expect(result.code).toBe(1);
    const sarif = JSON.parse(readFileSync(out, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('seam-lint');
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(['frozen_fact/duration']);
    expect(run.results[0]).toMatchObject({
      ruleId: 'frozen_fact/duration',
      ruleIndex: 0,
      level: 'error',
      locations: [{ physicalLocation: { region: { startLine: 1 } } }],
      properties: { value: '14 days', source: { id: 'refund-policy', version: 1 } },
    });
    expect(run.results[0].locations[0].physicalLocation.artifactLocation.uri).toMatch(/^file:\/\/.*sarif\.jsonl$/);
  });

  it('--fix writes a repaired file that lints clean, and reports what changed', async () => {
    const dirty = file(
      'to-fix.jsonl',
      `${chat('I am Jane Doe, window?', 'Jane Doe, you have 14 days. Order #58812 is eligible.')}\n`,
    );
    const out = join(dir, 'fixed.jsonl');
    const result = await seam(['lint', dirty, '--fix', out], { db });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('errors: 4 before, 0 after');
    expect(result.stderr).toMatch(/billed tokens: [\d,]+ before, [\d,]+ after \([\d.]+×\)/);
    const fixed = JSON.parse(readFileSync(out, 'utf8'));
    expect(fixed.messages.at(-1).content).toBe('{person_1}, you have 14 days. Order #{order_id_1} is eligible.');
    expect((await seam(['lint', out], { db })).code).toBe(0);
    expect(readFileSync(join(dir, 'fixed.changes.jsonl'), 'utf8').trim().split('\n')).toHaveLength(4);
  });

  it('works without a store, and reports a missing file or a bad option with exit 2', async () => {
    const plain = file('plain.jsonl', `${chat('Window?', 'Within 14 days.')}\n`);
    const noStore = await seam(['lint', plain], { db: join(dir, 'absent.db') });
    expect(noStore.code).toBe(0);
    expect(noStore.stderr).toContain('no knowledge store at');
    expect(noStore.stdout).toContain('Time-sensitive values');
    const missing = await seam(['lint', join(dir, 'nope.jsonl')], { db });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.jsonl: no such file');
    const badOption = await seam(['lint', plain, '--format', 'xml'], { db });
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain("argument 'xml' is invalid");
  });

  it('refuses an output that is the input (same path, a symlink or a hard link) with exit 2, and writes nothing', async () => {
    const text = `${chat('I am Jane Doe, window?', 'Jane Doe, you have 14 days.')}\n`;
    const input = file('mine.jsonl', text);
    symlinkSync(input, join(dir, 'mine-link.jsonl'));
    linkSync(input, join(dir, 'mine-hard.jsonl'));
    const attempts = [
      ['lint', input, '-o', input],
      ['lint', input, '--fix', input],
      ['lint', join(dir, 'mine-link.jsonl'), '-o', input],
      ['lint', input, '--fix', join(dir, 'mine-hard.jsonl')],
      ['lint', input, '-o', join(dir, 'out.jsonl'), '--fix', join(dir, 'out.jsonl')],
      ['lint', input, '-o', db],
    ];
    for (const args of attempts) {
      const result = await seam(args, { db });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/also an input of this command|would overwrite the output/);
      expect(readFileSync(input, 'utf8')).toBe(text);
    }
  });
});
