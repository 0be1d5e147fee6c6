import { type Candidate, collect } from './candidate.js';

/**
 * National identifiers. US Social Security numbers `AAA-GG-SSSS` (dashes or spaces, or nine digits in a row
 * after "SSN" / "social security"), excluding numbers never issued: area 000, 666 or 900–999, group 00,
 * serial 0000, the advertising numbers 078-05-1120 and 219-09-9999, and the textbook example 123-45-6789.
 * Normalized `national_id:us-ssn:` + digits.
 */

const grouped = /(?<![\d-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\d]|-\d)/g;
const keyed = /\b(?:ssn|social security(?: number| no\.?)?)\s*(?:#|:|is|number)?\s*(\d{9})\b/dgi;
const advertised = new Set(['078051120', '219099999', '123456789']);

export function ssnValid(digits: string): boolean {
  if (!/^\d{9}$/.test(digits) || advertised.has(digits)) return false;
  const area = Number(digits.slice(0, 3));
  if (area === 0 || area === 666 || area >= 900) return false;
  return digits.slice(3, 5) !== '00' && digits.slice(5) !== '0000';
}

export function recognizeNationalIds(text: string): Candidate[] {
  if (!/\d{4}/.test(text)) return [];
  const fromGroups = collect(text, grouped, (match) => {
    const digits = `${match[1]}${match[3]}${match[4]}`;
    if (!ssnValid(digits)) return undefined;
    return {
      kind: 'national_id',
      start: match.index,
      end: match.index + match[0].length,
      normalized: `national_id:us-ssn:${digits}`,
    };
  });
  const fromKeywords = collect(text, keyed, (match) => {
    const digits = match[1] ?? '';
    const start = match.indices?.[1]?.[0] ?? match.index;
    if (!ssnValid(digits)) return undefined;
    return { kind: 'national_id', start, end: start + 9, normalized: `national_id:us-ssn:${digits}` };
  });
  return [...fromGroups, ...fromKeywords];
}
