import { type Candidate, collect, groupStart } from './candidate.js';

/**
 * Version and model numbers: `v2.3.1`, `version 2.3`, `release 4`, bare three-part versions (`2.3.1`), product
 * lines followed by a number (`iPhone 15`, `Galaxy S23`, `Windows 11`), and codes after `model` (`model X200`).
 * Normalized `version:` + lowercase with single spaces; a plain version loses its `v` or keyword, so
 * `v2.3.1`, `version 2.3.1` and `2.3.1` compare equal.
 */

const keyed = /\b(?:v|version\s+|ver\.?\s*|release\s+|firmware\s+|build\s+)(\d+(?:\.\d+){0,3}[a-z]?)\b(?!\.?\d)/dgi;
const semver = /(?<![\w.])(\d{1,3}\.\d{1,3}\.\d{1,4}(?:-[\w.]+)?)(?![\w]|\.\d)/g;
const products =
  'iPhone|iPad|iPod|MacBook(?: Air| Pro)?|iMac|Apple Watch(?: Series)?|AirPods|Pixel|Galaxy(?: [A-Z]\\w*)?|Surface(?: Pro| Laptop| Go)?|Kindle|PlayStation|PS|Xbox|Switch|Windows|macOS|iOS|iPadOS|Android|watchOS|Ubuntu|Python|Node(?:\\.js)?|Java|Chrome|Firefox|Safari|Office|ThinkPad|XPS|Model';
const productPattern = new RegExp(
  `\\b(?:${products})\\s?(?:\\d+[A-Za-z]{0,3}|[A-Z]{1,2}\\d+[A-Za-z]{0,3})(?:\\s(?:Pro|Max|Plus|Ultra|Mini|Lite|SE))*\\b`,
  'g',
);
const modelPattern = /\bmodel\s+(?:no\.?|number|#)?\s*([A-Z0-9]*\d[A-Z0-9-]*|[A-Z]+-?\d[\w-]*)\b/dgi;

function normalize(raw: string): string {
  return `version:${raw.toLowerCase().replace(/\s+/g, ' ').trim()}`;
}

export function recognizeVersions(text: string): Candidate[] {
  if (!/\d/.test(text)) return [];
  return [
    ...collect(text, keyed, (match) => ({
      kind: 'version',
      start: match.index,
      end: match.index + match[0].length,
      normalized: normalize(match[1] ?? ''),
    })),
    ...collect(text, semver, (match) => {
      const parts = (match[1] ?? '').split('-')[0]?.split('.').map(Number) ?? [];
      // 11.10.1967 is a date, not a version.
      if ((parts[2] ?? 0) > 999 || (parts[0] ?? 0) > 99) return undefined;
      return {
        kind: 'version',
        start: match.index,
        end: match.index + match[0].length,
        normalized: normalize(match[0]),
      };
    }),
    ...collect(text, productPattern, (match) => ({
      kind: 'version',
      start: match.index,
      end: match.index + match[0].length,
      normalized: normalize(match[0]),
    })),
    ...collect(text, modelPattern, (match) => ({
      kind: 'version',
      start: groupStart(match, 0),
      end: match.index + match[0].length,
      normalized: normalize(match[0]),
    })),
  ];
}
