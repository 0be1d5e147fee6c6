import { describe, expect, it } from 'vitest';
import { servedAt, servedIntervals } from '../../src/store/timeline.js';
import { seededRandom } from '../helpers/random.js';

const v = (version: number, effective_from: string | null = null, effective_until: string | null = null) => ({
  version,
  effective_from,
  effective_until,
});
const day = (date: string) => `${date}T00:00:00.000Z`;

describe('which version is served when', () => {
  it.each([
    {
      story: 'a plain edit supersedes the old version everywhere',
      versions: [v(1), v(2)],
      expected: [{ version: 2, from: null, until: null }],
    },
    {
      story: 'a dated edit leaves the old version served until its date',
      versions: [v(1), v(2, '2026-12-01')],
      expected: [
        { version: 1, from: null, until: day('2026-12-01') },
        { version: 2, from: day('2026-12-01'), until: null },
      ],
    },
    {
      story: 'a temporary version splits the old one in two',
      versions: [v(1), v(2, '2026-12-20', '2027-01-02')],
      expected: [
        { version: 1, from: null, until: day('2026-12-20') },
        { version: 1, from: day('2027-01-02'), until: null },
        { version: 2, from: day('2026-12-20'), until: day('2027-01-02') },
      ],
    },
    {
      story: 'an undated edit after a scheduled change replaces both',
      versions: [v(1), v(2, '2026-12-01'), v(3)],
      expected: [{ version: 3, from: null, until: null }],
    },
    {
      story: 'a version that ended leaves a gap',
      versions: [v(1, null, '2026-11-01')],
      expected: [{ version: 1, from: null, until: day('2026-11-01') }],
    },
    {
      story: 'a later scheduled change inside an earlier one',
      versions: [v(1), v(2, '2026-06-01'), v(3, '2026-09-01')],
      expected: [
        { version: 1, from: null, until: day('2026-06-01') },
        { version: 2, from: day('2026-06-01'), until: day('2026-09-01') },
        { version: 3, from: day('2026-09-01'), until: null },
      ],
    },
  ])('$story', ({ versions, expected }) => {
    expect(servedIntervals(versions)).toEqual(expected);
  });

  it('finds the version served at an instant, with half-open intervals', () => {
    const intervals = servedIntervals([v(1), v(2, '2026-12-01', '2027-01-01')]);
    expect(servedAt(intervals, '2026-11-30T23:59:59Z')).toBe(1);
    expect(servedAt(intervals, '2026-12-01')).toBe(2);
    expect(servedAt(intervals, '2026-12-31T23:59:59Z')).toBe(2);
    expect(servedAt(intervals, '2027-01-01')).toBe(1);
  });

  it('never serves two versions at once and covers every instant some version covers', () => {
    // Property check over random version histories.
    const random = seededRandom(7);
    const dates = ['2026-01-01', '2026-03-01', '2026-06-01', '2026-09-01', '2026-12-01'];
    const probes = ['2025-06-01', ...dates, '2026-02-01', '2026-07-15', '2027-01-01'];
    for (let trial = 0; trial < 300; trial++) {
      const versions = Array.from({ length: 1 + Math.floor(random() * 5) }, (_, index) => {
        const from = random() < 0.5 ? null : (dates[Math.floor(random() * 4)] ?? null);
        const laterDates = dates.filter((date) => from === null || date > from);
        const until =
          random() < 0.7 || laterDates.length === 0
            ? null
            : (laterDates[Math.floor(random() * laterDates.length)] ?? null);
        return v(index + 1, from, until);
      });
      const intervals = servedIntervals(versions);
      for (const probe of probes) {
        const key = probe.length === 10 ? day(probe) : probe;
        const covering = intervals.filter(
          (i) => (i.from === null || i.from <= key) && (i.until === null || key < i.until),
        );
        expect(covering.length).toBeLessThanOrEqual(1);
        const inEffect = versions.filter(
          (version) =>
            (version.effective_from === null || day(version.effective_from) <= key) &&
            (version.effective_until === null || key < day(version.effective_until)),
        );
        const newest = inEffect.reduce<number | undefined>(
          (best, version) => Math.max(best ?? 0, version.version),
          undefined,
        );
        expect(covering[0]?.version).toBe(newest);
      }
    }
  });
});
