import { describe, expect, it } from 'vitest';
import { statementsOf } from '../../src/eval/probes/statements.js';
import { valueQuestion } from '../../src/eval/probes/value-question.js';
import { createValueDetector } from '../../src/values/index.js';

const detector = createValueDetector();

/** The question for the (only) fact value of the given kind in a line of markdown. */
function ask(markdown: string, kind: string): string | undefined {
  const [statement] = statementsOf(markdown);
  const value = statement && detector.detect(statement.text).find((found) => found.kind === kind);
  return statement && value ? valueQuestion(statement.text, value, statement) : undefined;
}

describe('questions built from the sentence that states a value', () => {
  it.each([
    [
      'Express delivery is **$14.25** per parcel, so quote that amount.',
      'money',
      'How much is express delivery per parcel?',
    ],
    ['The premium tier costs $240 a year.', 'money', 'How much does the premium tier cost a year?'],
    [
      '- Platinum members: > Check the order date, exchange possible within the last 21 days <or> ask for a receipt',
      'duration',
      'For platinum members, within how many days is exchange possible?',
    ],
    [
      'If the buyer cannot say, the fallback credit is $15.',
      'money',
      'If the buyer cannot say, how much is the fallback credit?',
    ],
    [
      'Warranty claims must be filed within 18 months of purchase.',
      'duration',
      'Warranty claims must be filed within how many months of purchase?',
    ],
    [
      'Tell them the voucher is worth 15% off the next order.',
      'percentage',
      'Tell them the voucher is worth how much off the next order?',
    ],
    [
      'The loyalty bonus should be 12% for returning buyers.',
      'percentage',
      'What percentage should the loyalty bonus be for returning buyers?',
    ],
  ])('%s', (markdown, kind, question) => {
    expect(ask(markdown, kind)).toBe(question);
  });

  it('keeps the parent condition or the heading when the clause alone names nothing', () => {
    const markdown = '- If the parcel is lost in transit, offer a refund\n  - The amount should be $25';
    const statements = statementsOf(markdown);
    const child = statements[1];
    const value = child && detector.detect(child.text).find((found) => found.kind === 'money');
    expect(child && value && valueQuestion(child.text, value, child)).toBe(
      'If the parcel is lost in transit, how much should the amount be?',
    );
    const underHeading = statementsOf('## Nightly Roast\n\n$16 per month, billed monthly.');
    const [price] = underHeading;
    const money = price && detector.detect(price.text).find((found) => found.kind === 'money');
    expect(price && money && valueQuestion(price.text, money, price)).toBe('For Nightly Roast, how much per month?');
  });

  it('gives up on a statement with nothing to ask about but the value', () => {
    expect(ask('$30.', 'money')).toBeUndefined();
  });
});
