import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseForgetValue, subjectValue } from '../../src/forget/forget-value.js';
import { findValues, redactValues } from '../../src/forget/matcher.js';

const email = parseForgetValue('dana.whitfield@example.com', 1);
const phone = parseForgetValue('+1 415 555 0142', 2);
const name = parseForgetValue('Ms. Dana Whitfield', 3);
const subject = subjectValue('cust-1042');
const all = [email, phone, name, subject];
const found = (text: string) =>
  findValues(text, all, { detector: true }).map((span) => text.slice(span.start, span.end));

describe('forget values: every surface form, nothing else', () => {
  it('classifies values with the shared detector', () => {
    expect([email.kind, phone.kind, name.kind]).toEqual(['email', 'phone', 'person']);
    expect(email.forms).toEqual(['email:dana.whitfield@example.com']);
    expect(phone.forms).toEqual(['phone:+14155550142']);
    expect(name.forms).toEqual(['person:dana whitfield']);
    // A name the detector's lexicon does not know is still a name, and a phrase is literal text.
    expect(parseForgetValue('Oyelaran Tbeku', 1)).toMatchObject({ kind: 'person', forms: ['person:oyelaran tbeku'] });
    expect(parseForgetValue('flat 4 above the bakery', 1).kind).toBe('text');
  });

  it.each([
    ['Write to DANA.WHITFIELD@EXAMPLE.COM today', 'DANA.WHITFIELD@EXAMPLE.COM'],
    ['mail: Dana.Whitfield@Example.com.', 'Dana.Whitfield@Example.com'],
    ['call (415) 555-0142 now', '(415) 555-0142'],
    ['call 415.555.0142', '415.555.0142'],
    ['call +14155550142', '+14155550142'],
    ['call 4155550142', '4155550142'],
    ['call +1-415-555-0142', '+1-415-555-0142'],
    ['Approved for Ms. Dana Whitfield.', 'Ms. Dana Whitfield'],
    ['Approved for dana  whitfield.', 'dana  whitfield'],
    ['Ask Mrs Whitfield first', 'Mrs Whitfield'],
    ['account cust-1042 is closed', 'cust-1042'],
  ])('finds %j', (text, expected) => {
    expect(found(text)).toEqual([expected]);
  });

  it.each([
    'write to dana.whitfield@example.com.au',
    'xdana.whitfield@example.com',
    'call 415-555-0199',
    'order 94155550142 shipped',
    'order 41555501421 shipped',
    'Dana Scully and the Whitfield Road depot',
    'account cust-10420 is open',
  ])('leaves %j alone', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('redacts in place and keeps the rest of the text', () => {
    expect(redactValues('Ms. Dana Whitfield (415) 555-0142, cust-1042; refunds in 14 days.', all)).toBe(
      '[redacted] [redacted], [redacted]; refunds in 14 days.',
    );
    expect(redactValues('Refunds in 14 days.', all)).toBeUndefined();
  });

  it('refuses values that would match unrelated text, naming the option', () => {
    expect(() => parseForgetValue('  ', 2)).toThrowError(InputError);
    expect(() => parseForgetValue('ab', 4)).toThrowError("--value #4: 'ab' is too short");
  });
});
