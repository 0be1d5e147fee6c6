import { describe, expect, it } from 'vitest';
import { type Candidate, collect, collectAt, sticky } from '../../src/values/candidate.js';
import { detectValues } from '../../src/values/index.js';
import { firstLetters, isAsciiLetter, startsInStretches, stretchesBefore, wordStart } from '../../src/values/scan.js';
import { tokenize, wordPattern } from '../../src/values/tokens.js';
import { seededRandom } from '../helpers/random.js';

// The detector skips work it can prove useless: a hand-written tokenizer in place of a regex, cheap tests before
// expensive patterns, patterns tried only where a match can start. These tests hold the shortcuts to what they
// replace; bench/values-speed.ts compares whole outputs with a recording on large corpora.

/** A seeded generator, so a failing input can be reproduced. */
const random = seededRandom;

/** Random strings of `pieces`, so that the rare characters meet each other. */
function fuzz(seed: number, pieces: readonly string[], count: number, maxLength = 20): string[] {
  const next = random(seed);
  return Array.from({ length: count }, () =>
    Array.from({ length: 1 + Math.floor(next() * maxLength) }, () => pieces[Math.floor(next() * pieces.length)]).join(
      '',
    ),
  );
}

describe('tokenize', () => {
  /** The tokenizer as it was written with `wordPattern` and two regexes for the sentence starts. */
  function reference(text: string): Array<[string, number, boolean, boolean]> {
    const tokens: Array<[string, number, boolean, boolean]> = [];
    let previousEnd = 0;
    for (const match of text.matchAll(wordPattern)) {
      const between = text.slice(previousEnd, match.index);
      const sentenceStart = tokens.length === 0 || /[.!?\n]\W*$/u.test(between) || /\n/.test(between);
      const first = match[0].charAt(0);
      tokens.push([match[0], match.index, first !== first.toLowerCase(), sentenceStart]);
      previousEnd = match.index + match[0].length;
    }
    return tokens;
  }

  const pieces = [
    ...['a', 'Z', 'ß', 'É', 'ſ', 'K', 'İ', 'Σ', 'ς', '0', '٣', 'Ⅻ', '_', 'e\u0301', '\u0301', '😀', '𝐀', '𝑎'],
    ...['\ud835', '\udc00', "'", '’', '-', "'s", '’S', 's', 'S', "'s'", '-s', ' ', '  ', '\u00a0', '\n', '\t'],
    ...['.', '!', '?', '. ', '."', '.)', ',', ':', '…', 'O’Brien', "rock'n'roll", 'Jean-Luc', 'name’s'],
  ];

  it('finds the words, offsets, case and sentence starts that the regex finds (5,000 random inputs)', () => {
    for (const text of fuzz(20260501, pieces, 5000)) {
      const tokens = tokenize(text).map((token): [string, number, boolean, boolean] => [
        token.text,
        token.start,
        token.capitalised,
        token.sentenceStart,
      ]);
      expect(tokens, JSON.stringify(text)).toEqual(reference(text));
      for (const token of tokenize(text)) {
        expect(token.end).toBe(token.start + token.text.length);
        expect(token.lower).toBe(token.text.toLowerCase());
        expect(token.source).toBe(text);
      }
    }
  });
});

