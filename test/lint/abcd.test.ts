import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import { lintDataset } from '../../src/lint/lint.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { abcdAvailable, abcdDir, abcdTestSet, loadAbcdStore } from '../fixtures/abcd.js';
import { lintQuality } from '../fixtures/lint-quality.js';
import { tempDir } from '../helpers/temp.js';

describe.skipIf(!abcdAvailable)(`seam lint on ABCD-derived data (skipped when ${abcdDir} is absent)`, () => {
  it('finds frozen and superseded policy values, customer data and order ids, and leaves grounded targets alone', async () => {
    const dir = tempDir('seam-abcd-');
    const store = openSqliteStore({ path: join(dir, 'abcd.db') });
    await loadAbcdStore(store);
    const set = abcdTestSet();
    const path = join(dir, 'abcd.jsonl');
    writeFileSync(path, `${set.lines.join('\n')}\n`);
    const result = await lintDataset({ path, store, reader: operator, jobs: 0 });
    await store.close();

    const quality = lintQuality(set, result.findings);
    console.table(quality.kinds);
    const recall = Object.fromEntries(quality.kinds.map((entry) => [entry.kind, entry.recall]));
    // Every policy value, order id and grounded value is found; names without a cue can be missed.
    for (const kind of ['frozen_fact', 'superseded_fact', 'business_state', 'grounded'])
      expect(recall[kind], kind).toBe(1);
    expect(recall.private_data).toBeGreaterThanOrEqual(0.85);
    expect(quality.misses.every((miss) => miss.kind === 'private_data')).toBe(true);
    // No false error, and at most one false warning (today "annual subscription", read as a plan name the store
    // does not state): fewer is better, more fails.
    expect(quality.falseAlarms.filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(quality.falseAlarms.length).toBeLessThanOrEqual(1);
    const superseded = result.findings.find(
      (finding) => finding.kind === 'superseded_fact' && finding.value === '90 days',
    );
    expect(superseded?.source).toEqual({ id: 'product-defect', version: 1 });
    expect(superseded?.now).toContain('60 days');
  });
});
