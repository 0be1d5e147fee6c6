import type { Lexicon } from '../../lexicon/lexicon.js';
import { compromise } from '../../util/compromise.js';
import type { ValueKind } from '../../values/value.js';
import { groundingDetector } from '../grounding.js';
import { isStopword, stem, words } from './terms.js';

/** One word (or compound: `gift wrap`, `credit card`) the question asks about, and what counts as mentioning it. */
export interface AskedWord {
  /** As typed, lower case (`gift wrapped`). */
  word: string;
  /** Its dictionary forms (`paid` → `pay`; a compound's, `gift wrap`). */
  lemmas: string[];
  /** Its relatives from the lexicon (synonyms, derived forms), as written (`give back`). */
  relatives: string[];
  /** Matching keys (`stem`) of the word and its forms: each entry's keys must all appear (a compound's two words). */
  forms: string[][];
  /** The relatives, each as the matching keys of its content words (all must appear). */
  related: string[][];
  /**
   * A noun or a name, as the question uses it (`ship` in "Do you ship" is not; `Canada` is), or a word
   * nothing knows (`bitcoin`): what the question is about. When no passage the asker may read mentions
   * such a word or a relative of it, nothing the asker may read answers the question.
   */
  topic: boolean;
  /** Common in English (WordNet's corpus): an unknown word that is neither a topic nor rare is wording, not content. */
  common: boolean;
  /** Only an adverb (`normally`, `else`, `still`): how the question is put, weighed least. */
  adverb: boolean;
  /** The lexicon knows it as a noun (whatever the tagger read it as here: `nurses` in "do nurses get"). */
  noun?: boolean;
  /** A compound's words, read alone: asked instead when no chunk uses the compound (`extra time`). */
  parts?: AskedWord[];
}

/** The kind of value a question asks for, and the words that say so. */
export interface ExpectedValue {
  cue: string;
  kinds: readonly ValueKind[];
}

export interface AskedQuestion {
  words: AskedWord[];
  /** `how much` asks for money, `how long` for a duration, ...; `undefined` for other questions. */
  expects: ExpectedValue | undefined;
  /** Asks about the asker's own things (`my order`, `I bought`): only then is their fetched state an answer. */
  personal: boolean;
  /** Asks about the asker's own records (`asksAboutOwn`): only then do connectors with `when` words run. */
  own: boolean;
  /** Asks what to do (`how do I`, `what should they check`): steps answer it, not a restatement of the problem. */
  procedure: boolean;
  /** Asks for the members of a list (`what refund options`, `which payment methods`): the matching key of that noun. */
  enumerates: string | undefined;
  /** Sets a bound on a quantity (`over a week` → `more`, `under $10` → `less`); see `boundOf`. */
  bound?: Bound | undefined;
}

export type Bound = 'more' | 'less';

const more = /\b(?:over|more than|longer than|greater than|above|at least|or (?:more|longer)|exceeds?)\b/i;
const less = /\b(?:under|less than|fewer than|shorter than|below|at most|or less|or fewer|within)\b/i;

/**
 * The direction of a bound a text sets on a quantity (`over a week`, `a week or longer` → `more`; `less
 * than a week`, `7 days or less` → `less`), or `undefined` when it sets none or both. A sentence bounding
 * the other way (`if they have waited less than a week`) answers the other case of the question.
 */
export function boundOf(text: string): Bound | undefined {
  const up = more.test(text);
  const down = less.test(text);
  return up === down ? undefined : up ? 'more' : 'less';
}

/**
 * Question forms that ask for a kind of value. English question wording, not any knowledge base's: the
 * cue words say what kind of answer is wanted, not what it is about, so they are not asked words.
 */
