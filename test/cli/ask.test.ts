import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AskResult } from '../../src/ask/ask-result.js';
import { seam } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const root = tempDir('seam-cli-ask-');
const db = join(root, 'seam.db');
const config = join(root, 'seam.config.json');
const ask = (question: string, ...args: string[]) => seam(['ask', question, ...args], { db, cwd: root });
const askJson = async (question: string, ...args: string[]) => {
  const result = await ask(question, ...args, '--json');
  expect(result.code, result.stderr).toBe(0);
  return result.json() as AskResult;
};

describe('seam ask', () => {
  beforeAll(async () => {
    const seeded = await seam(['demo', '--seed-only'], { db, cwd: root });
    expect(seeded.code, seeded.stderr).toBe(0);
  });

  it('answers in the house format with sources and a trace line', async () => {
    const result = await ask('How long do I have to return a bag?', '--as', 'cust-ana', '--config', config);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^1\. You can return unopened bags and equipment within 14 days of delivery/);
    expect(result.stdout).toMatch(
      /Sources\n {2}refund-policy v2 {2}Refunds and returns {2}\(in effect from 2026-05-01\)/,
    );
    expect(result.stdout).toMatch(
      /trace: as cust-ana \[customer\] · \d+ hits \(\d used\) · connectors: orders skipped · extractive/,
    );
  });

  it('prints the JSON contract: answer, citations, refused, grounded, trace', async () => {
    const result = await askJson('What is the refund window?', '--as', 'cust-ana', '--config', config);
    expect(Object.keys(result)).toEqual(
      expect.arrayContaining(['answer', 'citations', 'refused', 'grounded', 'trace', 'state_used', 'handoff']),
    );
    expect(result.citations[0]).toEqual({
      id: 'refund-policy',
      version: 2,
      title: 'Refunds and returns',
      effective_from: '2026-05-01',
    });
    expect(result).toMatchObject({ refused: false, grounded: true, handoff: null });
    expect(result.trace.permissions[0]).toMatchObject({ subject: 'documents', decision: 'filter' });
    expect(result.trace.timings.total).toBeGreaterThan(0);
  });

  it('shows an edit in the next answer, with the new version cited', async () => {
    const file = join(root, 'kb', 'policies', 'refunds.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('within 14 days', 'within 45 days'));
    expect((await seam(['kb', 'put', file], { db, cwd: root })).code).toBe(0);
    const result = await askJson('How long do I have to return a bag?', '--as', 'cust-ana', '--config', config);
    expect(result.answer).toContain('within 45 days');
    expect(result.citations.map((citation) => `${citation.id} v${citation.version}`)).toEqual(['refund-policy v3']);
  });

  it("gives each customer their own order, from the demo's accounts database", async () => {
    const ana = await askJson('Where is my order?', '--as', 'cust-ana', '--config', config);
    const ben = await askJson('Where is my order TW-1042?', '--as', 'cust-ben', '--config', config);
    expect(ana.answer).toContain('TW-1042');
    expect(ben.answer).toContain('TW-2077');
    expect(JSON.stringify(ben)).not.toContain('Daily Grind, one 340 g bag');
    expect(ana.state_used[0]?.records).toHaveLength(1);
    expect(ben.trace.connectors[0]).toMatchObject({
      name: 'orders',
      status: 'ok',
      detail: 'bound to principal cust-ben',
    });
  });

  it('withholds the billing playbook from sam and answers bea', async () => {
    const sam = await askJson('How do we handle a chargeback?', '--as', 'sam', '--config', config);
    const bea = await askJson('How do we handle a chargeback?', '--as', 'bea', '--config', config);
    expect(sam.refused).toBe(true);
    expect(JSON.stringify(sam)).not.toContain('billing/chargebacks');
    expect(bea.citations.map((citation) => citation.id)).toEqual(['billing/chargebacks']);
  });

  it('declines an off-topic question with exit 0 and a typed handoff', async () => {
    const result = await ask('Do you sell tea?', '--as', 'cust-ana', '--config', config);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("The policy doesn't cover that.");
    expect(result.stdout).toContain('handoff to tidewater-support (no_coverage)');
  });

  it('reads seam.config.json from the current folder when --config is not given', async () => {
    const project = tempDir('seam-cli-project-');
    writeFileSync(join(project, 'seam.config.json'), JSON.stringify({ format: 'short_prose' }));
    const result = await seam(['ask', 'How do I issue a refund?', '--as', 'sam', '--json'], { db, cwd: project });
    const answer = (result.json() as AskResult).answer;
    expect(answer).not.toMatch(/^1\./);
    expect(answer).toContain('Issue the refund from the Orders page');
  });

  it('exits 2 on a bad config, naming the file, line and field', async () => {
    const bad = join(root, 'bad.config.json');
    writeFileSync(bad, '{\n  "grounding": "remove",\n  "format": { "type": "numbered_list", "max_items": 0 }\n}\n');
    const result = await ask('refund window', '--config', bad);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bad.config.json:3: format.max_items:');
    const json = await ask('refund window', '--config', bad, '--json');
    expect(json.json()).toMatchObject({ error: { code: 'input', line: 3, field: 'format.max_items' } });
    expect((await ask('refund window', '--config', join(root, 'missing.json'))).code).toBe(2);
  });

  it('has help with examples', async () => {
    const result = await seam(['ask', '--help'], { db, cwd: root });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Examples:');
    expect(result.stdout).toContain('seam ask "Where is my order?" --as cust-ana');
  });
});
