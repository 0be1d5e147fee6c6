import { classifyPrescription, prescriptionLead, prescriptionReason } from './prescription.js';
import { segmentText } from './segment-text.js';
import { normalizeStrand } from './strand-text.js';

export { normalizeStrand };

/**
 * Splitting a complaint into strands: clauses that describe one symptom each. Sentences come from
 * compromise, which also tags words (verb, noun, pronoun, conjunction). Inside a sentence we cut at
 * semicolons, colons and dashes; at commas when both sides are clauses; and at a coordinating conjunction
 * ("and", "but") when what follows has its own verb ("and it gives out-of-date answers"), never inside a
 * pair of nouns ("between prose and lists"). Prescriptions ("so let's fine-tune it") are set aside.
 */
export interface SplitComplaint {
  /** The symptom clauses, as they appear (leading conjunctions and trailing punctuation removed). */
  strands: string[];
  /** Clauses that propose a remedy rather than describe a symptom. */
  prescriptions: string[];
  /** Some clause proposes fine-tuning or retraining. */
  asksForFineTuning: boolean;
}

export interface ComplaintSplitter {
  split(text: string): SplitComplaint;
}

interface Term {
  text: string;
  tags: readonly string[];
  start: number;
  end: number;
  /** Punctuation and space before and after the word, as written. */
  pre: string;
  post: string;
  /** The word acts as a finite verb here (see `markVerbs`). */
  verbal: boolean;
}

type Boundary = 'hard' | 'colon' | 'comma' | 'conjunction';

interface Piece {
  terms: Term[];
  /** How this piece is joined to the one before it. */
  joinedBy: Boundary;
}

interface CompromiseTerm {
  text: string;
  pre: string;
  post: string;
  tags: string[];
  offset: { start: number; length: number };
}

/** Load compromise (about 300 ms, so only when a command needs it) and return a splitter. */
export async function createComplaintSplitter(): Promise<ComplaintSplitter> {
  const { default: nlp } = await import('compromise');
  return {
    split(text) {
      // Bounded pieces keep the tagger and the clause rules linear in the complaint's length.
      const clauses = segmentText(text).flatMap((segment) => {
        const sentences = nlp(segment.text).json({ offset: true }) as { terms: CompromiseTerm[] }[];
        return sentences.flatMap((sentence) =>
          splitSentence(
            markVerbs(
              sentence.terms.map((term) => ({
                text: term.text,
                tags: term.tags,
                start: segment.start + term.offset.start,
                end: segment.start + term.offset.start + term.offset.length,
                pre: term.pre,
                post: term.post,
                verbal: false,
              })),
            ),
          ).map((piece) => text.slice(startOf(piece), endOf(piece))),
        );
      });
      return sortClauses(clauses.flatMap(cutPrescription));
    },
  };
}

