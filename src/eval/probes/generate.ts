import type { KnowledgeStore } from '../../store/knowledge-store.js';
import { cachedDetector } from '../../values/cached.js';
import type { ValueDetector } from '../../values/value.js';
import type { CaseKind } from '../eval-case.js';
import { formatProbes, refusalProbes, styleProbes } from './behavior.js';
import { currencyProbes } from './currency.js';
import { deletionProbes } from './deletion.js';
import { permissionProbes } from './permission.js';
import type { ProbeGenerator, ProbeSet } from './probe.js';
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

/** Generate probes of the given kinds from the store, as it is at `at`. */
export async function generateProbes(options: {
  store: KnowledgeStore;
  kinds: readonly ProbeKind[];
  detector: ValueDetector;
  at: string;
  /** At most this many cases per kind (default 50). */
  limit?: number | undefined;
}): Promise<ProbeSet> {
  const view = await readStoreView(options.store, { at: options.at, unknownPrincipal });
  // Generators detect values in the same bodies (every served version); each is read once.
  const context = {
    view,
    detector: classFiltered(cachedDetector(options.detector, 100_000)),
    limit: options.limit ?? 50,
  };
  const sets = options.kinds.map((kind) => probeGenerators[kind](context));
  return { cases: sets.flatMap((set) => set.cases), notes: sets.flatMap((set) => set.notes) };
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
