import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { InputError } from '../errors.js';
import { canonicalForms, detectKind } from '../lineage/canonical.js';

/**
 * One value to forget, as `seam forget --value` gives it, with every way it is looked for: its canonical
 * forms (compared with the value detector's), literal patterns for its surface forms (an email in any case,
 * a name with or without its title, or a title with the last name), and for numbers, the digits it has in
 * any format (`(415) 555-0142`, `415.555.0142`, `+1 415 555 0142`).
 */
export interface ForgetValue {
  /** As given. */
  text: string;
  /** Its kind: a value kind the detector knows (`email`, `phone`, `person`, ...), `text`, or `subject` (the id). */
  kind: string;
  forms: string[];
  /** Global, case-insensitive patterns of its surface forms. */
  patterns: RegExp[];
  /** Patterns that count only right after a title (`Ms Whitfield` for `Dana Whitfield`). */
  titled: RegExp[];
  /**
   * Lower-case strings of which every surface form holds one (a quick test before the patterns and the
   * detector run); `undefined` when the kind has none (every text is then checked).
   */
  anchors: string[] | undefined;
  /** Digit strings whose appearance in any format (separated by spaces, dots, dashes, brackets) is this value. */
  digits: string[];
}

const titles = 'mr|mrs|ms|miss|mx|dr|prof|sir|madam|mister';
const namePattern =
  /^\s*(?:(?:mr|mrs|ms|miss|mx|dr|prof|sir|madam|mister)\.?\s+)?\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){0,3}\s*$/iu;

/** Parse a `--value` (`position` is its 1-based place among them, for errors). */
export function parseForgetValue(text: string, position: number): ForgetValue {
  const field = `--value #${position}`;
  const trimmed = text.trim();
  if (trimmed.length === 0)
    throw new InputError('is empty: give the value to forget (an email, phone, name...)', { field });
  const kind = detectKind(trimmed) ?? (namePattern.test(trimmed) && /\p{Lu}/u.test(trimmed) ? 'person' : 'text');
  if (kind === 'text' && trimmed.replace(/\s/g, '').length < 4) {
    throw new InputError(`'${trimmed}' is too short to forget safely: it would match unrelated text`, { field });
  }
  const forms = canonicalForms(kind, trimmed);
  return { text: trimmed, kind, forms, ...matchingFor(kind, trimmed), digits: digitsFor(kind, trimmed) };
}

/** The subject id, looked for literally (as a whole token, any case) in documents not about the subject. */
export function subjectValue(subject: string): ForgetValue {
  const trimmed = subject.trim();
  if (trimmed.length === 0)
    throw new InputError("is empty: give the id listed in the documents' subjects", { field: '--subject' });
  return {
    text: trimmed,
    kind: 'subject',
    forms: [`subject:${trimmed}`],
    ...matchingFor('subject', trimmed),
    digits: [],
  };
}

/** The literal patterns of a value's surface forms, and the anchors they all hold. */
export function matchingFor(kind: string, text: string): Pick<ForgetValue, 'patterns' | 'titled' | 'anchors'> {
  const lower = text.toLowerCase();
  if (kind === 'email') {
    const pattern = new RegExp(`(?<![\\w.+-])${escapePattern(text)}(?![\\w-]|\\.\\w)`, 'giu');
    return { patterns: [pattern], titled: [], anchors: [lower] };
  }
  if (kind === 'person') {
    const words = lower.replace(new RegExp(`^(?:${titles})\\.?\\s+`), '').split(/\s+/);
    const last = words[words.length - 1] ?? lower;
    const full = wordsPattern(words);
    return { patterns: [full], titled: words.length > 1 ? [wordsPattern([last])] : [], anchors: [last] };
  }
  if (kind === 'phone' || kind === 'card' || kind === 'national_id') {
    return { patterns: [wordsPattern(text.split(/\s+/))], titled: [], anchors: [] };
  }
  if (kind === 'subject' || kind === 'text') {
    const longest = lower
      .split(/[^\p{L}\p{N}]+/u)
      .reduce((best, word) => (word.length > best.length ? word : best), '');
    return { patterns: [wordsPattern(text.split(/\s+/))], titled: [], anchors: [longest] };
  }
  return { patterns: [wordsPattern(text.split(/\s+/))], titled: [], anchors: undefined };
}

function digitsFor(kind: string, text: string): string[] {
  if (kind === 'phone') {
    const phone = parsePhoneNumberFromString(text, 'US');
    if (phone?.isValid()) return [`${phone.countryCallingCode}${phone.nationalNumber}`, `${phone.nationalNumber}`];
  }
  if (kind === 'phone' || kind === 'card' || kind === 'national_id') {
    const digits = text.replace(/\D/g, '');
    return digits.length >= 7 ? [digits] : [];
  }
  return [];
}

/**
 * The value as it looks in bytes read one character per byte (latin1), for scanning files: the same as the
 * value for ASCII text; the UTF-8 bytes of anything else (matched exactly, ASCII letters in any case).
 */
export function asByteView(value: ForgetValue): ForgetValue {
  const bytes = Buffer.from(value.text, 'utf8').toString('latin1');
  return bytes === value.text ? value : { ...value, ...matchingFor(value.kind, bytes) };
}

/** The words as a whole token, any case, any run of whitespace between them. */
function wordsPattern(words: readonly string[]): RegExp {
  const body = words.map(escapePattern).join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}_])${body}(?![\\p{L}\\p{N}_])`, 'giu');
}

function escapePattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
