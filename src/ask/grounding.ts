import { formsOf } from '../lint/fact-index.js';
import type { Hit } from '../store/knowledge-store.js';
import { cachedDetector } from '../values/cached.js';
import { createValueDetector, type Value, type ValueDetector } from '../values/index.js';

/** Text an answer may draw values from: a passage, or a connector's rendered record. */
export interface GroundingSource {
  text: string;
  origin: { type: 'passage'; hit: Hit } | { type: 'state'; connector: string };
}

export interface ValueCheck {
  value: Value;
  /** The source that states it, or `undefined` when none does. */
  source: GroundingSource | undefined;
}

let shared: ValueDetector | undefined;

/** The shared value detector (the one lint uses), remembering the passages it has read. */
export function groundingDetector(): ValueDetector {
  shared ??= cachedDetector(createValueDetector());
  return shared;
}

/** Values of the sources by every form they may be compared under (the first source stating one wins). */
export function indexSources(sources: readonly GroundingSource[], detector = groundingDetector()) {
  const byForm = new Map<string, GroundingSource>();
  for (const source of sources) {
    for (const value of detector.detect(source.text)) {
      for (const form of formsOf(value)) if (!byForm.has(form)) byForm.set(form, source);
    }
  }
  return { sources, byForm };
}

export type SourceIndex = ReturnType<typeof indexSources>;

/**
 * Check every value in `text` (money, durations, dates, ids, names, ...) against the sources: a value is
 * grounded when one of its forms equals a form a source states (`30 days` and `thirty days` agree), or
 * when its text appears verbatim in a source.
 */
export function checkValues(text: string, index: SourceIndex, detector = groundingDetector()): ValueCheck[] {
  return detector.detect(text).map((value) => {
    for (const form of formsOf(value)) {
      const source = index.byForm.get(form);
      if (source) return { value, source };
    }
    const needle = flat(value.text);
    return { value, source: index.sources.find((source) => containsWhole(flat(source.text), needle)) };
  });
}

function flat(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ');
}

/** Whether `needle` occurs in `text` as a whole token run: `$1` is not in `$14`, nor `14` in `14.5`. */
function containsWhole(text: string, needle: string): boolean {
  if (!needle) return false;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    const before = text.slice(Math.max(0, at - 1), at);
    const after = text.slice(at + needle.length, at + needle.length + 2);
    if (!/[\p{L}\p{N}]/u.test(before) && !/^(?:[\p{L}\p{N}]|[.,]\d)/u.test(after)) return true;
  }
  return false;
}
