import { type Candidate, collect } from './candidate.js';
import { formatNumber, numberDigitsSource, numberWordsSource, parseNumber } from './numbers.js';

/** Percentages: `10%`, `10 %`, `ten percent`, `12.5 per cent`; normalized `percentage:10`. */

const pattern = new RegExp(
  `(?<![\\w.,])(${numberDigitsSource}|${numberWordsSource})(?:\\s?%|\\s?(?:percent|per\\s+cent|pct)\\b)`,
  'gi',
);

export function recognizePercentages(text: string): Candidate[] {
  if (!/%|per\s*cent|pct/i.test(text)) return [];
  return collect(text, pattern, (match) => {
    const value = parseNumber(match[1] ?? '');
    if (value === undefined) return undefined;
    return {
      kind: 'percentage',
      start: match.index,
      end: match.index + match[0].length,
      normalized: `percentage:${formatNumber(value)}`,
    };
  });
}
