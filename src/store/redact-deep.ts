import type { Redactor } from './forget-store.js';

/** Redact every string inside a JSON value (front-matter tags, subjects, extra keys' values). */
export function redactDeep(value: unknown, redact: Redactor): { value: unknown; changed: boolean } {
  if (typeof value === 'string') {
    const text = redact(value);
    return text === undefined ? { value, changed: false } : { value: text, changed: true };
  }
  if (Array.isArray(value)) {
    const items = value.map((item) => redactDeep(item, redact));
    return { value: items.map((item) => item.value), changed: items.some((item) => item.changed) };
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, inner]) => [key, redactDeep(inner, redact)] as const);
    return {
      value: Object.fromEntries(entries.map(([key, inner]) => [key, inner.value])),
      changed: entries.some(([, inner]) => inner.changed),
    };
  }
  return { value, changed: false };
}
