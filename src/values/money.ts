import { append } from '../util/append.js';
import { type Candidate, collect } from './candidate.js';
import { numberDigitsSource, numberWordsSource, parseNumber } from './numbers.js';

/** Money: `$8`, `$8.00`, `8 dollars`, `USD 8`, `€5`, `50 cents`, `$1.2k`; normalized `money:USD:8.00`. */

const symbols: Record<string, string> = { $: 'USD', US$: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₹': 'INR' };
const codes = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'CHF', 'JPY', 'INR', 'NZD', 'SEK', 'NOK', 'DKK', 'MXN'];
const words: Record<string, string> = { dollar: 'USD', buck: 'USD', euro: 'EUR', cent: 'USD' };
const scales: Record<string, number> = { k: 1e3, thousand: 1e3, m: 1e6, mm: 1e6, million: 1e6, bn: 1e9, billion: 1e9 };

const amount = numberDigitsSource;
const scale = '(?:\\s?(k|thousand|mm?|million|bn|billion)\\b)?';
const symbolPattern = new RegExp(`(?<![\\w$])(US\\$|[$€£¥₹])\\s?(${amount})${scale}`, 'gi');
const codeBeforePattern = new RegExp(`\\b(${codes.join('|')})\\s?(${amount})${scale}`, 'g');
const codeAfterPattern = new RegExp(`(?<![\\w.,])(${amount})${scale}\\s?(${codes.join('|')})\\b`, 'g');
const wordPattern = new RegExp(
  `(?<![\\w.,$])(${amount}|${numberWordsSource})${scale}\\s+(dollars?|bucks?|euros?|cents?)\\b`,
  'gi',
);

/**
 * Cheap tests run before each pattern; each matches a piece that every match of its pattern contains, so a text
 * that fails one cannot match that pattern anywhere: a currency sign (`symbolPattern`; `US$` has `$`), a
 * currency code (both code patterns), or whitespace and a money word (`wordPattern` has `\s+` before it).
 */
const symbolGate = /[$€£¥₹]/;
const codeGate = new RegExp(codes.join('|'));
const wordGate = /\s(?:dollar|buck|euro|cent)/i;

function toCandidate(
  match: RegExpExecArray,
  currency: string | undefined,
  amountText: string | undefined,
  scaleText: string | undefined,
  divisor = 1,
): Candidate | undefined {
  if (currency === undefined || amountText === undefined) return undefined;
  const value = parseNumber(amountText);
  if (value === undefined) return undefined;
  const multiplier = scaleText === undefined ? 1 : (scales[scaleText.toLowerCase()] ?? 1);
  const total = (value * multiplier) / divisor;
  return {
    kind: 'money',
    start: match.index,
    end: match.index + match[0].length,
    normalized: `money:${currency}:${total.toFixed(2)}`,
  };
}

export function recognizeMoney(text: string): Candidate[] {
  if (!/[$€£¥₹]|\d|dollar|buck|euro|cent/i.test(text)) return [];
  const found: Candidate[] = [];
  if (symbolGate.test(text)) {
    append(
      found,
      collect(text, symbolPattern, (m) => toCandidate(m, symbols[(m[1] ?? '').toUpperCase()], m[2], m[3])),
    );
  }
  if (codeGate.test(text)) {
    found.push(
      ...collect(text, codeBeforePattern, (m) => toCandidate(m, m[1], m[2], m[3])),
      ...collect(text, codeAfterPattern, (m) => toCandidate(m, m[3], m[1], m[2])),
    );
  }
  if (wordGate.test(text)) {
    found.push(
      ...collect(text, wordPattern, (m) => {
        const unit = (m[3] ?? '').toLowerCase().replace(/s$/, '');
        return toCandidate(m, words[unit], m[1], m[2], unit === 'cent' ? 100 : 1);
      }),
    );
  }
  return found;
}