describe('collectAt with startsInStretches', () => {
  // A pattern of the kind the shortcut serves: a keyword at a word boundary, a label, and an identifier with a
  // digit, with only letters, spaces, `#`, `:` and `-` before the first digit.
  const global = /\b(?:order|ref|refund|no)(?:\s+(?:id|no\.?))?\s*[:#-]?\s*([a-z]*\d[a-z0-9-]*)/gi;
  const between = (text: string, index: number): boolean => {
    const code = text.charCodeAt(index);
    if (code >= 128) return true;
    if (code === 46) return (text.charCodeAt(index - 1) | 0x20) === 111;
    return isAsciiLetter(code) || code === 32 || (code >= 9 && code <= 13) || code === 35 || code === 58 || code === 45;
  };
  const starts = wordStart(firstLetters(['order', 'ref', 'refund', 'no']));
  const toCandidate = (match: RegExpExecArray): Candidate => ({
    kind: 'order_id',
    start: match.index,
    end: match.index + match[0].length,
    normalized: match[0],
  });
  const pieces = [
    ...['order', 'Order', 'ORDER', 'ref', 'refund', 'no', 'no.', 'No. ', ' id', ' ID', ' ', '  ', '\n', '\u00a0'],
    ...['#', ':', '-', '.', ',', '!', '12', '7', '0', 'a', 'x9', 'reorder', '_', 'é', '😀', 'order#1', 'ref-2'],
  ];

  it('finds exactly the matches of the global search (5,000 random inputs)', () => {
    const atStarts = sticky(global);
    for (const text of fuzz(7, pieces, 5000)) {
      const stretches = stretchesBefore(text, /\d+/g, between);
      const found = collectAt(text, atStarts, startsInStretches(text, stretches, starts), toCandidate);
      expect(found, JSON.stringify(text)).toEqual(collect(text, global, toCandidate));
    }
  });

  it('looks at each character a bounded number of times when anchors share a stretch', () => {
    const text = 'order '.repeat(20_000).concat('1');
    const started = performance.now();
    const stretches = stretchesBefore(text, /order/g, () => true);
    const next = startsInStretches(text, stretches, starts);
    let count = 0;
    for (let position = next(0); position >= 0; position = next(position + 1)) count += 1;
    expect(count).toBe(19_999);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('values found through the shortcuts', () => {
  // Outputs recorded from the detector before the shortcuts were added (texts that reach each of them).
  it.each<[string, Array<[string, string, string]>]>([
    ['Delivery takes 3 tofive days, or fivedays by air.', [['duration', '3 tofive days', 'duration:P3D..P5D']]],
    [
      'It lasts twenty-one days; 1,000.5 hours; 3–5 business days; a 50 year old; this week.',
      [
        ['duration', 'twenty-one days', 'duration:P21D'],
        ['duration', '1,000.5 hours', 'duration:PT1000.5H'],
        ['duration', '3–5 business days', 'duration:P3D..P5D'],
      ],
    ],
    [
      'Your order no. 12345 and Order ID: AB12CD; refund2024; user name: x99.',
      [
        ['order_id', '12345', 'order_id:12345'],
        ['order_id', 'AB12CD', 'order_id:ab12cd'],
        ['ticket_id', 'und2024', 'ticket_id:und2024'],
        ['username', 'x99', 'username:x99'],
      ],
    ],
    [
      "Order's ID: AB-CD-12, orderAB12, orderis 5501, case no.123, user name: 4x4 and ticket\u00a0#\u00a09981.",
      [
        ['order_id', 'AB-CD-12', 'order_id:ab-cd-12'],
        ['order_id', '5501', 'order_id:5501'],
        ['ticket_id', '123', 'ticket_id:123'],
        ['username', '4x4', 'username:4x4'],
        ['ticket_id', '9981', 'ticket_id:9981'],
      ],
    ],
    [
      'Sent to the reference desk 2 days ago; your refund of 30 days; return 2 shirts; account 77-day.',
      [
        ['duration', '2 days', 'duration:P2D'],
        ['duration', '30 days', 'duration:P30D'],
        ['duration', '77-day', 'duration:P77D'],
      ],
    ],
    [
      'Needs Node.js 18 or ver. 2.3, a Galaxy S23, model # X-200 or an iPhone 15 Pro.',
      [
        ['version', 'Node.js 18', 'version:node.js 18'],
        ['version', 'ver. 2.3', 'version:2.3'],
        ['version', 'Galaxy S23', 'version:galaxy s23'],
        ['version', 'model # X-200', 'version:model # x-200'],
        ['version', 'iPhone 15 Pro', 'version:iphone 15 pro'],
      ],
    ],
    [
      'Go to Settings > Billing > Cancel, or from Account → Subscription → Cancel plan.',
      [
        ['ui_path', 'Settings > Billing > Cancel', 'ui_path:settings > billing > cancel'],
        ['ui_path', 'Account → Subscription → Cancel plan', 'ui_path:account > subscription > cancel plan'],
      ],
    ],
    [
      'Öffne Konto → Abo → Kündigen',
      [['ui_path', 'Öffne Konto → Abo → Kündigen', 'ui_path:öffne konto > abo > kündigen']],
    ],
    [
      'Send it to Hauptstraße 5, 10115 Berlin or Via Roma 74, 00184 Roma.',
      [
        [
          'address',
          'Hauptstraße 5, 10115 Berlin or Via Roma 74, 00184',
          'address:hauptstraße 5 10115 berlin or via roma 74 00184',
        ],
      ],
    ],
    ['Kromwater 38\n1234 AB Amsterdam', [['address', 'Kromwater 38\n1234', 'address:kromwater 38 1234']]],
    [
      'We moved to austin, tx 78701 and then Austin, TX 78701-1234.',
      [
        [
          'address',
          'moved to austin, tx 78701 and then Austin, TX 78701-1234',
          'address:moved to austin tx 78701 and then austin tx 78701 1234',
        ],
      ],
    ],
    [
      'Thanks, Crystal! Hi\u00a0Penny, my name is tracy sukhorukova. ANNA met Mr. Smith.',
      [
        ['person', 'Crystal', 'person:crystal'],
        ['person', 'Penny', 'person:penny'],
        ['person', 'tracy sukhorukova', 'person:tracy sukhorukova'],
        ['person', 'Smith', 'person:smith'],
      ],
    ],
    [
      'That is five dollars, USD 8, 8 EUR or €5.',
      [
        ['money', 'five dollars', 'money:USD:5.00'],
        ['money', 'USD 8', 'money:USD:8.00'],
        ['money', '8 EUR', 'money:EUR:8.00'],
        ['money', '€5', 'money:EUR:5.00'],
      ],
    ],
    [
      'Klimek shouted at O’Brien near 18 Harbour Lane.',
      [
        ['person', 'Klimek', 'person:klimek'],
        ['address', '18 Harbour Lane.', 'address:18 harbour lane'],
      ],
    ],
  ])('%s', (text, expected) => {
    expect(detectValues(text).map((value) => [value.kind, value.text, value.normalized])).toEqual(expected);
  });
});