/** Where a piece starts and ends in the complaint, taking in the quotation marks around its words. */
function startOf(terms: readonly Term[]): number {
  const first = terms[0];
  return first ? first.start - (/["“'‘]*$/.exec(first.pre)?.[0].length ?? 0) : 0;
}

function endOf(terms: readonly Term[]): number {
  const last = terms.at(-1);
  return last ? last.end + (/^[.!?]?["”'’]+/.exec(last.post)?.[0].length ?? 0) : 0;
}

function sortClauses(clauses: readonly string[]): SplitComplaint {
  const result: SplitComplaint = { strands: [], prescriptions: [], asksForFineTuning: false };
  for (const clause of clauses) {
    const text = normalizeStrand(clause);
    if (!/[a-z0-9]/i.test(text)) continue;
    const verdict = classifyPrescription(text);
    if (verdict.asksForFineTuning) result.asksForFineTuning = true;
    (verdict.isPrescription ? result.prescriptions : result.strands).push(text);
  }
  return result;
}

/** Cut a prescription off the symptom it is glued to, before or after it. */
function cutPrescription(clause: string): string[] {
  const lead = prescriptionLead.exec(clause);
  if (lead && lead.index > 0) return [clause.slice(0, lead.index), clause.slice(lead.index)];
  const reason = prescriptionReason.exec(clause);
  if (reason && classifyPrescription(clause.slice(0, reason.index)).asksForFineTuning) {
    return [clause.slice(0, reason.index), clause.slice(reason.index)];
  }
  return [clause];
}

const coordinators = new Set(['and', 'but', 'yet', 'plus', 'while', 'whereas', 'though', 'although']);
const subordinators = new Set([
  'when',
  'whenever',
  'if',
  'after',
  'before',
  'since',
  'once',
  'unless',
  'because',
  'asked',
  'given',
]);
const attachBackward = new Set(['which', 'who', 'because', 'even', 'especially', 'like', 'including', 'regardless']);
const pairOpeners = new Set(['between', 'both', 'either', 'neither']);

function splitSentence(terms: readonly Term[]): Term[][] {
  const pieces: Piece[] = [];
  let current: Piece = { terms: [], joinedBy: 'hard' };
  // Inside a quotation ("it replied \"duty-free, so no tax is due\"") nothing is cut: the quote is what the
  // bot said, one piece of evidence. The state starts closed in each sentence, so an unpaired mark costs at
  // most the cuts of one sentence.
  let quoted = false;
  terms.forEach((term, index) => {
    quoted = quoteStateAfter(quoted, term.pre);
    const word = term.text.toLowerCase();
    if (!quoted && coordinators.has(word) && current.terms.length > 0 && startsClause(terms, index, current.terms)) {
      pieces.push(current);
      current = { terms: [], joinedBy: 'conjunction' };
    }
    current.terms.push(term);
    const cutInside = quoted && quoteStateAfter(quoted, term.post);
    quoted = quoteStateAfter(quoted, term.post);
    const boundary = cutInside ? undefined : boundaryAfter(term.post);
    if (boundary && index < terms.length - 1) {
      pieces.push(current);
      current = { terms: [], joinedBy: boundary };
    }
  });
  if (current.terms.length > 0) pieces.push(current);
  return mergeFragments(pieces);
}

/** Whether a quotation is open after the punctuation `marks`, given whether one was open before them. */
function quoteStateAfter(open: boolean, marks: string): boolean {
  let state = open;
  for (const mark of marks) {
    if (mark === '“') state = true;
    else if (mark === '”') state = false;
    else if (mark === '"') state = !state;
  }
  return state;
}

function boundaryAfter(post: string): Boundary | undefined {
  if (/[;]|\s[-–—]\s|[–—]/.test(post)) return 'hard';
  if (post.includes(':')) return 'colon';
  if (post.includes(',')) return 'comma';
  return undefined;
}

/**
 * Whether the words after a coordinator at `index` form a clause of their own: a subject and a verb
 * ("and it gives …", "and the bot still says …") or a verb with its object ("and quotes old prices"). An
 * elliptical tail ("and it did", "and got it") stays with its clause.
 */
function startsClause(terms: readonly Term[], index: number, left: readonly Term[]): boolean {
  if (!left.some(isVerb)) return false;
  const lastVerb = left.findLastIndex(isVerb);
  if (left.slice(lastVerb).some((term) => pairOpeners.has(term.text.toLowerCase()))) return false;
  let next = index + 1;
  while (terms[next] && isFiller(terms[next] as Term)) next++;
  const rest = terms.slice(next, clauseEnd(terms, next));
  const first = rest[0];
  if (!first || rest.length <= 2) return false;
  if (first.tags.includes('Pronoun') && !first.tags.includes('Possessive')) {
    return rest.slice(1, 4).some(isVerb) || first.text.includes("'");
  }
  if (first.tags.includes('Verb') && !first.tags.includes('Gerund') && !/["“']/.test(first.pre)) {
    // "it cancels and re-creates the booking": two verbs sharing one object are one predicate.
    return lastVerb < left.length - 1 && !rest[1]?.tags.includes('Preposition');
  }
  if (!(first.tags.includes('Determiner') || first.tags.includes('Possessive'))) return false;
  const verb = rest.findIndex(isVerb);
  return verb > 0 && rest.slice(1, verb).every((term) => nounPhraseTags.some((tag) => term.tags.includes(tag)));
}

const nounPhraseTags = ['Determiner', 'Adjective', 'Noun', 'Possessive', 'Value', 'Adverb', 'Negative'];
const fillerWords = new Set(['now', 'then', 'also', 'still', 'so', 'often', 'sometimes']);

function isFiller(term: Term): boolean {
  return term.tags.includes('Adverb') || fillerWords.has(term.text.toLowerCase());
}

/** The index after the last word before the next comma, semicolon or colon. */
function clauseEnd(terms: readonly Term[], from: number): number {
  for (let index = from; index < terms.length; index++) {
    if (boundaryAfter(terms[index]?.post ?? '')) return index + 1;
  }
  return terms.length;
}

function isVerb(term: Term): boolean {
  return term.verbal;
}

/**
 * Mark the words that act as finite verbs. compromise tags a bare fragment's first word as a verb
 * ("Tone: all over the place", "wrong tone"), so a base-form verb counts only after a subject, a modal or
 * a negation within the same clause ("customers ask", "doesn't know").
 */
function markVerbs(terms: Term[]): Term[] {
  terms.forEach((term, index) => {
    const tags = term.tags;
    if (!tags.includes('Verb') || tags.includes('Gerund') || tags.includes('Particle')) return;
    const finite = ['PastTense', 'Copula', 'Modal', 'Auxiliary'].some((tag) => tags.includes(tag));
    if (finite || !tags.includes('Infinitive')) {
      term.verbal = true;
      return;
    }
    const previous = terms[index - 1];
    term.verbal =
      previous !== undefined &&
      !boundaryAfter(previous.post) &&
      (['Noun', 'Pronoun', 'Modal', 'Auxiliary', 'Negative', 'Adverb'].some((tag) => previous.tags.includes(tag)) ||
        previous.text.toLowerCase() === 'to');
  });
  return terms;
}

/**
 * Put back together what punctuation cut but is not a clause of its own:
 * - a verbless piece joins the one before it ("replies are too long, too formal"), except in a list
 *   announced by a heading ("Three problems: wrong tone, stale prices, …");
 * - a relative or adverbial tail joins the clause before it (", which …", ", even when …");
 * - an opening subordinate clause or phrase joins the clause after it ("When asked about refunds, it …");
 * - a heading before a colon joins what follows ("Tone: all over the place"), and a reporting preamble
 *   ("A customer wrote in:", "Feedback from the support leads:") is dropped.
 */
function mergeFragments(pieces: readonly Piece[]): Term[][] {
  const merged: Piece[] = [];
  let carry: Term[] = [];
  let enumeration = false;
  pieces.forEach((piece, index) => {
    const terms = [...carry, ...piece.terms];
    carry = [];
    const own = piece.terms[0]?.text.toLowerCase() ?? '';
    const previous = merged.at(-1);
    const next = pieces[index + 1];
    const hasVerb = terms.some(isVerb);
    if (next?.joinedBy === 'colon' && merged.length === 0) {
      const heading = wordsOf(terms);
      if (reportingPreamble.test(heading)) return;
      if (!hasVerb) {
        if (listHeading.test(heading)) enumeration = true;
        else carry = terms;
        return;
      }
    }
    const opensSentence = previous === undefined || piece.joinedBy === 'hard' || piece.joinedBy === 'colon';
    if (terms.every(isFiller) || (subordinators.has(own) && next?.joinedBy === 'comma' && opensSentence)) {
      carry = terms;
      return;
    }
    if (piece.joinedBy === 'comma' && previous !== undefined && !isPrescription(terms)) {
      if (attachBackward.has(own) || subordinators.has(own) || (!hasVerb && !enumeration)) {
        previous.terms.push(...terms);
        return;
      }
    }
    if (
      !hasVerb &&
      previous === undefined &&
      next?.joinedBy === 'comma' &&
      next.terms.some(isVerb) &&
      !isPrescription(next.terms)
    ) {
      carry = terms;
      return;
    }
    merged.push({ terms, joinedBy: piece.joinedBy });
  });
  if (carry.length > 0) {
    const last = merged.at(-1);
    if (last) last.terms.push(...carry);
    else merged.push({ terms: carry, joinedBy: 'hard' });
  }
  return merged.map((piece) => piece.terms);
}

const listHeading = /\b(?:things|issues|problems|complaints|points|reasons)\b/;
const reportingPreamble =
  /^(?:feedback|notes?|from|relaying|quoting|per|update|context|slack|email|message|issue|bug|news|forum|dev|github|report|ticket|review|qa)\b|\b(?:wrote|writes|said|says|reported|reports|complained|complains|asked|here|noted|mentioned)(?: in| us| me)?$/;

function wordsOf(terms: readonly Term[]): string {
  return terms
    .map((term) => term.text.toLowerCase())
    .join(' ')
    .trim();
}

function isPrescription(terms: readonly Term[]): boolean {
  return classifyPrescription(normalizeStrand(terms.map((term) => term.text + term.post).join(''))).isPrescription;
}
