import { contentTerms } from '../../ask/evidence/terms.js';
import type { Value } from '../../values/value.js';
import { lowerFirst } from './probe.js';

/**
 * A question whose answer is a value, built from the statement that states it: the clause holding the
 * value, with the value replaced by what a person asks for (`how much`, `how many days`, `when`), its
 * subject and the words around it kept, and the statement's label ("Bronze members: ...") or condition
 * ("If the customer does not know, ...") kept as the question's context. So the question shares the
 * stating sentence's discriminating words, and retrieval and a coverage check find that sentence.
 *
 *   "Standard shipping costs $6.50 per order."            → "How much does standard shipping cost per order?"
 *   "Gold tier: returns possible within the last 45 days" → "For gold tier, within how many days are returns possible?"
 *   "The annual plan is $120 a year."                      → "How much is the annual plan a year?"
 *
 * `value` must be one of the values detected in `statement` (its offsets are into it). `undefined` when
 * what is left is too thin to be a question (fewer than two content words besides the value).
 */
export function valueQuestion(
  statement: string,
  value: Pick<Value, 'kind' | 'text' | 'start' | 'end'>,
  /** Used only when the clause alone is thin: the list item it is nested under, the section's heading. */
  around: { parent?: string | undefined; heading?: string | undefined } = {},
): string | undefined {
  let text = statement;
  let shift = 0;
  let topic: string | undefined;
  // "Bronze members: > Ask for ..., return possible within the last 90 days <or> ..."
  const label = /^([^:.?!]{2,60}?):\s+/.exec(text);
  if (label?.[1] && label[0].length <= value.start && label[1].split(/\s+/).length <= 6) {
    topic = label[1].trim();
    shift = label[0].length;
    const arrow = /^>\s*/.exec(text.slice(shift))?.[0].length ?? 0;
    shift += arrow;
    text = text.slice(shift);
  }
  const start = value.start - shift;
  const end = value.end - shift;
  const clause = pieceAround(text, start, end, clauseBreak);
  const parts = piecesOf(clause.text, /,\s+/g);
  const core = parts.find((part) => part.start <= start - clause.start && part.end >= end - clause.start);
  if (!core) return undefined;
  const condition = parts
    .filter(
      (part) => part.end <= core.start && /^(if|when|unless|once|after|before|while|in case|where)\b/i.test(part.text),
    )
    .at(-1)?.text;

  const at = start - clause.start - core.start;
  let before = core.text.slice(0, at).replace(/^(so|and|but|then|or|also)\s+/i, '');
  while (trailingFiller.test(before)) before = before.replace(trailingFiller, '');
  before = before.trim();
  const after = tail(core.text.slice(at + value.text.length));
  const question = phrase({ kind: value.kind, text: value.text, before, after });
  if (!question) return undefined;
  const has = (words: string | undefined) =>
    words !== undefined && question.toLowerCase().includes(words.toLowerCase());
  const context = [topic && !has(topic) ? `For ${lowerFirst(topic)}` : undefined, condition];
  const thin = contentTerms([question, ...context].join(' ')).filter((term) => !generic.has(term)).length < 2;
  if (thin && !topic && !condition) {
    // "The amount should be for $40" under "If it is a legitimate error, offer a refund": say which amount.
    const parentCondition = around.parent?.split(/,\s+/)[0];
    if (parentCondition && /^(if|when|unless|once|after|before|while)\b/i.test(parentCondition))
      context.push(parentCondition);
    else if (around.heading && !has(around.heading)) context.unshift(`For ${lowerFirst(around.heading)}`);
  }
  const prefix = context.filter(Boolean).join(', ');
  const asked = prefix ? `${prefix}, ${lowerInitial(question)}` : question;
  return contentTerms(asked).length < 2 ? undefined : asked;
}

/** Words that say what kind of value is asked for, not which one: a question of only these is thin. */
const generic = new Set([
  'per',
  'month',
  'year',
  'week',
  'day',
  'hour',
  'minute',
  'time',
  'amount',
  'price',
  'cost',
  'total',
]);

/** Where one clause of a list item or sentence ends: `<or>`, `;`, ` > `, ` - `, a full stop. */
const clauseBreak = /\s*(?:<or>|<and>|;|\s>\s|\s[–—-]\s|(?<=[.!?])\s+|\(|\))\s*/g;
/** Words between a preposition and the value that a question drops: "within the last 30 days". */
const trailingFiller = /\s*\b(the last|the first|the next|the|a|an|only|just|about|around|approximately|roughly)\s*$/i;

interface Piece {
  text: string;
  start: number;
  end: number;
}

function piecesOf(text: string, separator: RegExp): Piece[] {
  const pieces: Piece[] = [];
  let from = 0;
  for (const match of text.matchAll(separator)) {
    pieces.push({ text: text.slice(from, match.index), start: from, end: match.index });
    from = match.index + match[0].length;
  }
  pieces.push({ text: text.slice(from), start: from, end: text.length });
  return pieces;
}