const answerCues: readonly { pattern: RegExp; kinds: readonly ValueKind[]; cueWords: readonly string[] }[] = [
  {
    pattern:
      /\bhow much\b|\bwhat(?:'s| is| are| does| do)? (?:\w+ ){0,5}(?:cost|costs|price|fee|charge)\b|\bwhat (?:\w+ ){0,2}(?:amount|figure|sum|discount)\b/i,
    kinds: ['money', 'percentage'],
    // "What does it cost": the verb asks; a price, a fee or an amount is also what passages name, so those
    // stay asked. "What figure": the noun only says a number is wanted.
    cueWords: ['much', 'cost', 'costs', 'figure', 'sum'],
  },
  {
    pattern:
      /\bhow (?:long|soon|quickly|fast)\b|\bhow many (?:days|weeks|months|years|hours)\b|\b(?:return|refund|grace|time) (?:window|period)\b|\bdeadline\b|\btime limit\b/i,
    kinds: ['duration', 'date'],
    cueWords: 'long soon quickly fast days weeks months years hours window period deadline time limit'.split(' '),
  },
  {
    pattern: /^\s*when\b|\bwhat (?:time|hours)\b|\bwhich days?\b|\bopening (?:hours|times)\b/i,
    kinds: ['date', 'duration'],
    cueWords: ['time', 'times', 'day', 'days', 'hours'],
  },
  {
    pattern:
      /\bwhat(?:'s| is| are)\s+(?:your|the|our)\s+(?:\w+\s+){0,3}?(?:phone|telephone)(?: numbers?)?\b|\bnumber (?:\w+ ){0,3}(?:call|text)\b|\b(?:call|phone|ring) (?:you|us)\b/i,
    kinds: ['phone'],
    cueWords: ['number', 'call'],
  },
  {
    pattern:
      /\bwhat(?:'s| is| are)\s+(?:your|the|our)\s+(?:\w+\s+){0,3}?email(?: address(?:es)?)?\b|\bemail (?:you|us)\b/i,
    kinds: ['email'],
    cueWords: ['address'],
  },
  {
    pattern: /\bwhere (?:is|are) (?:you|your|the)\b.*\b(?:located|store|shop|office|warehouse)s?\b/i,
    kinds: ['address'],
    cueWords: ['located'],
  },
];

/**
 * Words that stand for anything, or for the shape of an answer (`steps`, `ways`): never what a question
 * is about.
 */
const placeholders = new Set(
  `someone somebody anyone anybody everyone everybody something anything everything nothing thing things stuff
way ways lot lots bit kind sort type question help step steps process procedure instructions idea matter
super really pretty totally actually basically literally quite still already even ever`.split(/\s+/),
);

const firstPerson = /\b(?:my|mine|i|i'm|i've|i'd|me)\b/i;
const procedure =
  /\bhow (?:do|can|should|would|to)\b|\bwhat (?:should|can|do|must) (?:i|we|you|they|he|she)\b|\b(?:anything|something) (?:i|we|they) can do\b|\bfix\b|\bsteps?\b/i;

const enumeration =
  /\b(?:what|which)\b(?:\s+\w+){0,3}?\s+(options|methods|choices|kinds|types|levels|ways|forms|stages|statuses|tiers)\b/i;

/** Listed nouns that say only that a list is wanted (`ways`), not what it is of (`payment methods`). */
const genericLists = new Set(['options', 'choices', 'kinds', 'types', 'ways', 'forms']);

/** SemCor tag count from which a word counts as common English (`spend` 137; `internationally` 2). */
const commonFrequency = 20;

/** Read a question: the words it asks about (with their forms and relatives), and the kind of value it wants. */
export function readQuestion(question: string, lexicon: Lexicon): AskedQuestion {
  const cue = answerCues.find((candidate) => candidate.pattern.test(question));
  const listed = enumeration.exec(question)?.[1]?.toLowerCase();
  // A generic listed noun (`what are the ways`, `in what forms`) only says a list is wanted, like a cue.
  const cueWords = new Set([...(cue?.cueWords ?? []), ...(listed && genericLists.has(listed) ? [listed] : [])]);
  const nouns = nounsOf(question);
  const typed = words(withoutIdentifiers(question)).map((word) => word.toLowerCase().replace(/'s$/, ''));
  const asked: AskedWord[] = [];
  for (let index = 0; index < typed.length; index++) {
    const word = typed[index] ?? '';
    if (!isAsked(word, cueWords) || asked.some((entry) => entry.word === word)) continue;
    // A particle after a word (`ship it back`, `paid out`) belongs to its verb, not to what is asked.
    if (index > 0 && particles.has(word)) continue;
    const next = typed[index + 1];
    const compound =
      next !== undefined && (isAsked(next, cueWords) || particles.has(next))
        ? compoundOf(lexicon, word, next, nouns)
        : undefined;
    if (compound) {
      asked.push(compound);
      index++;
      continue;
    }
    asked.push(askedWord(lexicon, word, nouns));
  }
  const enumerates = listed === undefined ? undefined : stem(listed);
  // The listed noun (`options`, `forms`) says an answer is a list; what the list is of is the question's topic.
  for (const word of asked) if (enumerates !== undefined && stem(word.word) === enumerates) word.topic = false;
  return {
    words: asked,
    expects: cue ? { cue: cue.pattern.exec(question)?.[0]?.trim().toLowerCase() ?? '', kinds: cue.kinds } : undefined,
    personal: firstPerson.test(question),
    own: asksAboutOwn(question),
    procedure: procedure.test(question),
    enumerates,
    bound: boundOf(question),
  };
}

/**
 * The question without the ids, names, emails and phone numbers it quotes (`where is order TW-1042`): they
 * identify the asker's own things, which no passage states and a connector answers, bound to the asker.
 */
function withoutIdentifiers(question: string): string {
  // Ids hold digits, emails an @, names capitals past the first word: a question with none needs no scan.
  if (!/[\d@]|\s[A-Z]/.test(question)) return question;
  let text = question;
  for (const value of groundingDetector().detect(question)) {
    if (value.class === 'fact' || value.kind === 'address') continue;
    text = `${text.slice(0, value.start)}${' '.repeat(value.end - value.start)}${text.slice(value.end)}`;
  }
  return text;
}

function isAsked(word: string, cueWords: ReadonlySet<string>): boolean {
  // Contractions (`i'm`, `haven't`, `you're`) are function words.
  return word.length > 1 && !isStopword(word) && !word.includes("'") && !placeholders.has(word) && !cueWords.has(word);
}

function askedWord(lexicon: Lexicon, word: string, nouns: ReadonlySet<string>): AskedWord {
  const numeric = /^\d/.test(word);
  const senses = lexicon.partsOfSpeech(word);
  const topic = nouns.has(word) || senses.length === 0;
  // A word the question uses as a noun is related through its noun senses only (`curb`: a kerb, not `check`).
  const partOfSpeech = nouns.has(word) && senses.includes('noun') ? 'noun' : undefined;
  const lemmas = numeric ? [] : lexicon.lemmas(word).filter((lemma) => lemma !== word);
  const forms = [...new Set([stem(word), ...lemmas.map(stem)])].map((form) => [form]);
  const relatives = (numeric ? [] : lexicon.related(word, partOfSpeech)).filter((relative) => {
    const parts = keysOf(relative);
    return parts.length > 0 && !parts.every((part) => forms.some((form) => form[0] === part));
  });
  return {
    word,
    lemmas,
    relatives,
    forms,
    related: relatives.map(keysOf),
    topic,
    common: lexicon.frequency(word) >= commonFrequency,
    adverb: !topic && senses.length > 0 && senses.every((pos) => pos === 'adv'),
    noun: senses.includes('noun'),
  };
}

/** Words that make a phrasal verb with the word before them (`send back`, `come up`). */
const particles = new Set(['up', 'back', 'out', 'off', 'down', 'over', 'in', 'on', 'away']);

/**
 * Two adjacent words that the lexicon knows as one entry (`gift wrap`, `credit card`, `send back`): one
 * asked word, mentioned only where both are.
 */
function compoundOf(
  lexicon: Lexicon,
  first: string,
  second: string,
  nouns: ReadonlySet<string>,
): AskedWord | undefined {
  const seconds = [second, ...lexicon.lemmas(second)];
  const entry = seconds
    .flatMap((form) => [`${first} ${form}`, `${first}-${form}`])
    .find((phrase) => lexicon.isPhrase(phrase));
  if (!entry) return undefined;
  const relatives = lexicon.related(entry).filter((relative) => keysOf(relative).length > 0);
  return {
    word: `${first} ${second}`,
    lemmas: [entry.replace('-', ' ')],
    relatives,
    forms: [keysOf(`${first} ${second}`), keysOf(entry)].filter((form) => form.length > 0),
    related: relatives.map(keysOf),
    topic: nouns.has(first) || nouns.has(second),
    common: lexicon.frequency(entry) >= commonFrequency,
    adverb: false,
    parts: [first, second].filter((part) => !particles.has(part)).map((part) => askedWord(lexicon, part, nouns)),
  };
}

function keysOf(phrase: string): string[] {
  return words(phrase.replace(/-/g, ' '))
    .filter((part) => !isStopword(part))
    .map(stem);
}

/** The words used as nouns or names in the question (compromise's tagger, in context; not pronouns). */
function nounsOf(question: string): Set<string> {
  const nouns = new Set<string>();
  const terms = (compromise()(question).terms().json() as { terms: { normal?: string; tags?: string[] }[] }[]).flatMap(
    (entry) => entry.terms,
  );
  terms.forEach((term, index) => {
    const tags = term.tags ?? [];
    if (!term.normal) return;
    // A word the tagger reads as a verb between `what`/`which`/`the` and a noun modifies that noun
    // (`what refund options`, `the return window`): it names the topic too.
    const before = terms[index - 1]?.tags ?? [];
    const after = terms[index + 1]?.tags ?? [];
    const modifier =
      tags.includes('Verb') &&
      !tags.includes('Auxiliary') &&
      !tags.includes('Modal') &&
      (before.includes('QuestionWord') || before.includes('Determiner') || before.includes('Possessive')) &&
      after.includes('Noun') &&
      !after.includes('Pronoun');
    if ((tags.includes('Noun') && !tags.includes('Pronoun')) || modifier) nouns.add(term.normal.replace(/'s$/, ''));
  });
  return nouns;
}

/**
 * Does the question ask about the asker's own things: a first-person possessive (`my order`, `our
 * account`), the asker's standing (`which plan am I on?`, `do I have an open order?`, `I'm on the
 * yearly plan`), or the asker as the one who did something (`I ordered`, `did we pay?`, `I've paid`)?
 * A question that only says what "I" may or must do (`do I need to order by noon?`, `do I have to sign
 * for it?`, `can I cancel an order?`) does not.
 */
export function asksAboutOwn(question: string): boolean {
  return (
    /\b(?:my|mine|our|ours)\b/i.test(question) ||
    /\b(?:am i|i am|i'm|are we|we are|we're|did i|did we)\b/i.test(question) ||
    /\b(?:do|does|have) (?:i|we) (?:have|got) (?!to\b)/i.test(question) ||
    /\b(?:i|we)(?:'ve|'d| have| had| just| already)*\s+(?:(?!need\b|feed\b|speed\b)[a-z]+ed|bought|paid|sent|got|made|put|spent)\b/i.test(
      question,
    )
  );
}
