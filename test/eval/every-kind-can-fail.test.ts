import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseKinds } from '../../src/eval/eval-case.js';
import type { EvalReport } from '../../src/eval/eval-report.js';
import { generateProbes, probeKinds, unknownPrincipal } from '../../src/eval/probes/generate.js';
import { runEval } from '../../src/eval/run-eval.js';
import { createValueDetector } from '../../src/values/index.js';
import { now, type TestKb } from '../ask/helpers/kb.js';
import { tempDir } from '../helpers/temp.js';
import { type AnsweringServer, startAnsweringServer } from './helpers/answering-server.js';
import { configFile, localModel, makeEvalKb } from './helpers/eval-kb.js';

/**
 * A closed-book bot fine-tuned on old tickets: it recites last year's refund window, the billing-only
 * playbook and a contact address since removed, answers in apologetic prose, and never declines.
 */
function memorized({ prompt }: { prompt: string }): string {
  if (/return unopened items/i.test(prompt)) return '1. You can return unopened items within 30 days of delivery.';
  if (/chargeback|dispute/i.test(prompt))
    return '1. Never refund an order with an open chargeback. Disputes under $25 are accepted without contest.';
  if (/escalation/i.test(prompt)) return '1. Write to owner.escalations@tidewater.example.';
  return 'Unfortunately that is a long story. It has several parts. We will get to all of them. Bear with us.';
}

describe('every probe kind can fail (and passes with retrieval and permissions in code)', () => {
  let kb: TestKb & { editPolicy: () => Promise<number> };
  let server: AnsweringServer;
  let report: EvalReport;
  const dir = tempDir('seam-eval-kinds-');
  beforeAll(async () => {
    kb = await makeEvalKb();
    await kb.editPolicy();
    server = await startAnsweringServer({ answer: memorized });
    const behavior = { voice: { avoid: ['unfortunately'] }, format: { type: 'numbered_list', max_items: 3 } };
    const probes = await generateProbes({
      store: kb.store,
      kinds: probeKinds,
      detector: createValueDetector(),
      at: now().toISOString(),
    });
    report = await runEval({
      store: kb.store,
      cases: probes.cases,
      configs: [
        configFile(dir, 'rag', behavior).config,
        configFile(dir, 'memorized', { ...behavior, retrieval: false, model: localModel(server.url, 'tickets-ft') })
          .config,
      ],
      env: {},
      now,
      cacheDir: join(dir, 'cache'),
    });
  });
  afterAll(async () => {
    await Promise.all([server.close(), kb.store.close()]);
  });

  it('generates probes of every kind from the store', () => {
    const kinds = new Set(report.cases.map((entry) => entry.kind));
    expect([...kinds].sort()).toEqual([...probeKinds].sort());
    const permission = report.cases.filter((entry) => entry.kind === 'permission');
    // The playbook is billing-only: sam, ana, ben and an unknown principal lack the role; bea has it.
    expect([...new Set(permission.map((entry) => entry.as))].sort()).toEqual(['ana', 'ben', unknownPrincipal, 'sam']);
    const deletion = report.cases.find((entry) => entry.kind === 'deletion');
    expect(deletion?.expect.absent).toEqual(['owner.escalations@tidewater.example']);
  });

  it.each(probeKinds)('%s: the memorizing closed-book bot fails, retrieval passes', (kind) => {
    const rag = report.summary.rag?.[kind];
    const memorized = report.summary.memorized?.[kind];
    expect(rag?.total).toBeGreaterThan(0);
    expect(rag?.passed).toBe(rag?.total);
    expect(memorized?.passed).toBeLessThan(memorized?.total ?? 0);
  });

  it('says why, in terms of the case', () => {
    const reasons = (kind: string) =>
      report.cases.filter((entry) => entry.kind === kind).flatMap((entry) => entry.results.memorized?.reasons ?? []);
    expect(reasons('currency')).toContain('states "30 days"');
    expect(reasons('permission')).toContain('"$25" reached the answer');
    expect(reasons('deletion')).toContain('"owner.escalations@tidewater.example" reached the answer');
    expect(reasons('format').some((reason) => reason.startsWith('format: '))).toBe(true);
    expect(reasons('style')).toContain('style: says "unfortunately", which the voice avoids');
    expect(reasons('refusal')).toContain('answered instead of declining');
    expect(caseKinds).toContain('custom');
  });
});
