import { type Candidate, collectAt, groupEnd, sticky } from './candidate.js';
import { formatNumber, numberDigitsSource, numberWords, numberWordsSource, parseNumber } from './numbers.js';
import { isAsciiLetter, isAsciiSpace, letterRuns, startsInStretches, stretchesBefore, wordStart } from './scan.js';

/**
 * Durations and windows, normalized as ISO-8601 durations so that surface forms compare equal:
 * `30 days`, `thirty days`, `30-day` → `duration:P30D`; weeks are counted in days (`two weeks` → `P14D`,
 * alternative `P2W`); a month is `P30D` with alternatives `P1M` and `P31D`; `n` months are `P{30n}D` with
 * alternative `P{n}M`; years are `P{n}Y` with alternatives `P{12n}M` and `P{365n}D`; hours `PT48H` (alternative
 * `P2D` when whole days). Business and working days count as days. A range (`3-5 business days`) is
 * normalized `duration:P3D..P5D` with both ends as alternatives. Frequencies (`once a month`, `$8 a month`,
 * `per year`), ages (`a 50 year old`) and the moments of a chat (`one second`, `a minute`) are not durations.
 */

const unitWords = 'seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|months?|mos?|years?|yrs?';
const unitSource = `(?:(business|working|calendar)[- ])?(${unitWords})\\b`;
const numberSource = `(${numberDigitsSource}|${numberWordsSource}|an?)`;
const single = new RegExp(`(?<![\\w.,$€£-])${numberSource}(?:\\s*-\\s*|\\s+)${unitSource}`, 'gdi');
const range = new RegExp(
  `(?<![\\w.,$€£-])(${numberDigitsSource}|${numberWordsSource})\\s*(?:-|–|to)\\s*${numberSource}\\s*[- ]?${unitSource}`,
  'gdi',
);
const singleAt = sticky(single);
const rangeAt = sticky(range);

/**
 * Where the unit of a duration can be: the unit group of both patterns, found on its own. No unit word is a
 * suffix of another, so this global search, which skips over each word it finds, misses no position where the
 * unit group matches.
 */
const units = new RegExp(`(?:${unitWords})\\b`, 'gi');

/**
 * The ASCII words that can stand before a unit in a match, glued or not (`3 tofive days` matches a range):
 * number words, `hundred`, `and`, `a`, `an`, `to`, `business`, `working`, `calendar`, and the unit words (a
 * word glued to its unit, `fivedays`, is one run of letters with it).
 */
const numberish = new RegExp(
  `^(?:${[...numberWords, 'hundred', 'and', 'an', 'a', 'to', 'business', 'working', 'calendar', unitWords].join('|')})+$`,
  'i',
);

/**
 * What can come before the unit in a match, for `stretchesBefore`: the numbers (digits, `,` or `.` before a
 * digit, number words and the spaces and hyphens in them), `-`, `–` or `to` and whitespace between them, and
 * `business ` or `working-`; a letter only inside a run of letters made of those words (`numberish`). Every match
 * starts at a number just before such a stretch that ends in a unit (see `startsInStretches`), so the two
 * patterns, which start at every digit and at every word beginning like a number word, are tried there only —
 * usually nowhere, as the word before a unit is seldom a number. A new predicate for each text (see `letterRuns`).
 */
function beforeUnit(): (text: string, index: number) => boolean {
  const numberishRun = letterRuns((text, start, end) => numberish.test(text.slice(start, end)));
  return (text, index) => {
    const code = text.charCodeAt(index);
    if (code >= 128) return true;
    if (isAsciiLetter(code)) return numberishRun(text, index);
    if (code === 44 || code === 46) {
      const next = text.charCodeAt(index + 1);
      return next >= 48 && next <= 57;
    }
    return (code >= 48 && code <= 57) || isAsciiSpace(code) || code === 45;
  };
}

/**
 * Where a number can start: a digit, or the first letter of a number word or of `a`, `an`, after a character
 * that is not `\w` (the patterns' lookbehind excludes it, and more).
 */
const numberStarts = new Uint8Array(128);
for (const character of '0123456789zotfsenaZOTFSENA') numberStarts[character.charCodeAt(0)] = 1;
const numberStart = wordStart(numberStarts);

