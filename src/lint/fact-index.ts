import type { KnowledgeStore } from '../store/knowledge-store.js';
import { boundedMemo } from '../util/bounded-memo.js';
import type { Value, ValueDetector } from '../values/value.js';

/** A value as a document version states it. */
export interface StatedValue {
  id: string;
  version: number;
  title: string;
  /** The value's text in the document. */
  text: string;
  /** The words around the value in the document, to tell which of several documents a target echoes. */
  context: string;
}

export interface SupersededValue extends StatedValue {
  /** Values of the same kind that the document's current version states instead (for explanations and fixes). */
  now: string[];
  /** The current version of that document, if it still has one. */
  currentVersion?: number | undefined;
}

/**
 * Which fact values the knowledge store states today, and which only older versions stated. Plain data
 * (arrays, not maps), so it can be sent to worker threads.
 */
export interface FactIndex {
  at: string;
  current: [normalized: string, stated: StatedValue[]][];
  superseded: [normalized: string, stated: SupersededValue[]][];
  /** Passages' text by document id (current version), for grounding fixes. */
  passages: [id: string, passage: { version: number; title: string; body: string }][];
}

/** Every form a value may be compared under. */
export function formsOf(value: Pick<Value, 'normalized' | 'alternatives'>): string[] {
  return [value.normalized, ...value.alternatives];
}

/**
 * Read every version of every document and index the fact values each states. A value is current if the
 * version served at `at` (or a version scheduled after it) states it; superseded if only versions served
 * before `at` stated it and no current document does.
 */
export async function buildFactIndex(store: KnowledgeStore, detector: ValueDetector, at: string): Promise<FactIndex> {
  const current = new Map<string, StatedValue[]>();
  const past = new Map<string, SupersededValue[]>();
  const passages: FactIndex['passages'] = [];
  const add = <T extends StatedValue>(map: Map<string, T[]>, form: string, stated: T) => {
    const list = map.get(form) ?? [];
    // One entry per document: the newest version that states the value.
    const same = list.findIndex((entry) => entry.id === stated.id);
    if (same === -1) list.push(stated);
    else list[same] = stated;
    map.set(form, list);
  };
  for (const summary of await store.list()) {
    const served = await store.getServed(summary.id, at);
    const servedValues = served ? factValues(detector, served.body) : [];
    if (served) passages.push([summary.id, { version: served.version, title: served.title, body: served.body }]);
    for (const entry of (await store.history(summary.id)) ?? []) {
      const version =
        entry.version === served?.version ? served : await store.get(summary.id, { version: entry.version });
      if (!version) continue;
      const isPast = served !== undefined && version.version < served.version;
      const values = version.version === served?.version ? servedValues : factValues(detector, version.body);
      for (const value of values) {
        const stated = {
          id: summary.id,
          version: version.version,
          title: version.title,
          text: value.text,
          context: around(version.body, value),
        };
        // Stored values are indexed under their primary form only; a target is looked up under all its forms.
        if (!isPast) {
          add(current, value.normalized, stated);
          continue;
        }
        const now = servedValues.filter((other) => other.kind === value.kind && other.normalized !== value.normalized);
        add(past, value.normalized, {
          ...stated,
          now: [...new Set(now.map((other) => other.text))],
          currentVersion: served?.version,
        });
      }
    }
  }
  for (const form of current.keys()) past.delete(form);
  return { at, current: [...current], superseded: [...past], passages };
}

/** The index given; else one built from the store (every version read once); else none. */
export async function resolveFactIndex(
  options: { index?: FactIndex | undefined; store?: KnowledgeStore | undefined; at?: string | undefined },
  detector: ValueDetector,
): Promise<FactIndex | undefined> {
  if (options.index) return options.index;
  return options.store ? buildFactIndex(options.store, detector, options.at ?? new Date().toISOString()) : undefined;
}

function factValues(detector: ValueDetector, text: string): Value[] {
  return detector.detect(text, { classes: ['fact'] });
}

/** The sentence-sized window of text around a value. */
export function around(text: string, value: Pick<Value, 'start' | 'end'>): string {
  return text.slice(Math.max(0, value.start - 120), Math.min(text.length, value.end + 120));
}

/**
 * Of several documents that state a value, the one whose words around it the target shares most
 * (ties: the first indexed).
 */
export function bestMatch<T extends StatedValue>(
  candidates: readonly T[] | undefined,
  targetText: string,
): T | undefined {
  if (!candidates || candidates.length <= 1) return candidates?.[0];
  const words = new Set(contentWords(targetText));
  let best: T | undefined;
  let bestScore = -1;
  for (const candidate of candidates) {
    const score = contentWords(candidate.context).filter((word) => words.has(word)).length;
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

const contentWords = boundedMemo((text: string): string[] => [
  ...new Set(text.toLowerCase().match(/\p{L}{4,}/gu) ?? []),
]);
