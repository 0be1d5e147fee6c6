import { operator, readerOrOperator } from '../../access.js';
import { queryWords } from '../../ask/evidence/terms.js';
import type { Retriever } from '../../retrieval/retriever.js';
import type { KnowledgeStore } from '../../store/knowledge-store.js';
import type { EvalCase } from '../eval-case.js';
import type { Probe } from './probe.js';

/** A generated probe left out of the run, and why. */
export interface DroppedProbe {
  id: string;
  kind: EvalCase['kind'];
  question: string;
  as: string | null;
  reason: string;
}

/** The retrieval `seam ask` runs for the configurations under test: its depth and collection. */
export interface ProbeRetrieval {
  retriever: Retriever;
  k: number;
  collection?: string | undefined;
}

/**
 * Keep the probes whose passage (the statement they were built from) is among the top `k` passages
 * the same retriever `seam ask` uses returns for the probe's question, as the probe's asker (as the
 * operator for permission probes, whose asker may not read it by design), at the probe's instant.
 * Otherwise the probe would test retrieval luck, not what it is about: it is dropped, with where the
 * passage ranked. Probes without a target (refusal, a deletion probe whose section is gone) are kept.
 */
export async function keepRetrievable(options: {
  store: KnowledgeStore;
  probes: readonly Probe[];
  retrieval: ProbeRetrieval;
  at: string;
}): Promise<{ kept: Probe[]; dropped: DroppedProbe[] }> {
  const { retriever, k, collection } = options.retrieval;
  const kept: Probe[] = [];
  const dropped: DroppedProbe[] = [];
  for (const probe of options.probes) {
    const target = probe.target;
    if (!target) {
      kept.push(probe);
      continue;
    }
    const reader = target.reader === 'operator' ? operator : await readerOrOperator(options.store, probe.as);
    const { hits } = await retriever.retrieve({
      query: queryWords(probe.question),
      reader,
      k: Math.max(k * 4, 20),
      collection,
      asOf: probe.at ?? options.at,
    });
    const statement = squash(target.statement);
    const rank = hits.findIndex(
      (hit) => hit.id === target.id && hit.version === target.version && squash(hit.text).includes(statement),
    );
    if (rank >= 0 && rank < k) {
      kept.push(probe);
      continue;
    }
    const who = target.reader === 'operator' ? 'the operator' : probe.as ? `${probe.as}` : 'the operator';
    dropped.push({
      id: probe.id,
      kind: probe.kind,
      question: probe.question,
      as: probe.as ?? null,
      reason:
        `the passage stating it (${target.id} v${target.version}) is ` +
        (rank < 0 ? `not in the top ${hits.length}` : `ranked ${rank + 1}, below the top ${k}`) +
        ` for this question, asked as ${who}`,
    });
  }
  return { kept, dropped };
}

/**
 * Text reduced to its words and values, for finding a statement in a passage: the chunker may join a
 * long list's lines into sentences, and markup differs between the two.
 */
function squash(text: string): string {
  return (text.toLowerCase().match(/[\p{L}\p{N}$€£%]+/gu) ?? []).join(' ');
}
