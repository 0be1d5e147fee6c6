import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { operator } from '../src/access.js';
import type { AskResult } from '../src/ask/ask-result.js';
import { defaultConfig, type SeamConfig } from '../src/config/behavior-config.js';
import { loadConfig } from '../src/config/load-config.js';
import { demoPaths } from '../src/demo/demo-home.js';
import { seedDemo } from '../src/demo/seed-demo.js';
import type { KnowledgeStore } from '../src/store/knowledge-store.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { abcdAvailable, abcdDir, guidelineDocuments } from '../test/fixtures/abcd.js';

/**
 * The answer question sets of `bench/answers/*.json` and the stores they are asked of, shared by
 * `bench/answers-bench.ts` (the rates) and `bench/rerank-fit.ts` (the learned unit score's fit).
 */

export interface Question {
  q: string;
  as: string;
  expect: string[] | 'decline';
  /** The document that states the answer (or `orders`, the demo's connector); informational. */
  source?: string;
}

export interface QuestionSet {
  principals?: Record<string, string[]>;
  billing_only?: string[];
  questions: Question[];
}

const setsDir = join(import.meta.dirname, 'answers');

/**
 * The sets the learned unit score is fitted on (`bench/rerank-fit.ts`). The others in `bench/answers/`
 * (`abcd-6`, `demo-2`) were written blind, by someone who had not read `src/ask/`, and are held out: they
 * are scored by `npm run bench:answers` and never fitted on.
 */
export const setNames = ['abcd', 'abcd-check', 'abcd-3', 'abcd-4', 'abcd-5', 'demo'] as const;

/** Every set in `bench/answers/`, by name (the file name without `.json`), sorted. */
export function allSetNames(): string[] {
  return readdirSync(setsDir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

/** Sets named `demo*` are asked of the demo (its config and orders connector); the others of the ABCD manual. */
export function isDemoSet(name: string): boolean {
  return name.startsWith('demo');
}

export function readSet(name: string): QuestionSet {
  return JSON.parse(readFileSync(join(setsDir, `${name}.json`), 'utf8')) as QuestionSet;
}

export function flat(text: string): string {
  return text
    .toLowerCase()
    .replace(/\*\*|`/g, '')
    .replace(/\s+/g, ' ');
}

/** The share of a question's expected values (each `a|b` one value with alternatives) a text states. */
export function statedShare(expect: readonly string[], text: string): number {
  const answer = flat(text);
  const stated = expect.filter((value) => value.split('|').some((alternative) => answer.includes(flat(alternative))));
  return expect.length > 0 ? stated.length / expect.length : 0;
}

/**
 * answered-right: not declined, at least one citation, and every expected value stated in the answer.
 * declined-right: declined (any refusal), with no citation.
 */
export function judge(question: Question, result: AskResult): boolean {
  if (question.expect === 'decline') return result.refused && result.citations.length === 0;
  return (
    !result.refused &&
    result.citations.length + result.state_used.length > 0 &&
    statedShare(question.expect, result.answer) === 1
  );
}

export interface OpenedSet {
  name: string;
  set: QuestionSet;
  store: KnowledgeStore;
  config: SeamConfig;
  close: () => Promise<void>;
}

/**
 * Open a set's store in `scratch`: the ABCD manual imported as markdown, one flow made billing-only, with
 * the set's principals (`undefined` when ../shared/data/abcd is absent); or the demo with its config.
 */
export async function openSet(name: string, scratch: string): Promise<OpenedSet | undefined> {
  const set = readSet(name);
  if (isDemoSet(name)) {
    const paths = demoPaths(join(scratch, name, 'seam.db'));
    await seedDemo({ paths, now: () => new Date() });
    const { config } = await loadConfig({ path: paths.config, cwd: process.cwd() });
    const store = openSqliteStore({ path: paths.store });
    return { name, set, store, config, close: () => store.close() };
  }
  if (!abcdAvailable) return undefined;
  const store = openSqliteStore({ path: join(scratch, `${name}.db`) });
  const billingOnly = new Set(set.billing_only ?? []);
  const documents = guidelineDocuments().map((document) =>
    billingOnly.has(document.id) ? { ...document, acl: ['billing'] } : document,
  );
  await store.putMany(documents, { reader: operator, author: 'abcd', message: 'ABCD agent guidelines' });
  for (const [id, roles] of Object.entries(set.principals ?? {})) await store.putPrincipal({ id, roles });
  return { name, set, store, config: defaultConfig(), close: () => store.close() };
}

export const abcdMissing = `skipped (${abcdDir} is absent; see ../shared/data/README.md)`;
