/** Numbers written as digits or English words ("thirty", "twenty-one", "one hundred and five"). */

const small: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const tens: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

// Longest words first, so that "seventeen" is not read as "seven".
const smallWords = Object.keys(small)
  .sort((a, b) => b.length - a.length)
  .join('|');
const tensWords = Object.keys(tens).join('|');
const belowHundred = `(?:(?:${tensWords})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|${smallWords})`;

/** Every word a number in words is made of, apart from `hundred` and `and`: `one` … `nineteen`, `twenty` … `ninety`. */
export const numberWords: readonly string[] = [...Object.keys(small), ...Object.keys(tens)];

/** Regex source for a number in words, up to "nine hundred and ninety-nine". */
export const numberWordsSource = `(?:${belowHundred}(?:\\s+hundred(?:\\s+(?:and\\s+)?${belowHundred})?)?)`;
/** Regex source for a number in digits: `30`, `1,299.99`, `2.5`. */
export const numberDigitsSource = '(?:\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)';

/** Reads a number in digits or words; `undefined` when `text` is neither. */
export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (/^[\d,]*\.?\d+$/.test(trimmed)) {
    const value = Number(trimmed.replaceAll(',', ''));
    return Number.isFinite(value) ? value : undefined;
  }
  return parseNumberWords(trimmed);
}

function parseNumberWords(text: string): number | undefined {
  if (text === 'a' || text === 'an') return 1;
  let total = 0;
  let current = 0;
  let seen = false;
  for (const word of text.split(/[\s-]+/)) {
    if (word === 'and' || word === '') continue;
    if (word === 'hundred') {
      current = (current === 0 ? 1 : current) * 100;
    } else if (word in small) {
      current += small[word] ?? 0;
    } else if (word in tens) {
      current += tens[word] ?? 0;
    } else {
      return undefined;
    }
    seen = true;
  }
  total += current;
  return seen ? total : undefined;
}

/** A number in canonical decimal form without trailing zeros: `10`, `2.5`. */
export function formatNumber(value: number): string {
  return String(Number(value.toFixed(6)));
}
