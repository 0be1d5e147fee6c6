import * as chrono from 'chrono-node';
import type { Candidate } from './candidate.js';

/**
 * Absolute calendar dates, found by chrono's strict English parser: `May 1, 2026`, `2026-05-01`, `5/19/1937`,
 * `the 3rd of June`. Normalized `date:2026-05-01`, or `date:--06-03` (ISO-8601 month-day) when the year is not
 * written. Relative dates (`today`, `tomorrow`, `next Tuesday`, `in 3 days`) are skipped: they are not facts
 * that go stale, and a window such as `within 30 days` is a duration. A time of day alone is not a date.
 */

// A fixed reference keeps results independent of the clock; it only fills in parts we never report.
const reference = new Date(Date.UTC(2000, 0, 1));
const relativeWords =
  /\b(?:ago|within|in|later|from|next|last|this|seconds?|minutes?|hours?|days?|weeks?|months?|years?)\b/i;

// Cheap test for something chrono could read as an absolute date; chrono itself is slow.
const months = 'jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec';
const dateLike = new RegExp(
  `\\d{1,4}[./-]\\d{1,2}|\\b(?:${months})[a-z]*\\.?,?\\s+\\d|\\d(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:${months})`,
  'i',
);

function pad(value: number | null, width: number): string {
  return String(value ?? 0).padStart(width, '0');
}

export function recognizeDates(text: string): Candidate[] {
  // Every alternative of `dateLike` has a digit; a text without one is ruled out at a fraction of the cost.
  if (!/\d/.test(text) || !dateLike.test(text)) return [];
  const found: Candidate[] = [];
  for (const result of chrono.strict.parse(text, reference)) {
    const start = result.start;
    if (!start.isCertain('month') || !start.isCertain('day') || relativeWords.test(result.text)) continue;
    // Part of a longer run of numbers (a phone number `02.27.96.63.08`, an id): not a date.
    const end = result.index + result.text.length;
    if (
      /^[.\-/]?\d/.test(text.slice(end, end + 2)) ||
      /\d[.\-/]?$/.test(text.slice(Math.max(0, result.index - 2), result.index))
    ) {
      continue;
    }
    const monthDay = `${pad(start.get('month'), 2)}-${pad(start.get('day'), 2)}`;
    const normalized = start.isCertain('year') ? `date:${pad(start.get('year'), 4)}-${monthDay}` : `date:--${monthDay}`;
    found.push({ kind: 'date', start: result.index, end, normalized });
  }
  return found;
}
