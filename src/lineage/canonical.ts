import { createHmac } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { detectValues, type ValueKind } from '../values/index.js';

/**
 * The canonical forms of one private value: what lineage hashes and forget compares, so that every surface
 * form of a value (`Dana.W@Example.com` and `dana.w@example.com`; `(415) 555-0142` and `+14155550142`;
 * `Ms. Dana Whitfield` and `Dana Whitfield`) gives the same forms. The value detector decides when it
 * recognizes the text alone; otherwise the kind's own rule does (a name the detector does not know is still
 * the name it was given as).
 */
export function canonicalForms(kind: string, text: string): string[] {
  const trimmed = text.trim();
  const [only] = detectValues(trimmed, { classes: ['private'] }).filter(
    (value) => value.kind === kind && coversMost(value.start, value.end, trimmed),
  );
  if (only) return [only.normalized, ...only.alternatives];
  return [fallbackForm(kind, trimmed)];
}

/** What a text given as a value is, when the detector recognizes it alone: its kind, else `undefined`. */
export function detectKind(text: string): ValueKind | undefined {
  const trimmed = text.trim();
  const values = detectValues(trimmed, { classes: ['private'] });
  const whole = values.find((value) => coversMost(value.start, value.end, trimmed));
  return whole?.kind;
}

/** The value's text without a title or surrounding spaces counts as the whole text. */
function coversMost(start: number, end: number, text: string): boolean {
  const before = text.slice(0, start).replace(/^(?:mr|mrs|ms|miss|mx|dr|prof|sir|madam)\.?\s*$/i, '');
  return before.trim() === '' && text.slice(end).trim() === '';
}

function fallbackForm(kind: string, text: string): string {
  if (kind === 'phone') {
    const phone = parsePhoneNumberFromString(text, 'US');
    return phone?.isValid() ? `phone:${phone.number}` : `phone:${text.replace(/[^\d+]/g, '')}`;
  }
  if (kind === 'card' || kind === 'iban' || kind === 'national_id')
    return `${kind}:${text.replace(/[\s-]/g, '').toLowerCase()}`;
  const words = text.toLowerCase().replace(/\s+/g, ' ');
  if (kind === 'person') return `person:${words.replace(/^(?:mr|mrs|ms|miss|mx|dr|prof|sir|madam)\.?\s+/, '')}`;
  return `${kind}:${words}`;
}

/** A keyed hash of a canonical form (HMAC-SHA256, hex): equal forms give equal hashes; the form cannot be read back. */
export function keyedHash(secret: Buffer, form: string): string {
  return createHmac('sha256', secret).update(form).digest('hex');
}
