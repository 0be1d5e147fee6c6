import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvalCase } from '../../src/eval/eval-case.js';
import { generateProbes } from '../../src/eval/probes/generate.js';
import { runEval } from '../../src/eval/run-eval.js';
import { createValueDetector } from '../../src/values/index.js';
import { now, type TestKb } from '../ask/helpers/kb.js';
import { tempDir } from '../helpers/temp.js';
import { type AnsweringServer, answerFromPassages, startAnsweringServer } from './helpers/answering-server.js';
import { configFile, localModel, makeEvalKb } from './helpers/eval-kb.js';

/** A bot fine-tuned on last year's tickets: it knows the old refund window, and has no sources. */
function lastYear({ prompt }: { prompt: string }): string {
  if (/refund/i.test(prompt)) return '1. You can return unopened items within 30 days of delivery for a full refund.';
  return '1. Our team is happy to help with that.';
}

describe('seam eval: retrieval, a model with retrieval and a closed-book model, side by side', () => {
  let kb: TestKb & { editPolicy: () => Promise<number> };
  let reader: AnsweringServer;
  let closed: AnsweringServer;
  const dir = tempDir('seam-eval-');
  const cacheDir = join(dir, 'cache');
  beforeAll(async () => {
    kb = await makeEvalKb();
    reader = await startAnsweringServer({ answer: answerFromPassages });
    closed = await startAnsweringServer({ answer: lastYear });
  });
  afterAll(async () => {
    await Promise.all([reader.close(), closed.close(), kb.store.close()]);
  });

  const configs = () => [
    configFile(dir, 'extractive', {}).config,
    configFile(dir, 'model-rag', { model: localModel(reader.url, 'reader') }).config,
    configFile(dir, 'closed-book', { retrieval: false, model: localModel(closed.url, 'last-year') }).config,
  ];
  const windowCase = (days: string): EvalCase => ({
    id: 'refund-window',
    kind: 'currency',
    question: 'How long is the refund window?',
    expect: { contains: [days] },
  });

  it('before the edit every configuration states the 30-day window; after it, only closed-book is stale', async () => {
    const before = await runEval({ store: kb.store, cases: [windowCase('30 days')], configs: configs(), env: {}, now });
    expect(before.summary).toEqual({
      extractive: { currency: { passed: 1, total: 1 } },
      'model-rag': { currency: { passed: 1, total: 1 } },
      'closed-book': { currency: { passed: 1, total: 1 } },
    });

    await kb.editPolicy();
    const detector = createValueDetector();
    const probes = await generateProbes({ store: kb.store, kinds: ['currency'], detector, at: now().toISOString() });
    expect(probes.cases).toEqual([
      expect.objectContaining({
        kind: 'currency',
        // Built from the sentence that states the new value, its subject and context words kept.
        question: 'Customers can return unopened items within how many days of delivery for a full refund?',
        expect: { contains: ['14 days'], not_contains: ['30 days'] },
      }),
    ]);
    const after = await runEval({
      store: kb.store,
      cases: probes.cases,
      configs: configs(),
      env: {},
      now,
      cacheDir,
      retryDelayMs: 1,
    });
    expect(after.summary).toEqual({
      extractive: { currency: { passed: 1, total: 1 } },
      'model-rag': { currency: { passed: 1, total: 1 } },
      'closed-book': { currency: { passed: 0, total: 1 } },
    });
    const [probe] = after.cases;
    expect(probe?.results['closed-book']?.reasons).toEqual(['does not state "14 days"', 'states "30 days"']);
    expect(probe?.results['model-rag']?.answer).toContain('14 days');
    expect(probe?.results['model-rag']?.citations).toEqual([{ id: 'refund-policy', version: 2 }]);
    // The closed-book model got the house format but no sources; the retrieval model got the passage.
    expect(closed.prompts.at(-1)?.prompt).toBe(`QUESTION: ${probes.cases[0]?.question}`);
    expect(reader.prompts.at(-1)?.prompt).toContain('refund-policy v2');
    expect(after.configs.map(({ name, composer, retrieval }) => [name, composer, retrieval])).toEqual([
      ['extractive', 'extractive', true],
      ['model-rag', 'openai-compatible:reader', true],
      ['closed-book', 'openai-compatible:last-year', false],
    ]);

    // A second run answers every model request from the on-disk cache: nothing is sent.
    const sent = reader.prompts.length + closed.prompts.length;
    const again = await runEval({ store: kb.store, cases: probes.cases, configs: configs(), env: {}, now, cacheDir });
    expect(reader.prompts.length + closed.prompts.length).toBe(sent);
    expect(again.configs.map(({ cached, model_calls }) => [cached, model_calls])).toEqual([
      [0, 0],
      [1, 0],
      [1, 0],
    ]);
    expect(again.summary).toEqual(after.summary);
  });

  it('retries a model that answers 500 twice, and reports a model that keeps failing as that case failing', async () => {
    const flaky = await startAnsweringServer({ answer: answerFromPassages, failures: 2 });
    const down = await startAnsweringServer({ answer: answerFromPassages, failures: 100 });
    try {
      const report = await runEval({
        store: kb.store,
        cases: [windowCase('14 days')],
        configs: [
          configFile(dir, 'flaky', { model: localModel(flaky.url, 'flaky') }).config,
          configFile(dir, 'down', { model: localModel(down.url, 'down') }).config,
        ],
        env: {},
        now,
        retries: 2,
        retryDelayMs: 1,
      });
      expect(report.configs.map(({ name, retries, model_calls }) => [name, retries, model_calls])).toEqual([
        ['flaky', 2, 3],
        ['down', 2, 3],
      ]);
      expect(report.cases[0]?.results.flaky?.pass).toBe(true);
      expect(report.cases[0]?.results.down).toMatchObject({ pass: false, answer: '' });
      expect(report.cases[0]?.results.down?.reasons[0]).toMatch(
        /^error: model openai-compatible:down failed \(HTTP 500\)/,
      );
    } finally {
      await Promise.all([flaky.close(), down.close()]);
    }
  });
});
