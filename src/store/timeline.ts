import { instantKey } from '../documents/parse-document.js';

/**
 * Which version of a document is served when.
 *
 * Rule: at any instant, the newest version whose effective interval contains that instant is served.
 * A version without `effective_from` has always been in effect; without `effective_until`, it never ends.
 * So an ordinary edit supersedes the old version everywhere (its chunks can go), while an edit dated
 * `effective_from: 2026-12-01` leaves the previous version served until then: a scheduled change.
 *
 * Intervals are half-open `[from, until)` over instant keys (see `instantKey`); `null` is unbounded.
 */
export interface ServedInterval {
  version: number;
  from: string | null;
  until: string | null;
}

export interface VersionDates {
  version: number;
  effective_from: string | null;
  effective_until: string | null;
}

type Interval = { from: string | null; until: string | null };

export function servedIntervals(versions: readonly VersionDates[]): ServedInterval[] {
  const newestFirst = [...versions].sort((a, b) => b.version - a.version);
  let covered: Interval[] = [];
  const served: ServedInterval[] = [];
  for (const version of newestFirst) {
    const own: Interval = {
      from: version.effective_from === null ? null : instantKey(version.effective_from),
      until: version.effective_until === null ? null : instantKey(version.effective_until),
    };
    for (const piece of subtract(own, covered)) served.push({ version: version.version, ...piece });
    covered = union([...covered, own]);
  }
  return served.sort((a, b) => a.version - b.version || compareLower(a.from, b.from));
}

/** The version served at an instant, given the intervals from `servedIntervals`. */
export function servedAt(intervals: readonly ServedInterval[], at: string): number | undefined {
  const key = instantKey(at);
  return intervals.find((interval) => contains(interval, key))?.version;
}

function contains(interval: Interval, key: string): boolean {
  return (interval.from === null || interval.from <= key) && (interval.until === null || key < interval.until);
}

function compareLower(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

function compareUpper(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** Merge overlapping or touching intervals into a sorted disjoint list. */
function union(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => compareLower(a.from, b.from));
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && (last.until === null || (interval.from !== null && interval.from <= last.until))) {
      if (compareUpper(interval.until, last.until) > 0) last.until = interval.until;
    } else {
      merged.push({ ...interval });
    }
  }
  return merged;
}

/** `interval` minus a sorted disjoint list of intervals. */
function subtract(interval: Interval, covered: Interval[]): Interval[] {
  const pieces: Interval[] = [];
  let cursor: string | null = interval.from;
  let open = true; // whether `cursor` still lies before interval.until
  for (const hole of covered) {
    if (!open) break;
    // Skip holes that end before the cursor.
    if (hole.until !== null && cursor !== null && hole.until <= cursor) continue;
    // The hole starts after the interval ends: nothing more to cut.
    if (interval.until !== null && hole.from !== null && hole.from >= interval.until) break;
    if (compareLower(hole.from, cursor) > 0) pieces.push({ from: cursor, until: hole.from });
    if (hole.until === null || (interval.until !== null && hole.until >= interval.until)) {
      open = false;
    } else if (compareLower(hole.until, cursor) > 0) {
      cursor = hole.until;
    }
  }
  if (open && (interval.until === null || cursor === null || cursor < interval.until)) {
    pieces.push({ from: cursor, until: interval.until });
  }
  return pieces;
}
