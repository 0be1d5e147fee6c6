import { html } from 'hono/html';
import { instantKey } from '../../documents/parse-document.js';
import { type ServedInterval, servedAt, servedIntervals, type VersionDates } from '../../store/timeline.js';
import type { Html } from '../layout.js';

/**
 * What is served when, in words, for the console: the versions served from now on (today's, then each
 * scheduled change), and where one version stands (served now, scheduled, superseded). Computed with the
 * store's own rule (`servedIntervals`), over the versions the reader may read.
 */

export interface ScheduleStep extends ServedInterval {
  /** Whether this step is the one served now. */
  now: boolean;
}

/** A version with its dates, as `history` lists it (`created_at` names when a version superseded another). */
export type DatedVersion = VersionDates & { created_at?: string | undefined };

/** The served intervals that are current or still to come at `now`, in time order. */
export function upcoming(versions: readonly VersionDates[], now: string): ScheduleStep[] {
  const key = instantKey(now);
  return servedIntervals(versions)
    .filter((interval) => interval.until === null || interval.until > key)
    .sort((a, b) => (a.from ?? '').localeCompare(b.from ?? ''))
    .map((interval) => ({ ...interval, now: interval.from === null || interval.from <= key }));
}

/** An instant key as a person reads it: the date alone at midnight UTC, else date and time. */
export function showInstant(key: string): string {
  return key.endsWith('T00:00:00.000Z') ? key.slice(0, 10) : `${key.slice(0, 16).replace('T', ' ')} UTC`;
}

/** A date for a form's date field: the instant's date (its time, if any, is dropped). */
export const dateOf = (key: string | null): string => (key === null ? '' : key.slice(0, 10));

const versionLink = (id: string, version: number) =>
  html`<a href="/document?id=${encodeURIComponent(id)}&version=${version}">v${version}</a>`;

/** The served steps as a table: when, which version; `fresh` marks the version a save would make. */
export function timelineTable(options: {
  id: string;
  steps: readonly ScheduleStep[];
  titles?: ReadonlyMap<number, string>;
  fresh?: number | undefined;
  testId: string;
}): Html {
  const { id, steps, fresh } = options;
  if (steps.length === 0)
    return html`<p class="meta" data-testid="${options.testId}">Nothing is served from today on.</p>`;
  return html`<table class="timeline" data-testid="${options.testId}">
    <tr><th>When</th><th>Served</th></tr>
    ${steps.map(
      (step) => html`<tr class="${step.version === fresh ? 'new' : ''}" data-version="${step.version}">
        <td class="${step.now ? 'now' : ''}">${when(step)}</td>
        <td>${
          step.version === fresh
            ? html`<strong>your change</strong> (v${step.version})`
            : html`${versionLink(id, step.version)} ${options.titles?.get(step.version) ?? ''}`
        }${step.now ? '' : html` <span class="pill">scheduled</span>`}</td>
      </tr>`,
    )}
  </table>`;
}

function when(step: ScheduleStep): string {
  const until = step.until === null ? '' : ` until ${showInstant(step.until)}`;
  if (step.now) return `today${until || ', open-ended'}`;
  return `from ${showInstant(step.from ?? '')}${until}`;
}

/**
 * Where one version stands, in words: served now (until when, and what follows), scheduled, or no longer
 * served (superseded by which version, on which date; or expired).
 */
export function versionStatus(options: {
  id: string;
  version: number;
  versions: readonly DatedVersion[];
  now: string;
}): Html {
  const { id, version, versions } = options;
  const now = instantKey(options.now);
  const intervals = servedIntervals(versions);
  const pieces = intervals.filter((interval) => interval.version === version);
  const current = pieces.find(
    (piece) => (piece.from === null || piece.from <= now) && (piece.until === null || now < piece.until),
  );
  const next = (at: string) => {
    const following = servedAt(intervals, at);
    return following === undefined ? html`then nothing is served` : html`then ${versionLink(id, following)}`;
  };
  if (current) {
    return current.until === null
      ? html`<span class="pill" data-status="current">served now</span> open-ended`
      : html`<span class="pill" data-status="current">served now</span> until ${showInstant(current.until)}, ${next(current.until)}`;
  }
  const later = pieces.find((piece) => piece.from !== null && piece.from > now);
  if (later?.from) {
    return html`<span class="pill" data-status="scheduled">scheduled</span> served from ${showInstant(later.from)}${
      later.until === null ? '' : ` until ${showInstant(later.until)}`
    }`;
  }
  const last = pieces.at(-1);
  if (last?.until) {
    const following = servedAt(intervals, last.until);
    return following === undefined
      ? html`<span class="pill muted" data-status="expired">no longer served</span> since ${showInstant(last.until)}`
      : html`<span class="pill muted" data-status="superseded">superseded</span> by ${versionLink(id, following)} on ${showInstant(last.until)}`;
  }
  // Never served: a newer version covers all of its dates. Name the one served where it would have been.
  const own = versions.find((entry) => entry.version === version);
  const at = own?.effective_from ? instantKey(own.effective_from) : now;
  const successor = servedAt(intervals, at) ?? versions.find((entry) => entry.version > version)?.version;
  if (successor === undefined) return html`<span class="pill muted" data-status="superseded">not served</span>`;
  const saved = versions.find((entry) => entry.version === successor)?.created_at;
  return html`<span class="pill muted" data-status="superseded">superseded</span> by ${versionLink(id, successor)}${
    saved ? ` on ${saved.slice(0, 10)}` : ''
  }`;
}
