import { describe, expect, it } from 'vitest';
import { detectValues, type Value, type ValueKind } from '../../src/values/index.js';

/** The values of one kind in `text`, as [text, normalized]. */
function found(text: string, kind: ValueKind, planNames?: string[]): Array<[string, string]> {
  const values = detectValues(text, planNames === undefined ? {} : { planNames });
  return values.filter((value) => value.kind === kind).map((value) => [value.text, value.normalized]);
}

/** Every canonical form a value stands for: `normalized` and its alternatives. */
function forms(value: Value): string[] {
  return [value.normalized, ...value.alternatives];
}

describe('money', () => {
  it.each([
    ['Standard shipping is $8.', '$8', 'money:USD:8.00'],
    ['Standard shipping is $8.00 per order.', '$8.00', 'money:USD:8.00'],
    ['It costs 8 dollars.', '8 dollars', 'money:USD:8.00'],
    ['It costs eight dollars.', 'eight dollars', 'money:USD:8.00'],
    ['Pay USD 8 at checkout.', 'USD 8', 'money:USD:8.00'],
    ['The fee is 12.50 EUR a month.', '12.50 EUR', 'money:EUR:12.50'],
    ['A €5 voucher is included.', '€5', 'money:EUR:5.00'],
    ['Only £1,299.99 today.', '£1,299.99', 'money:GBP:1299.99'],
    ['A 50 cents surcharge applies.', '50 cents', 'money:USD:0.50'],
    ['Raised $1.5k so far.', '$1.5k', 'money:USD:1500.00'],
  ])('%s', (text, surface, normalized) => {
    expect(found(text, 'money')).toEqual([[surface, normalized]]);
  });

  it('makes "$8", "$8.00" and "8 dollars" one value (issue 3)', () => {
    const values = detectValues('Shipping is $8, or $8.00, or 8 dollars.');
    expect(values.map((value) => value.normalized)).toEqual(['money:USD:8.00', 'money:USD:8.00', 'money:USD:8.00']);
  });
});

describe('duration', () => {
  it.each([
    ['Returns are accepted within 30 days.', '30 days', 'duration:P30D', []],
    ['Returns are accepted within thirty days.', 'thirty days', 'duration:P30D', []],
    ['We offer a 30-day return window.', '30-day', 'duration:P30D', []],
    ['You have a month to return it.', 'a month', 'duration:P30D', ['duration:P1M', 'duration:P31D']],
    ['Allow two weeks for delivery.', 'two weeks', 'duration:P14D', ['duration:P2W']],
    ['Refunds post within 48 hours.', '48 hours', 'duration:PT48H', ['duration:P2D']],
    ['The warranty lasts 1 year.', '1 year', 'duration:P1Y', ['duration:P12M', 'duration:P365D']],
    ['Promotions only last 7 days.', '7 days', 'duration:P7D', []],
    ['Delivery takes 3-5 business days.', '3-5 business days', 'duration:P3D..P5D', ['duration:P3D', 'duration:P5D']],
    ['Cancel within twenty-one days.', 'twenty-one days', 'duration:P21D', []],
  ])('%s', (text, surface, normalized, alternatives) => {
    const values = detectValues(text).filter((value) => value.kind === 'duration');
    expect(values.map((value) => [value.text, value.normalized, value.alternatives])).toEqual([
      [surface, normalized, alternatives],
    ]);
  });

  it('gives "30 days", "thirty days", "30-day" and "a month" a common form P30D (issue 3)', () => {
    for (const text of ['within 30 days', 'within thirty days', 'a 30-day window', 'within a month']) {
      const [value] = detectValues(text);
      expect(value && forms(value), text).toContain('duration:P30D');
    }
  });

  it.each([
    '$8 a month',
    'We bill once a month.',
    'It is $96 per year.',
    'Three single-origin bags a month.',
    'We ship 200 orders a day.',
  ])('is not fooled by a frequency: %s', (text) => {
    expect(found(text, 'duration')).toEqual([]);
  });
});

