import { type Candidate, collect, collectAt, groupEnd, groupStart, sticky } from './candidate.js';
import {
  firstLetters,
  isAsciiLetter,
  isAsciiSpace,
  letterRuns,
  startsInStretches,
  stretchesBeforeDigits,
  wordStart,
} from './scan.js';
import type { StateKind } from './value.js';

/**
 * Per-customer identifiers, keyed by the word before them: `order #12345`, `order ID 4471xz`,
 * `ticket 88123`, `case number: 00123`, `account ID: AB12CD`, `tracking number 1Z…`;
 * plus UPS tracking numbers (`1Z` + 16) anywhere. The value is the identifier alone (not the keyword), it
 * must contain a digit and be at least three characters long, and it is normalized `order_id:` + lowercase.
 */

const keywords: Record<StateKind, string> = {
  order_id: 'order|purchase|invoice|receipt|confirmation|transaction|shipment|return|rma|refund',
  ticket_id: 'ticket|case|incident|request|reference|ref|claim|complaint|issue',
  account_id: 'account|acct|customer|member|membership|user|subscriber|client|policy',
  tracking_id: 'tracking|waybill|parcel|package|consignment',
};
const label = "((?:'s)?(?:\\s+(?:id|number|no\\.?|num|nr|code|#))?\\s*(?:is|was|:|=|#|-)?\\s*(?:#\\s*)?)";
const identifier = '([A-Za-z0-9][A-Za-z0-9-]*[0-9][A-Za-z0-9-]*|[0-9][A-Za-z0-9-]*)';
const patterns = (Object.entries(keywords) as [StateKind, string][]).map(([kind, words]) => ({
  kind,
  pattern: sticky(new RegExp(`\\b(?:${words})${label}${identifier}(?![\\w@])`, 'gdi')),
  mayStart: wordStart(firstLetters(words.split('|'))),
}));

/**
 * The words that can stand, glued or not, between the start of a match and the identifier (`orderis 123`):
 * the keywords, the label words, and the `s` of `'s`.
 */
const labelWords = new RegExp(
  `^(?:${[...Object.values(keywords), 'id|number|no|num|nr|code|is|was|s'].join('|')})+$`,
  'i',
);

/**
 * What can come between a keyword's first letter and the identifier's first digit, for `stretchesBefore`: the
 * keyword and label (`labelWords`, whitespace, `'`, `#`, `:`, `=`, `-`, and a period after an `o`: `no.`), and
 * the identifier's letters before its first digit, which are glued to that digit (`AB-12`). So a letter passes
 * if its run of letters and hyphens runs into a digit, or if its run of letters is made of `labelWords`. Every
 * match starts at a keyword just before such a stretch that ends in a run of digits (see `startsInStretches`),
 * so each pattern is tried there only — usually nowhere, as the word before a number is seldom a keyword.
 * A new predicate for each text (see `letterRuns`).
 */
function betweenKeywordAndDigit(): (text: string, index: number) => boolean {
  const labelOrGluedRun = letterRuns((text, start, end) => {
    let glued = end;
    while (glued < text.length && (isAsciiLetter(text.charCodeAt(glued)) || text.charCodeAt(glued) === 45)) glued += 1;
    const next = text.charCodeAt(glued);
    return (next >= 48 && next <= 57) || labelWords.test(text.slice(start, end));
  });
  return (text, index) => {
    const code = text.charCodeAt(index);
    if (code >= 128) return true;
    if (isAsciiLetter(code)) return labelOrGluedRun(text, index);
    if (code === 46) return index > 0 && (text.charCodeAt(index - 1) | 0x20) === 111; // `.` after `o` or `O`
    return (
      isAsciiSpace(code) ||
      code === 39 || // '
      code === 35 || // #
      code === 58 || // :
      code === 61 || // =
      code === 45 // -
    );
  };
}
const upsTracking = /\b1Z[0-9A-Z]{16}\b/g;

const unitAfter = /^\s*(?:%|dollars?|euros?|cents?|items?|units?|pieces?|days?|weeks?|months?|years?|hours?|times)\b/i;

/**
 * After an explicit label (`#`, `ID`, `number`, `:`) any token with a digit is an id; after the bare keyword
 * ("order 2 shirts", "return 30-day") it must look like one: four digits or more, or letters and digits mixed.
 */
function accept(id: string, labelled: boolean, after: string): boolean {
  const digits = id.replace(/\D/g, '').length;
  if (digits === 0 || unitAfter.test(after) || /^\d+-(?:day|week|month|year|hour)s?$/i.test(id)) return false;
  if (labelled) return true;
  return digits >= 4 || (id.length >= 5 && digits >= 2 && /[a-z]/i.test(id));
}

export function recognizeIdentifiers(text: string): Candidate[] {
  if (!/\d/.test(text)) return [];
  const found: Candidate[] = [];
  const stretches = stretchesBeforeDigits(text, betweenKeywordAndDigit());
  for (const { kind, pattern, mayStart } of patterns) {
    const nextStart = startsInStretches(text, stretches, mayStart);
    found.push(
      ...collectAt(text, pattern, nextStart, (match) => {
        const id = (match[2] ?? '').replace(/-+$/, '');
        const start = groupStart(match, 2);
        const labelled = /[#:=]|\b(?:id|number|no|num|nr|code)\b/i.test(match[1] ?? '');
        if (!accept(id, labelled, text.slice(start + id.length, start + id.length + 12))) return undefined;
        return { kind, start, end: start + id.length, normalized: `${kind}:${id.toLowerCase()}` };
      }),
    );
  }
  found.push(
    ...collect(text, upsTracking, (match) => ({
      kind: 'tracking_id',
      start: match.index,
      end: groupEnd(match, 0),
      normalized: `tracking_id:${match[0].toLowerCase()}`,
    })),
  );
  return found;
}
