import { type Candidate, collect } from './candidate.js';

/**
 * Payment numbers, checked so that look-alikes are not flagged: card numbers of 13 to 19 digits, grouped by
 * spaces or dashes or not at all, that pass the Luhn check (`card:` + digits); IBANs, spaced or not, that pass
 * the ISO 7064 mod-97 check and start with the code of a country that issues IBANs (`iban:` + uppercase
 * without spaces).
 */

const cardPattern = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d]|-\d)/g;
const ibanPattern = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/gi;
// Countries that issue IBANs (SWIFT registry); a look-alike must also start with one of these.
const ibanCountries = new Set(
  (
    'AD AE AL AT AZ BA BE BG BH BI BR BY CH CR CY CZ DE DJ DK DO EE EG ES FI FK FO FR GB GE GI GL GR GT HR HU IE IL ' +
    'IQ IS IT JO KW KZ LB LC LI LT LU LV LY MC MD ME MK MN MR MT MU NI NL NO OM PK PL PS PT QA RO RS RU SA SC SD SE ' +
    'SI SK SM SO ST SV TL TN TR UA VA VG XK YE'
  ).split(' '),
);

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export function ibanValid(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban) || !ibanCountries.has(iban.slice(0, 2))) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const character of rearranged) {
    const code = character.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : character;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

export function recognizeCards(text: string): Candidate[] {
  if (!/\d{4}/.test(text)) return [];
  return collect(text, cardPattern, (match) => {
    const digits = match[0].replace(/\D/g, '');
    // Mixed separators ("1234 5678-9012 3456") or a run of one repeated digit are not card numbers.
    if (/ /.test(match[0]) && /-/.test(match[0])) return undefined;
    if (/^(\d)\1+$/.test(digits) || !luhnValid(digits)) return undefined;
    return { kind: 'card', start: match.index, end: match.index + match[0].length, normalized: `card:${digits}` };
  });
}

export function recognizeIbans(text: string): Candidate[] {
  if (!/[A-Z]{2}\d{2}/i.test(text)) return [];
  return collect(text, ibanPattern, (match) => {
    // Drop trailing groups until the checksum holds: the pattern may have taken in a following word.
    let raw = match[0];
    while (raw.length >= 15) {
      const compact = raw.replace(/ /g, '').toUpperCase();
      if (ibanValid(compact)) {
        return { kind: 'iban', start: match.index, end: match.index + raw.length, normalized: `iban:${compact}` };
      }
      const shorter = raw.replace(/ ?[A-Z0-9]{1,4}$/i, '');
      if (shorter.length === raw.length) break;
      raw = shorter;
    }
    return undefined;
  });
}