function pieceAround(text: string, start: number, end: number, separator: RegExp): Piece {
  return (
    piecesOf(text, separator).find((piece) => piece.start <= start && piece.end >= end) ?? {
      text,
      start: 0,
      end: text.length,
    }
  );
}

/** What follows the value, up to where a new thought starts ("so enter ...", "which ..."), at most 8 words. */
function tail(text: string): string {
  const cut = text.split(/\s+(?:so|which|and|but|because|or|then)\s+|[.!?:;,]/i)[0] ?? '';
  const words = cut.trim().split(/\s+/).filter(Boolean).slice(0, 8);
  // A tail cut at eight words must not end on "to the".
  while (words.length > 0 && /^(the|a|an|to|of|for|and|or|with|in|on|at|by|from|into)$/i.test(words.at(-1) ?? ''))
    words.pop();
  return words.length > 0 ? ` ${words.join(' ')}` : '';
}

const units = /\b(business days?|working days?|minutes?|hours?|days?|weeks?|months?|years?)\b/i;
const copula =
  /^(.*?\S)\s+(is|are|was|were|costs?|will be|would be|should be|must be|can be|shall be|is set to|are set to)(?:\s+(?:for|at|now|currently))?$/i;
const preposition =
  /^(.*?)\s*\b(within|in|for|after|before|over|under|at|of|to|by|from|until|up to|less than|more than|at least|at most|no later than)$/i;
const predicate =
  /^(\S+(?:\s\S+)?)\s+(possible|allowed|available|permitted|required|valid|eligible|accepted|due|free|refundable|returnable)$/i;

function whFor(kind: Value['kind'], value: string, after: string): string {
  switch (kind) {
    case 'money':
      return 'how much';
    case 'duration': {
      const unit = units.exec(value)?.[1]?.toLowerCase();
      return unit ? `how many ${unit.endsWith('s') ? unit : `${unit}s`}` : 'how long';
    }
    case 'percentage':
      return /^\s*off\b/i.test(after) ? 'how much' : 'what percentage';
    case 'date':
      return 'what date';
    case 'plan':
      return 'which plan';
    case 'version':
      return 'which version';
    case 'url':
      return 'which address';
    case 'ui_path':
      return 'where in the app';
    default:
      return 'what';
  }
}

function phrase(options: { kind: Value['kind']; text: string; before: string; after: string }): string | undefined {
  const { kind, before, after } = options;
  const wh = whFor(kind, options.text, after);
  const isCopula = copula.exec(before);
  // "you can say it is for 20% off": the subject is a pronoun, the question stays in place.
  if (isCopula?.[1] && isCopula[2] && !/\b(it|this|that|they|these|those|he|she|we|you)$/i.test(isCopula[1])) {
    const subject = lowerLead(isCopula[1]);
    const verb = isCopula[2].toLowerCase();
    if (verb.startsWith('cost')) return capital(`${wh} ${verb === 'cost' ? 'do' : 'does'} ${subject} cost${after}?`);
    const asked = kind === 'duration' ? 'how long' : kind === 'date' ? 'when' : wh;
    const modal = /^(\w+) be$/.exec(verb)?.[1];
    if (modal) return capital(`${asked} ${modal} ${subject} be${after}?`);
    const set = /^(is|are) set to$/.exec(verb)?.[1];
    if (set) return capital(`${asked} ${set} ${subject} set to${after}?`);
    return capital(`${asked} ${verb} ${subject}${after}?`);
  }
  const isPreposition = preposition.exec(before);
  const adjectival = isPreposition ? predicate.exec(isPreposition[1]?.trim() ?? '') : null;
  if (isPreposition?.[2] && adjectival?.[1] && adjectival[2]) {
    const be = /s$/i.test(adjectival[1]) ? 'are' : 'is';
    return capital(`${isPreposition[2]} ${wh}${after} ${be} ${lowerFirst(adjectival[1])} ${adjectival[2]}?`);
  }
  if (before === '') return capital(`${wh}${after}?`);
  return capital(`${before} ${wh}${after}?`);
}

function capital(text: string): string {
  return `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}`;
}

/** "Standard shipping within the US" → "standard shipping within the US"; "Daily Grind" stays. */
function lowerLead(text: string): string {
  return /^\p{Lu}\p{Ll}+\s+\p{Ll}/u.test(text) ? `${text[0]?.toLowerCase()}${text.slice(1)}` : lowerFirst(text);
}

/** Lower-case the first word unless it is an acronym or a name-like capitalised pair. */
function lowerInitial(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? `${text[0]?.toLowerCase()}${text.slice(1)}` : text;
}
