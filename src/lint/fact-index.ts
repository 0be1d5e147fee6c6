import * as stopwords from 'stopword';
import type { Reader } from '../access.js';
import { instantKey } from '../documents/parse-document.js';
import type { KnowledgeStore } from '../store/knowledge-store.js';
import { type ServedInterval, servedAt } from '../store/timeline.js';
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

/** Every version of every document with the fact values it states, read once; indexed at any instant by `factIndexAt`. */
export interface FactTimeline {
  documents: {
    id: string;
    intervals: ServedInterval[];
    versions: { version: number; title: string; body: string; values: Value[] }[];
  }[];
}

/**
 * Read every version `reader` may read of every document, in one store read, and detect the fact values
 * each states. A version the reader may not read is neither stated nor superseded: it is not there.
 */
export async function loadFactTimeline(
  store: KnowledgeStore,
  detector: ValueDetector,
  reader: Reader,
): Promise<FactTimeline> {
  const documents: FactTimeline['documents'] = (await store.timelines({ reader })).map((timeline) => ({
    id: timeline.id,
    intervals: timeline.served,
    versions: timeline.versions.map((version) => ({
      version: version.version,
      title: version.title,
      body: version.body,
      values: factValues(detector, version.body),
    })),
  }));
  return { documents };
}

/**
 * Index the fact values of a timeline at an instant. A value is current if the version served at `at` states it,
 * or a version scheduled to be served after `at` (it is still knowledge the store owns); superseded in a document
 * whose versions that are no longer served stated it and whose current versions do not.
 */
export function factIndexAt(timeline: FactTimeline, at: string): FactIndex {
  const current = new Map<string, StatedValue[]>();
  const past = new Map<string, SupersededValue[]>();
  const passages: FactIndex['passages'] = [];
  const add = <T extends StatedValue>(map: Map<string, T[]>, form: string, stated: T) => {
    const list = map.get(form) ?? [];
    // Per document, the newest version that states the value, once per place it does (each with its own words
    // around it): versions come oldest first, so a newer one replaces the entries of an older one.
    const older = list.some((entry) => entry.id === stated.id && entry.version < stated.version);
    const kept = older ? list.filter((entry) => entry.id !== stated.id) : list;
    kept.push(stated);
    map.set(form, kept);
  };
  const key = instantKey(at);
  for (const document of timeline.documents) {
    const servedVersion = servedAt(document.intervals, at);
    const served = document.versions.find((version) => version.version === servedVersion);
    if (served) passages.push([document.id, { version: served.version, title: served.title, body: served.body }]);
    const scheduled = new Set(
      document.intervals.filter((interval) => interval.from !== null && interval.from > key).map((i) => i.version),
    );
    for (const version of document.versions) {
      const isPast = version !== served && !scheduled.has(version.version);
      for (const value of version.values) {
        const stated = {
          id: document.id,
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
        const now = (served?.values ?? []).filter(
          (other) => other.kind === value.kind && other.normalized !== value.normalized,
        );
        add(past, value.normalized, {
          ...stated,
          now: [...new Set(now.map((other) => other.text))],
          currentVersion: served?.version,
        });
      }
    }
  }
  // A value a document states today is not superseded in that document; in another document it may be (a refund
  // window of 14 days, gone, is not the billing interval of two weeks that still holds): `bestMatch` tells them apart.
  for (const [form, list] of past) {
    const stating = new Set((current.get(form) ?? []).map((entry) => entry.id));
    const rest = list.filter((entry) => !stating.has(entry.id));
    if (rest.length === 0) past.delete(form);
    else past.set(form, rest);
  }
  return { at, current: [...current], superseded: [...past], passages };
}

/**
 * Fact indexes of a timeline at many instants (one per answer of a transcript, say), each computed once per
 * stretch of time in which no version starts or stops being served. The `at` of a returned index is the first
 * instant asked for in its stretch.
 */
export function factIndexesOver(timeline: FactTimeline): (at: string) => FactIndex {
  const boundaries = [
    ...new Set(
      timeline.documents.flatMap((document) =>
        document.intervals.flatMap((interval) => [interval.from, interval.until]),
      ),
    ),
  ]
    .filter((key): key is string => key !== null)
    .sort();
  const cache = new Map<number, FactIndex>();
  return (at) => {
    const key = instantKey(at);
    let low = 0;
    let high = boundaries.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((boundaries[middle] as string) <= key) low = middle + 1;
      else high = middle;
    }
    let index = cache.get(low);
    if (!index) {
      index = factIndexAt(timeline, at);
      cache.set(low, index);
    }
    return index;
  };
}

/** The fact index of a store at an instant, as `reader` may read it (every version read once). */
export async function buildFactIndex(
  store: KnowledgeStore,
  detector: ValueDetector,
  options: { at: string; reader: Reader },
): Promise<FactIndex> {
  return factIndexAt(await loadFactTimeline(store, detector, options.reader), options.at);
}

/** The index given; else one built from the store (every version read once); else none. */
export async function resolveFactIndex(
  options: {
    index?: FactIndex | undefined;
    store?: KnowledgeStore | undefined;
    reader?: Reader | undefined;
    at?: string | undefined;
  },
  detector: ValueDetector,
): Promise<FactIndex | undefined> {
  if (options.index) return options.index;
  if (!options.store) return undefined;
  return buildFactIndex(options.store, detector, {
    at: options.at ?? new Date().toISOString(),
    reader: requireReader(options.reader),
  });
}

/** The reader a store read needs: a library call that reads must say who reads (`operator` included). */
export function requireReader(reader: Reader | undefined): Reader {
  if (!reader) throw new TypeError('reading the knowledge store needs a reader (operator, or readerFor(store, id))');
  return reader;
}

function factValues(detector: ValueDetector, text: string): Value[] {
  return detector.detect(text, { classes: ['fact'] });
}

/** The sentence-sized window of text around a value. */
export function around(text: string, value: Pick<Value, 'start' | 'end'>): string {
  return text.slice(Math.max(0, value.start - 120), Math.min(text.length, value.end + 120));
}

/**
 * Of the documents that state a value, the one whose words around it agree most with the words around the value
 * in the target; none when no document's do. A value is the same fact only in the same setting: "returned within
 * 14 days" is not the billing document's "billed every two weeks", though both are 14 days. Words are compared
 * without function words and without the values' own words ("days"), stemmed (`returned` is `return`).
 */
export function bestMatch<T extends StatedValue>(
  candidates: readonly T[] | undefined,
  target: { text: string; value: string },
): T | undefined {
  if (!candidates || candidates.length === 0) return undefined;
  const own = new Set(contentWords(target.value));
  const words = new Set(contentWords(target.text).filter((word) => !own.has(word)));
  let best: T | undefined;
  let bestScore = 0;
  for (const candidate of candidates) {
    const stated = new Set(contentWords(candidate.text));
    let score = 0;
    for (const word of contentWords(candidate.context)) if (words.has(word) && !stated.has(word)) score++;
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

const functionWords = new Set(stopwords.eng);
/** Distinct words of four letters or more, lower case, stemmed, without function words. */
const contentWords = boundedMemo((text: string): string[] => [
  ...new Set((text.toLowerCase().match(/\p{L}{4,}/gu) ?? []).filter((word) => !functionWords.has(word)).map(stem)),
]);

/** A crude stem, enough to tell that `returned`, `returns` and `return` are one word. */
function stem(word: string): string {
  if (word.endsWith('ss')) return word;
  const stemmed = word.replace(/(?:ing|ed|es|s)$/, '');
  return stemmed.length >= 4 ? stemmed : word;
}
