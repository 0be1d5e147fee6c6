import { findPhoneNumbersInText } from 'libphonenumber-js';
import { type Candidate, collect } from './candidate.js';
import { Coverage } from './overlap.js';
import type { DetectOptions } from './value.js';

/**
 * Phone numbers. libphonenumber finds valid US numbers (the default country) and international numbers
 * written with `+`, normalized to E.164 (`phone:+14155550100`). Numbers from elsewhere written without a
 * country code (`(96) 627-277`, `20-32-85-26`) are found by their shape when it is unambiguous (a `+` or
 * parenthesised area code, with separators) or when a phone word is near (`call`, `phone`, `fax`, `-Office`); those are
 * normalized to their digits (`phone:96627277`), with the `+` kept when written. North America's `ddd-ddd-dddd` is a
 * phone by its shape even when the area code is unassigned; so is a number in the reply to a turn asking for a phone.
 */

const shape =
  /(?<![\w+.-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{2,10}(?:[ .-]\d{2,8}){0,4}(?:\s?(?:x|ext\.?)\s?\d{1,5})?(?![\w]|[.-]\d)/gi;
const wordBefore =
  /(?:phone|call|tel|mobile|cell|fax|contact|reach|text|whatsapp|sms|dial|ring|number|\bat)\b[^.\n]{0,24}$/i;
const wordAfter = /^\s*-?\s*(?:office|fax|mobile|cell|home|work|landline)\b/i;

// Runs of digits and phone punctuation with at least seven digits: the only places a phone number can be.
const cluster = /\+?[\d(](?:[\d\s().\-/]|x\d|ext\.?\s?\d){5,}\d/gi;

/** libphonenumber over each digit cluster (with a little context), which is much faster than over the text. */
function fromLibrary(text: string): Candidate[] {
  const found: Candidate[] = [];
  cluster.lastIndex = 0;
  for (let match = cluster.exec(text); match !== null; match = cluster.exec(text)) {
    if (match[0].replace(/\D/g, '').length < 7) continue;
    const from = Math.max(0, match.index - 1);
    const window = text.slice(from, match.index + match[0].length + 1);
    for (const number of findPhoneNumbersInText(window, { defaultCountry: 'US' })) {
      found.push({
        kind: 'phone',
        start: from + number.startsAt,
        end: from + number.endsAt,
        normalized: `phone:${number.number.number}`,
      });
    }
  }
  return found;
}

function fromShape(text: string, asked: boolean): Candidate[] {
  return collect(text, shape, (match) => {
    const raw = match[0];
    const digits = raw.replace(/(?:x|ext\.?)\s?\d+$/i, '').replace(/\D/g, '');
    if (digits.length < 7 || digits.length > 15) return undefined;
    const end = match.index + raw.length;
    // `+1 …`, `(415) …`, or North America's three, three and four digits (`247-983-8853`, `247.983.8853`).
    const strongShape = (/^[+(]/.test(raw) && /[ .-]/.test(raw)) || /^\d{3}([-.])\d{3}\1\d{4}$/.test(raw);
    const before = text.slice(Math.max(0, match.index - 40), match.index);
    if (!strongShape && !asked && !wordBefore.test(before) && !wordAfter.test(text.slice(end, end + 16)))
      return undefined;
    const plus = raw.startsWith('+') ? '+' : '';
    return { kind: 'phone', start: match.index, end, normalized: `phone:${plus}${digits}` };
  });
}

/** A turn that asks for a phone number: the reply's digits are one. */
const asksPhone = /\b(?:phone|cell|mobile|telephone)\b/i;

export function recognizePhones(text: string, options: DetectOptions = {}): Candidate[] {
  if (!/(?:\d\D{0,3}){7}/.test(text)) return [];
  const library = fromLibrary(text);
  const taken = new Coverage(library, text.length);
  for (const found of library) taken.take(found);
  const asked = options.previous !== undefined && text.length <= 200 && asksPhone.test(options.previous);
  const shaped = fromShape(text, asked).filter((candidate) => taken.isFree(candidate));
  return [...library, ...shaped];
}
