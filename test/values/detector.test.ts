import { describe, expect, it } from 'vitest';
import { classOf, createValueDetector, detectValues, type Value } from '../../src/values/index.js';
import { seededRandom } from '../helpers/random.js';

/** What every result must satisfy, whatever the input. */
function expectWellFormed(input: string, values: Value[]): void {
  let previousEnd = 0;
  for (const value of values) {
    expect(value.text).toBe(input.slice(value.start, value.end));
    expect(value.end).toBeGreaterThan(value.start);
    expect(value.start).toBeGreaterThanOrEqual(previousEnd);
    expect(value.class).toBe(classOf(value.kind));
    expect(value.normalized.startsWith(`${value.kind}:`)).toBe(true);
    for (const alternative of value.alternatives) expect(alternative.startsWith(`${value.kind}:`)).toBe(true);
    previousEnd = value.end;
  }
}

/** A seeded generator, so a failing input can be reproduced. */
const random = seededRandom;

const fragments = [
  '$',
  '€',
  '8',
  '30',
  '.00',
  ' dollars',
  ' days',
  '-day',
  ' a month',
  '%',
  ' percent',
  'v2.3',
  '.1',
  'order #',
  'ticket ',
  'ID: ',
  'AB12',
  '@',
  'mail.com',
  'https://',
  'www.',
  '.com/',
  ' > ',
  ' → ',
  '[',
  ']',
  'Settings',
  'Billing',
  'Mr. ',
  'Ms ',
  'my name is ',
  'Crystal',
  'Minh',
  'Wijtze',
  ' Street',
  ' Apt. 4',
  '\n',
  ', ',
  'TX 78701',
  '4111 1111 1111 1111',
  'GB82 WEST 1234 5698 7654 32',
  '192.168.',
  '::',
  '415-555-0100',
  '(96) 627-277',
  '536-22-8917',
  ' plan',
  ' gold ',
  'May 1, 2026',
  '2026-05-01',
  'iPhone 15',
  'the corner of ',
  ' and ',
  'É',
  'ß',
  '😀',
  '  ',
  '.',
  '?',
  'x',
  'Z',
  '0',
];

describe('every result', () => {
  it('is in text order, without overlaps, with text === input.slice(start, end) (500 random inputs)', () => {
    const next = random(20260501);
    const detector = createValueDetector();
    for (let run = 0; run < 500; run += 1) {
      const parts = Array.from(
        { length: 1 + Math.floor(next() * 24) },
        () => fragments[Math.floor(next() * fragments.length)],
      );
      const input = parts.join('');
      expectWellFormed(input, detector.detect(input));
    }
  });

  it('handles empty, blank and very long input', () => {
    expect(detectValues('')).toEqual([]);
    expect(detectValues('   \n\t ')).toEqual([]);
    const long = 'Refunds take 30 days; call 415-555-0100 or write to a@b.com. '.repeat(2000);
    const values = detectValues(long);
    expect(values).toHaveLength(6000);
    expectWellFormed(long, values);
  });
});

describe('overlapping candidates', () => {
  it.each([
    ['card 4111 1111 1111 1111', ['card']],
    ['Effective 2026-05-01 only', ['date']],
    ['Call 415-555-0100', ['phone']],
    ['Write to jane@example.com', ['email']],
    ['Your order #12345 ships', ['order_id']],
    ['SSN 536-22-8917', ['national_id']],
  ])('keeps the most specific reading of %s', (text, kinds) => {
    expect(detectValues(text).map((value) => value.kind)).toEqual(kinds);
  });

  it('resolves the same way even when only one class is asked for', () => {
    expect(detectValues('card 4111 1111 1111 1111', { classes: ['private'] }).map((value) => value.kind)).toEqual([
      'card',
    ]);
    expect(detectValues('Effective 2026-05-01', { classes: ['private'] })).toEqual([]);
  });
});

describe('classes', () => {
  const text = 'Order #12345 for Crystal Minh costs $8 and ships within 30 days.';

  it('gives every class by default, in text order', () => {
    expect(detectValues(text).map((value) => [value.kind, value.class])).toEqual([
      ['order_id', 'state'],
      ['person', 'private'],
      ['money', 'fact'],
      ['duration', 'fact'],
    ]);
  });

  it('keeps only the classes asked for', () => {
    expect(detectValues(text, { classes: ['fact'] }).map((value) => value.kind)).toEqual(['money', 'duration']);
    expect(detectValues(text, { classes: ['state', 'private'] }).map((value) => value.kind)).toEqual([
      'order_id',
      'person',
    ]);
  });
});

describe('ordinary support prose', () => {
  const clean = [
    "Thanks for reaching out! I'm happy to help you with your return today.",
    'I understand how frustrating it is when a package arrives damaged.',
    'Could you tell me a little more about what happened?',
    'Let me check that for you, it will only take a moment.',
    "I've gone ahead and submitted the request on your behalf.",
    'Is there anything else I can help you with today?',
    'You should receive a confirmation email shortly.',
    'Please make sure the item is unused and in its original packaging.',
    'Our team reviews every request carefully before approving it.',
    "I'm sorry for the inconvenience this has caused.",
    'Have a wonderful evening and take care!',
    'Go to Settings and open Billing to see your invoices.',
    'Sure, I can walk you through updating your password step by step.',
    'Unfortunately, we are unable to change the shipping address once the order ships.',
    'Great news: your refund has been approved and is on its way.',
    'Hello! Welcome to customer support. How may I assist you?',
    'I will escalate this to my manager so they can take a closer look.',
    'May I have your name please?',
  ];

  it.each(clean)('holds no private data: %s', (sentence) => {
    expect(detectValues(sentence, { classes: ['private'] })).toEqual([]);
  });
});

describe('placeholders written by seam lint --fix', () => {
  it.each([
    'Thanks, {person_1}! Your order #{order_id_1} ships to {address_1}.',
    'My name is {person_1} and my email is {email_1}, phone {phone_1}.',
    'Hi {person_2}, I refunded card {card_1} for account ID {account_id_1}.',
    'Mr. {person_1} lives at {address_1}',
  ])('are not values themselves: %s', (text) => {
    expect(detectValues(text)).toEqual([]);
  });
});
