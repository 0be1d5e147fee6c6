import { describe, expect, it } from 'vitest';
import { detectValues } from '../../src/values/index.js';

const people = (text: string) =>
  detectValues(text, { classes: ['private'] })
    .filter((value) => value.kind === 'person')
    .map((value) => value.text);

describe('the person detector and product names', () => {
  it.each([
    ['Enter the brand and item, for example Guess Jeans or Calvin Klein Shirt.'],
    ['She bought a Tommy Hilfiger jacket and two Ralph Lauren polos.'],
    ['Is the Michael Kors bag back in stock?'],
  ])('reads a brand before a product noun as no person: %s', (text) => {
    expect(people(text)).toEqual([]);
  });

  it.each([
    ['Thanks, Anna Smith, the shirt shipped.', ['Anna Smith']],
    ['Olga Petrova ordered two jackets.', ['Olga Petrova']],
    ['My name is Jon Whitfield and my bag is lost.', ['Jon Whitfield']],
  ])('still finds the person in %s', (text, expected) => {
    expect(people(text)).toEqual(expected);
  });
});