const frequencyBefore = /(?:\bonce|\btwice|\btimes|\bper|[$€£]\s?[\d.,]+|\b\d+\s*(?:dollars?|euros?))\s*$/i;
/** "three bags a month", "200 emails a day": a plural noun before "a <unit>" makes it a rate. */
const pluralBefore = /\b([a-z]{3,}s)\s+$/i;
const notPlurals = new Set([
  'is',
  'was',
  'has',
  'does',
  'always',
  'this',
  'less',
  'unless',
  'plus',
  'across',
  'thus',
  'perhaps',
  'takes',
  'lasts',
  'needs',
  'gets',
  'its',
  'yes',
]);

interface Parsed {
  normalized: string;
  alternatives: string[];
}

function express(amount: number, unit: string): Parsed | undefined {
  const n = formatNumber(amount);
  const u = unit.toLowerCase();
  if (u.startsWith('sec')) return { normalized: `PT${n}S`, alternatives: [] };
  if (u.startsWith('min')) return { normalized: `PT${n}M`, alternatives: [] };
  if (u.startsWith('h')) {
    const alternatives = amount % 24 === 0 ? [`P${formatNumber(amount / 24)}D`] : [];
    return { normalized: `PT${n}H`, alternatives };
  }
  if (u.startsWith('d')) return { normalized: `P${n}D`, alternatives: [] };
  if (u.startsWith('w')) return { normalized: `P${formatNumber(amount * 7)}D`, alternatives: [`P${n}W`] };
  if (u.startsWith('mo')) {
    const alternatives = [`P${n}M`];
    if (amount === 1) alternatives.push('P31D');
    return { normalized: `P${formatNumber(amount * 30)}D`, alternatives };
  }
  if (u.startsWith('y')) {
    return {
      normalized: `P${n}Y`,
      alternatives: [`P${formatNumber(amount * 12)}M`, `P${formatNumber(amount * 365)}D`],
    };
  }
  return undefined;
}

function prefixed(parsed: Parsed): Parsed {
  return {
    normalized: `duration:${parsed.normalized}`,
    alternatives: parsed.alternatives.map((alternative) => `duration:${alternative}`),
  };
}

export function recognizeDurations(text: string): Candidate[] {
  if (!/sec|min|hour|hr|day|week|wk|month|mo|year|yr/i.test(text)) return [];
  const stretches = stretchesBefore(text, units, beforeUnit());
  const ranges = collectAt(text, rangeAt, startsInStretches(text, stretches, numberStart), (match) => {
    const low = parseNumber(match[1] ?? '');
    const high = parseNumber(match[2] ?? '');
    const unit = match[4] ?? '';
    if (low === undefined || high === undefined || low >= high) return undefined;
    const lowParsed = express(low, unit);
    const highParsed = express(high, unit);
    if (lowParsed === undefined || highParsed === undefined) return undefined;
    return {
      kind: 'duration',
      start: match.index,
      end: groupEnd(match, 4),
      normalized: `duration:${lowParsed.normalized}..${highParsed.normalized}`,
      alternatives: [`duration:${lowParsed.normalized}`, `duration:${highParsed.normalized}`],
    };
  });
  const singles = collectAt(text, singleAt, startsInStretches(text, stretches, numberStart), (match) => {
    const numberText = match[1] ?? '';
    const amount = parseNumber(numberText);
    if (amount === undefined || amount <= 0) return undefined;
    if (/^an?$/i.test(numberText)) {
      const before = text.slice(Math.max(0, match.index - 24), match.index);
      const plural = pluralBefore.exec(before)?.[1]?.toLowerCase();
      if (frequencyBefore.test(before) || (plural !== undefined && !notPlurals.has(plural))) return undefined;
    }
    // "give me one second", "just a minute": a moment of the chat, not a time the business promises.
    if (/^(?:an?|one)$/i.test(numberText) && /^(?:sec|second|min|minute)$/i.test(match[3] ?? '')) return undefined;
    // "a 50 year old man" is an age, not a duration.
    if (/^[- ]old\b/.test(text.slice(groupEnd(match, 3), groupEnd(match, 3) + 4))) return undefined;
    const parsed = express(amount, match[3] ?? '');
    if (parsed === undefined) return undefined;
    return { kind: 'duration', start: match.index, end: groupEnd(match, 3), ...prefixed(parsed) };
  });
  return [...ranges, ...singles];
}
