import { createRetriever } from '../../retrieval/retriever.js';
import type { KnowledgeStore } from '../../store/knowledge-store.js';
import { cachedDetector } from '../../values/cached.js';
import type { ValueDetector } from '../../values/value.js';
import type { CaseKind, EvalCase } from '../eval-case.js';
import { formatProbes, refusalProbes, styleProbes } from './behavior.js';
import { currencyProbes } from './currency.js';
import { deletionProbes } from './deletion.js';
import { permissionProbes } from './permission.js';
import type { ProbeGenerator } from './probe.js';
import { type DroppedProbe, keepRetrievable } from './retrievable.js';
import { loadClauseTagger } from './statement-question.js';
import { readStoreView } from './store-view.js';

/** The principal id permission probes use for someone the store has never heard of. */
export const unknownPrincipal = 'eval-unknown-principal';

export const probeKinds = ['currency', 'permission', 'deletion', 'format', 'style', 'refusal'] as const;
export type ProbeKind = (typeof probeKinds)[number] & CaseKind;

export const probeGenerators = {
  currency: currencyProbes,
  permission: permissionProbes,
  deletion: deletionProbes,
  format: formatProbes,
  style: styleProbes,
  refusal: refusalProbes,
} satisfies Record<ProbeKind, ProbeGenerator>;

/** Generated probes ready to run, what generation could not cover, and the probes left out. */
export interface GeneratedProbes {
  cases: EvalCase[];
  notes: string[];
  /** Probes whose passage the retriever does not return for their question (see `keepRetrievable`). */
  dropped: DroppedProbe[];
}

/**
 * Generate probes of the given kinds from the store, as it is at `at`, and keep those whose passage
 * `seam ask`'s retriever returns in its top `k` for their question (default: the default config's 5).
 * The notes count the dropped probes, by kind, with why.
 */
export async function generateProbes(options: {
  store: KnowledgeStore;
  kinds: readonly ProbeKind[];
  detector: ValueDetector;
  at: string;
  /** At most this many cases per kind (default 50). */
  limit?: number | undefined;
  /** The retrieval depth and collection of the configurations under test (default k 5, every collection). */
  retrieval?: { k: number; collection?: string | undefined } | undefined;
}): Promise<GeneratedProbes> {
  const view = await readStoreView(options.store, { at: options.at, unknownPrincipal });
  // Generators detect values in the same bodies (every served version); each is read once.
  const context = {
    view,
    detector: classFiltered(cachedDetector(options.detector, 100_000)),
    tagger: await loadClauseTagger(),
    limit: options.limit ?? 50,
  };
  const sets = options.kinds.map((kind) => probeGenerators[kind](context));
  const retriever = createRetriever({ store: options.store, now: () => new Date(options.at) });
  const { kept, dropped } = await keepRetrievable({
    store: options.store,
    probes: sets.flatMap((set) => set.cases),
    retrieval: { retriever, k: options.retrieval?.k ?? 5, collection: options.retrieval?.collection },
    at: options.at,
  });
  const notes = sets.flatMap((set) => set.notes);
  for (const kind of options.kinds) {
    const out = dropped.filter((probe) => probe.kind === kind);
    if (out.length === 0) continue;
    const shown = out.slice(0, 3).map((probe) => `"${probe.question}": ${probe.reason}`);
    if (out.length > shown.length) shown.push(`and ${out.length - shown.length} more (--json: dropped)`);
    notes.push(
      `${kind}: ${out.length} generated probe(s) dropped, the retriever does not return the passage they ask about: ${shown.join('; ')}`,
    );
  }
  return { cases: kept.map(({ target: _target, ...probe }) => probe), notes, dropped };
}

/** A detector that answers `classes` queries by filtering the cached full answer. */
function classFiltered(detector: ValueDetector): ValueDetector {
  return {
    detect: (text, options) => {
      const values = detector.detect(text);
      const classes = options?.classes;
      return classes ? values.filter((value) => classes.includes(value.class)) : values;
    },
  };
}
