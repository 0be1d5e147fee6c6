import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { operator } from '../../../src/access.js';
import { type EvalConfig, parseEvalConfig } from '../../../src/eval/eval-config.js';
import type { EvalReport } from '../../../src/eval/eval-report.js';
import { type GeneratedProbes, generateProbes } from '../../../src/eval/probes/generate.js';
import { runEval } from '../../../src/eval/run-eval.js';
import type { DocumentInput } from '../../../src/store/knowledge-store.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { createValueDetector } from '../../../src/values/index.js';
import { guidelineDocuments } from '../../fixtures/abcd.js';
import { answerFromPassages, startAnsweringServer } from './answering-server.js';

/** A policy edit: in document `doc`, every `from` becomes `to`. */
export interface PolicyEdit {
  doc: string;
  from: string;
  to: string;
}

/**
 * Edits of our own to the ABCD manual (a tier's return window, a second tier's, a credit amount, a promo
 * discount), chosen so that each old value is stated nowhere else in the manual.
 */
export const ownEdits: PolicyEdit[] = [
  { doc: 'product-defect', from: 'within the last 6 months', to: 'within the last 4 months' },
  { doc: 'product-defect', from: 'within the last 30 days', to: 'within the last 45 days' },
  { doc: 'manage-account', from: '$40', to: '$35' },
  { doc: 'purchase-dispute', from: '20% off', to: '25% off' },
];

/** The document made readable only by the `agent` role, so that permission probes exist. */
export const restrictedDocument = 'account-access';

export const abcdNow = () => new Date('2026-11-25T12:00:00Z');

export interface AbcdRun {
  probes: GeneratedProbes;
  report: EvalReport;
  /** The served text of every document, to check questions against. */
  served: Map<string, string>;
}

/**
 * The ABCD manual as a knowledge store (one document per flow), edited, one flow restricted to agents, a
 * customer and an agent as principals; probes generated; then three configurations side by side:
 * `rag` (retrieval, extractive), `model-rag` (a local model reading the passages it is given) and
 * `closed-book` (a local model that answers from last year's manual: the sentence of the unedited manual
 * sharing most words with the question, as a bot fine-tuned on it would).
 */
export async function runAbcdScenario(
  edits: readonly PolicyEdit[],
  kinds = ['currency', 'permission'] as const,
): Promise<AbcdRun> {
  const dir = mkdtempSync(join(tmpdir(), 'seam-eval-abcd-'));
  const store = openSqliteStore({ path: join(dir, 'seam.db'), now: abcdNow });
  const original = guidelineDocuments();
  const reader = await startAnsweringServer({ answer: answerFromPassages });
  const stale = await startAnsweringServer({ answer: lastYear(original) });
  try {
    const documents = original.map(
      (document): DocumentInput => (document.id === restrictedDocument ? { ...document, acl: ['agent'] } : document),
    );
    await store.putMany(documents, { reader: operator, author: 'abcd', message: 'ABCD agent guidelines' });
    await store.putPrincipal({ id: 'agent-1', roles: ['agent'] });
    await store.putPrincipal({ id: 'cust-1', roles: ['customer'] });
    const edited = new Map(documents.map((document) => [document.id, document]));
    for (const edit of edits) {
      const document = edited.get(edit.doc);
      if (!document?.body.includes(edit.from))
        throw new Error(`the ABCD manual does not say "${edit.from}" in ${edit.doc}`);
      const next = { ...document, body: document.body.split(edit.from).join(edit.to) };
      edited.set(edit.doc, next);
      await store.put(next, { reader: operator, author: 'policy-owner', message: `${edit.from} -> ${edit.to}` });
    }
    const at = abcdNow().toISOString();
    const probes = await generateProbes({ store, kinds, detector: createValueDetector(), at });
    const config = (name: string, json: unknown): EvalConfig =>
      parseEvalConfig({ text: JSON.stringify(json), file: `${name}.json`, baseDir: dir });
    const model = (url: string, name: string) => ({
      provider: 'openai-compatible',
      model: name,
      base_url: url,
      max_retries: 0,
    });
    const report = await runEval({
      store,
      cases: probes.cases,
      configs: [
        config('rag', {}),
        config('model-rag', { model: model(reader.url, 'reader') }),
        config('closed-book', { retrieval: false, model: model(stale.url, 'last-year') }),
      ],
      env: {},
      now: abcdNow,
      notes: probes.notes,
    });
    const served = new Map(
      [...edited.values()].map((document) => [document.id, `${document.title}\n${document.body}`]),
    );
    return { probes, report, served };
  } finally {
    await Promise.all([reader.close(), stale.close(), store.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A closed-book model that learned the unedited manual: it recites its closest sentence. */
function lastYear(documents: readonly DocumentInput[]): (request: { prompt: string }) => string {
  const sentences = documents.flatMap((document) =>
    document.body
      .split('\n')
      .flatMap((line) => line.replace(/^\s*[-#]+\s*/, '').split(/(?<=[.!?])\s+/))
      .filter((sentence) => sentence.trim().length > 0),
  );
  const wordsOf = (text: string) => new Set(text.toLowerCase().match(/\p{L}{3,}/gu) ?? []);
  return ({ prompt }) => {
    const question = wordsOf(/QUESTION: (.*)/.exec(prompt)?.[1] ?? '');
    let best = { score: 0, sentence: '' };
    for (const sentence of sentences) {
      const score = [...wordsOf(sentence)].filter((word) => question.has(word)).length;
      if (score > best.score) best = { score, sentence };
    }
    return best.score === 0 ? "I don't know." : `1. ${best.sentence}`;
  };
}
