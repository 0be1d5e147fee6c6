import { operator } from '../access.js';
import type { KnowledgeStore } from '../store/knowledge-store.js';
import { type EvalCase, parseCitation } from './eval-case.js';
import type { StaleCase } from './eval-report.js';

/**
 * Cases pinned to a document version (`cites: refund-policy@3`) whose document has moved on: the
 * version served at the case's `at` (or now) is another one, or the document is gone. Their
 * expectations describe an old answer, so they are listed, not counted.
 */
export async function findStaleCases(options: {
  store: KnowledgeStore;
  cases: readonly EvalCase[];
  at: string;
}): Promise<StaleCase[]> {
  const stale: StaleCase[] = [];
  for (const testCase of options.cases) {
    for (const spec of testCase.expect.cites ?? []) {
      const { id, version } = parseCitation(spec);
      if (version === undefined) continue;
      const served = await options.store.getServed(id, { reader: operator, at: testCase.at ?? options.at });
      if (served?.version === version) continue;
      stale.push({ id: testCase.id, cites: spec, served: served?.version ?? null });
      break;
    }
  }
  return stale;
}
