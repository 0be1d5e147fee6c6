import { append } from '../util/append.js';
import { type Candidate, collect, collectAt, sticky } from './candidate.js';
import { startsInStretches, stretchesBefore } from './scan.js';

/**
 * Paths through an interface: `Settings > Billing > Cancel`, `Account → Subscription → Cancel plan`,
 * `**Orders → Order details → Refund**`, and single bracketed action buttons as the ABCD agent manual writes
 * them (`[Pull up Account]`). Normalized `ui_path:` + the lowercase segments joined by ` > `.
 *
 * Every segment starts with a capital letter or digit and has at most three words. With arrows (`→`, `->`, `»`,
 * `›`, `⇒`) two segments suffice; with ` > ` there must be three, so comparisons (`x > 5`) and quoted replies
 * (`> Ask them…`) are left alone. Lead-in words (`Go to`, `Open`) are not part of the path. A bracket is a button only when its content
 * starts with a capital letter, is one to five words without digits, and is not a markdown link, a checkbox or
 * an all-caps placeholder (`[NAME]`, `[ORDER_ID]`), so that placeholders written by `seam lint --fix` are not
 * flagged again.
 */

const stopWords = 'and|or|then|to|the|a|an|for|if|when|on|in|at|from|with|you|your|it|is|will|can|click|tap|select';
const word = "[\\p{L}\\p{N}'&/-]+";
const segment = `[\\p{Lu}\\p{N}][\\p{L}\\p{N}'&/-]*(?:[ ](?!(?:${stopWords})\\b)${word}){0,2}`;
const leadIn =
  /^(?:(?:go|goes|to|click|tap|open|select|choose|under|in|on|at|visit|navigate|head|then|and|the|your|my|from|via|press|hit|see)\s+)+/i;
const arrowPath = new RegExp(`${segment}(?:\\s*(?:→|->|»|›|⇒)\\s*${segment})+`, 'gu');
const anglePath = new RegExp(`${segment}(?:\\s+>\\s+${segment}){2,}`, 'gu');
const button = /\[(\p{Lu}[\p{L}'/&-]*(?: [\p{L}'/&-]+){0,4})\](?!\()/gu;

const arrowPathAt = sticky(arrowPath);
const anglePathAt = sticky(anglePath);
const arrows = /→|->|»|›|⇒/g;
const angles = />/g;

/**
 * Whether a character can come before the first separator of a path: a segment character
 * (`[\p{L}\p{N}'&/-]`), the space between a segment's words, or the whitespace before the separator. Every
 * non-ASCII character is allowed (letters, digits and `\s` have non-ASCII members), so only ASCII is judged.
 */
function inPathHead(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code >= 128) return true;
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 39 || // '
    code === 38 || // &
    code === 47 || // /
    code === 45 || // -
    code === 32 ||
    (code >= 9 && code <= 13) // \t \n \v \f \r
  );
}

/**
 * Whether a segment (`[\p{Lu}\p{N}]…`) may start at `index`: an ASCII capital or digit, or any non-ASCII
 * character except the second half of a surrogate pair (the pattern reads the pair as one code point).
 */
function maySegmentStart(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code < 128) return (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
  if (code < 0xdc00 || code > 0xdfff || index === 0) return true;
  const before = text.charCodeAt(index - 1);
  return before < 0xd800 || before > 0xdbff;
}

/**
 * Where a path might start, for `collectAt`. A path's first separator (an arrow, or `>`: found by `separators`)
 * follows its first segment and some whitespace only, so the path starts at a segment start in the stretch of
 * `inPathHead` characters just before a separator (see `startsInStretches`). The patterns were tried at every
 * capital and digit of the text (a few microseconds on a long message); now only just before a separator.
 */
function pathStarts(text: string, separators: RegExp): (from: number) => number {
  return startsInStretches(text, stretchesBefore(text, separators, inPathHead), maySegmentStart);
}

/** Drops lead-in words captured before the first segment ("Go to Settings > …" starts at "Settings"). */
function trimLeadIn(match: RegExpExecArray): Candidate | undefined {
  const lead = leadIn.exec(match[0])?.[0] ?? '';
  const raw = match[0].slice(lead.length);
  if (!/^[\p{Lu}\p{N}]/u.test(raw) || !/→|->|»|›|⇒|>/.test(raw)) return undefined;
  const start = match.index + lead.length;
  return { kind: 'ui_path', start, end: start + raw.length, normalized: normalize(raw) };
}

function normalize(raw: string): string {
  const segments = raw
    .split(/\s*(?:→|->|»|›|⇒|>)\s*/u)
    .map((part) => part.trim().toLowerCase().replace(/\s+/g, ' '))
    .filter((part) => part.length > 0);
  return `ui_path:${segments.join(' > ')}`;
}

function isPlaceholder(content: string): boolean {
  return /^[\p{Lu}\d_ -]+$/u.test(content) && content.length > 1 && !/\p{Ll}/u.test(content);
}

export function recognizeUiPaths(text: string): Candidate[] {
  const found: Candidate[] = [];
  if (/→|->|»|›|⇒/.test(text)) {
    append(found, collectAt(text, arrowPathAt, pathStarts(text, arrows), trimLeadIn));
  }
  if (text.includes(' > ')) {
    append(found, collectAt(text, anglePathAt, pathStarts(text, angles), trimLeadIn));
  }
  if (text.includes('[')) {
    found.push(
      ...collect(text, button, (match) => {
        const content = match[1] ?? '';
        if (isPlaceholder(content)) return undefined;
        return {
          kind: 'ui_path',
          start: match.index,
          end: match.index + match[0].length,
          normalized: normalize(content),
        };
      }),
    );
  }
  return found;
}