describe('date', () => {
  it.each([
    ['The new policy starts May 1, 2026.', 'May 1, 2026', 'date:2026-05-01'],
    ['Effective 2026-05-01 for all plans.', '2026-05-01', 'date:2026-05-01'],
    ['It has been broken since 11/10/1967', '11/10/1967', 'date:1967-11-10'],
    ['The sale ends on the 3rd of June.', '3rd of June', 'date:--06-03'],
  ])('%s', (text, surface, normalized) => {
    expect(found(text, 'date')).toEqual([[surface, normalized]]);
  });

  it.each(['Your parcel arrives tomorrow.', 'Call us next Tuesday.', 'Return it within 30 days.'])(
    'skips relative dates: %s',
    (text) => {
      expect(found(text, 'date')).toEqual([]);
    },
  );
});

describe('percentage', () => {
  it.each([
    ['Get 10% off.', '10%', 'percentage:10'],
    ['Get ten percent off.', 'ten percent', 'percentage:10'],
    ['A 12.5 per cent fee.', '12.5 per cent', 'percentage:12.5'],
  ])('%s', (text, surface, normalized) => {
    expect(found(text, 'percentage')).toEqual([[surface, normalized]]);
  });
});

describe('version and model numbers', () => {
  it.each([
    ['Update to v2.3.1 first.', 'v2.3.1', 'version:2.3.1'],
    ['Fixed in version 2.3.1.', 'version 2.3.1', 'version:2.3.1'],
    ['Works on the iPhone 15 and later.', 'iPhone 15', 'version:iphone 15'],
    ['The model X200 is discontinued.', 'model X200', 'version:model x200'],
  ])('%s', (text, surface, normalized) => {
    expect(found(text, 'version')).toEqual([[surface, normalized]]);
  });
});

describe('url', () => {
  it.each([
    ['See https://www.Example.com/help/ for details.', 'https://www.Example.com/help/', 'url:example.com/help'],
    ['Visit example.com/help.', 'example.com/help', 'url:example.com/help'],
    [
      'Our FAQ is at www.AcmeBrands.com/faq/subscription.',
      'www.AcmeBrands.com/faq/subscription',
      'url:acmebrands.com/faq/subscription',
    ],
  ])('%s', (text, surface, normalized) => {
    expect(found(text, 'url')).toEqual([[surface, normalized]]);
  });
});

describe('ui_path', () => {
  it.each([
    [
      'Go to Settings > Billing > Cancel to stop it.',
      'Settings > Billing > Cancel',
      'ui_path:settings > billing > cancel',
    ],
    [
      'Open Account → Subscription → Cancel plan.',
      'Account → Subscription → Cancel plan',
      'ui_path:account > subscription > cancel plan',
    ],
    [
      'Click **Orders → Order details → Refund**.',
      'Orders → Order details → Refund',
      'ui_path:orders > order details > refund',
    ],
    ['Use [Pull up Account] first.', '[Pull up Account]', 'ui_path:pull up account'],
  ])('%s', (text, surface, normalized) => {
    expect(found(text, 'ui_path')).toEqual([[surface, normalized]]);
  });

  it.each([
    'if x > 5 and y > 3 then',
    'See [the docs](https://example.com).',
    'Hello [NAME], your order [ORDER_ID] shipped.',
  ])('leaves comparisons, links and placeholders alone: %s', (text) => {
    expect(found(text, 'ui_path')).toEqual([]);
  });
});

describe('plan', () => {
  it.each([
    ['Upgrade to the Pro plan today.', 'Pro plan', 'plan:pro'],
    ['Gold members get free returns.', 'Gold members', 'plan:gold'],
    ['Your gold membership renews soon.', 'gold membership', 'plan:gold'],
    ['The Premium tier adds support.', 'Premium tier', 'plan:premium'],
  ])('%s', (text, surface, normalized) => {
    expect(found(text, 'plan')).toEqual([[surface, normalized]]);
  });

  it('matches the plan names the business passes', () => {
    expect(found('You are on Starter Plus until renewal.', 'plan', ['Starter Plus'])).toEqual([
      ['Starter Plus', 'plan:starter plus'],
    ]);
  });
});
