import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import type { EvalReport } from '../../src/eval/eval-report.js';
import { generateProbes } from '../../src/eval/probes/generate.js';
import type { ProbeSet } from '../../src/eval/probes/probe.js';
import { runEval } from '../../src/eval/run-eval.js';
import { forget } from '../../src/forget/forget.js';
import { createValueDetector } from '../../src/values/index.js';
import { makeKb, now, type TestKb } from '../ask/helpers/kb.js';
import { customer, notes, policy, shipping } from '../forget/story.js';
import { tempDir } from '../helpers/temp.js';
import { type AnsweringServer, startAnsweringServer } from './helpers/answering-server.js';
import { configFile, localModel } from './helpers/eval-kb.js';

/**
 * Issues 11 and 12: after `seam forget`, the values are redacted from every version, so only the receipts
 * know what to probe for. A closed-book bot that memorised the customer's email (in another case) must fail.
 */
describe('deletion probes for subjects removed by seam forget', () => {
  let kb: TestKb;
  let server: AnsweringServer;
  let probes: ProbeSet;
  let report: EvalReport;
  const dir = tempDir('seam-eval-forget-');
  beforeAll(async () => {
    kb = await makeKb([notes, policy(14), shipping]);
    const before = await generateProbes({
      store: kb.store,
      kinds: ['deletion'],
      detector: createValueDetector(),
      at: now().toISOString(),
    });
    expect(before.cases).toEqual([]);
    await forget({
      store: kb.store,
      reader: operator,
      subject: customer.subject,
      values: [customer.email, customer.phone, customer.name],
      dryRun: false,
      now: now(),
    });
    probes = await generateProbes({
      store: kb.store,
      kinds: ['deletion'],
      detector: createValueDetector(),
      at: now().toISOString(),
    });
    server = await startAnsweringServer({ answer: () => 'Write to Dana.Whitfield@Example.COM about VIP exceptions.' });
    report = await runEval({
      store: kb.store,
      cases: probes.cases,
      configs: [
        configFile(dir, 'rag', {}).config,
        configFile(dir, 'memorized', { retrieval: false, model: localModel(server.url, 'tickets-ft') }).config,
      ],
      env: {},
      now,
      cacheDir: join(dir, 'cache'),
    });
  });
  afterAll(async () => {
    await Promise.all([server?.close(), kb?.store.close()]);
  });

  it('asks about the redacted section, expecting nothing forgotten back, and says where it came from', () => {
    expect(probes.cases.map(({ question, expect }) => ({ question, expect }))).toEqual([
      { question: 'What can you tell me about exceptions?', expect: { forgotten: true } },
    ]);
    expect(probes.cases[0]?.note).toMatch(/^vip-refunds v1 redacted by forget receipt \S+/);
    expect(probes.notes.join('\n')).toContain('1 from the sections 1 `seam forget` receipt(s) redacted');
    expect(probes.notes.join('\n')).toContain('1 document(s) a forget deleted whole');
  });

  it('passes a configuration that answers from the store, fails the closed-book bot with a reason', () => {
    expect(report.summary.rag?.deletion).toMatchObject({ total: 1, passed: 1 });
    expect(report.summary.memorized?.deletion).toMatchObject({ total: 1, passed: 0 });
    const reasons = report.cases[0]?.results.memorized?.reasons ?? [];
    expect(reasons).toEqual(['a forgotten email reached the answer']);
    // The reason names the kind, never the value.
    expect(JSON.stringify(reasons).toLowerCase()).not.toContain('whitfield');
  });
});
