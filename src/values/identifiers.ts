import { type Candidate, collect, groupEnd, groupStart } from './candidate.js';
import type { StateKind } from './value.js';

/**
 * Per-customer identifiers, keyed by the word before them: `order #12345`, `order ID 4471xz`,
 * `ticket 88123`, `case number: 00123`, `account ID: AB12CD`, `username: cminh730`, `tracking number 1Z…`;
 * plus UPS tracking numbers (`1Z` + 16) anywhere. The value is the identifier alone (not the keyword), it
 * must contain a digit and be at least three characters long, and it is normalized `order_id:` + lowercase.
 */

const keywords: Record<StateKind, string> = {
  order_id: 'order|purchase|invoice|receipt|confirmation|transaction|shipment|return|rma|refund',
  ticket_id: 'ticket|case|incident|request|reference|ref|claim|complaint|issue',
  account_id: 'account|acct|customer|member|membership|user|username|user name|login|subscriber|client|policy',
  tracking_id: 'tracking|waybill|parcel|package|consignment',
};
const label = "((?:'s)?(?:\\s+(?:id|number|no\\.?|num|nr|code|#))?\\s*(?:is|was|:|=|#|-)?\\s*(?:#\\s*)?)";
const identifier = '([A-Za-z0-9][A-Za-z0-9-]*[0-9][A-Za-z0-9-]*|[0-9][A-Za-z0-9-]*)';
const patterns = (Object.entries(keywords) as [StateKind, string][]).map(
  ([kind, words]) => [kind, new RegExp(`\\b(?:${words})${label}${identifier}(?![\\w@])`, 'gdi')] as const,
);
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
  for (const [kind, pattern] of patterns) {
    found.push(
      ...collect(text, pattern, (match) => {
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
