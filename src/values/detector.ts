import { append } from '../util/append.js';
import { recognizeAddresses } from './address.js';
import type { Candidate, Recognizer } from './candidate.js';
import { recognizeDates } from './dates.js';
import { recognizeDurations } from './duration.js';
import { recognizeIdentifiers } from './identifiers.js';
import { recognizeMoney } from './money.js';
import { recognizeNationalIds } from './national-id.js';
import { recognizeEmails, recognizeIps, recognizeUrls } from './network.js';
import { resolveOverlaps } from './overlap.js';
import { recognizeCards, recognizeIbans } from './payment.js';
import { recognizePercentages } from './percentage.js';
import { recognizePeople } from './person.js';
import { recognizePhones } from './phone.js';
import { recognizePlans } from './plan.js';
import { recognizeUiPaths } from './ui-path.js';
import { recognizeUsernames } from './username.js';
import { classOf, type DetectOptions, type Value, type ValueClass, type ValueDetector } from './value.js';
import { recognizeVersions } from './version.js';

const recognizers: readonly Recognizer[] = [
  recognizeEmails,
  recognizeUrls,
  recognizeIps,
  recognizeCards,
  recognizeIbans,
  recognizeNationalIds,
  recognizeIdentifiers,
  recognizeUsernames,
  recognizeDates,
  recognizeMoney,
  recognizePercentages,
  recognizePhones,
  recognizeDurations,
  recognizeVersions,
  recognizeUiPaths,
  (text, options) => recognizePlans(text, options.planNames),
  recognizeAddresses,
  recognizePeople,
];

/**
 * Runs every recognizer, resolves overlaps (see `precedence`) across all of them — so that, asked only for
 * private values, a card number is still not also reported as a phone, nor a date as anything else — and
 * then keeps the classes asked for. Values come in text order and `text === input.slice(start, end)`.
 */
export function createValueDetector(): ValueDetector {
  return {
    detect(text: string, options: DetectOptions = {}): Value[] {
      if (text.length === 0) return [];
      const candidates: Candidate[] = [];
      for (const recognize of recognizers) append(candidates, recognize(text, options));
      const classes: ReadonlySet<ValueClass> | undefined = options.classes ? new Set(options.classes) : undefined;
      const values: Value[] = [];
      for (const candidate of resolveOverlaps(candidates)) {
        const valueClass = classOf(candidate.kind);
        if (classes !== undefined && !classes.has(valueClass)) continue;
        values.push({
          kind: candidate.kind,
          class: valueClass,
          text: text.slice(candidate.start, candidate.end),
          start: candidate.start,
          end: candidate.end,
          normalized: candidate.normalized,
          alternatives: candidate.alternatives ?? [],
        });
      }
      return values;
    },
  };
}
