import { readFileSync } from 'node:fs';
import type { Value, ValueDetector } from '../src/values/index.js';

/**
 * Private data in real support chat: ABCD's crowd-written dialogues (`valid.txt`: `USR:` / `SYS:` / `ACT:` lines,
 * dialogues separated by `<|endoftext|>`), run through the detector one turn at a time, as `seam lint` reads a
 * chat file's messages, each with the turn before it as the turn it answers.
 *
 * Gold comes from the dialogues' own structure, never from the detector:
 * - person: the customer's name, from the agent tool line "Account has been pulled up for First Last." (when it
 *   names a person, not an account id). Every whole-word occurrence, in any case, of the full name, or of its
 *   first or last word alone, in a customer or agent turn is one gold span. Tool lines are never detector input.
 *   A person finding is correct when every word of it is a word of some customer name of the split (the same
 *   definition as the held-out report), so a brand, a sentence opener or a span that runs on ("David. I'll")
 *   counts against precision.
 * - email: every `local@domain.tld` in a turn.
 * - phone: North-American numbers written with a separator before the last four digits (`(ddd) ddd-dddd`,
 *   `ddd-ddd-dddd`, `ddd.ddd.dddd`); bare ten-digit runs are left out (in these dialogues they are order ids).
 * - address: a street address, `number street-name suffix` (Ave, St, Lane, Drive, Road, Blvd, Way, Court…).
 * - username: a word of letters and digits, outside an email address, that its turn labels as a username
 *   ("username: x", "user name is x", "x is my username"), or that is the whole of a customer's answer word
 *   (lower-case letters then digits) to an agent turn asking for the username; and later occurrences of it.
 * A gold span is found when a detected value of its kind overlaps it.
 */

export interface Turn {
  role: 'user' | 'assistant';
  text: string;
}

export interface Dialogue {
  turns: Turn[];
  /** The customer's name from the tool line, when it names a person. */
  customer?: string;
}

export function readAbcdDialogues(path: string): Dialogue[] {
  const dialogues: Dialogue[] = [];
  for (const block of readFileSync(path, 'utf8').split('<|endoftext|>')) {
    const turns: Turn[] = [];
    let customer: string | undefined;
    for (const line of block.split('\n')) {
      const match = /^(USR|SYS|ACT):(.*)$/.exec(line);
      if (match === null) continue;
      const [, speaker, text = ''] = match;
      if (speaker === 'ACT') {
        const pulled = /^Account has been pulled up for (.+?)\.?\s*$/.exec(text);
        if (pulled?.[1] !== undefined && /^\p{L}+(?: \p{L}+)+$/u.test(pulled[1])) customer ??= pulled[1];
        continue;
      }
      turns.push({ role: speaker === 'USR' ? 'user' : 'assistant', text });
    }
    if (turns.length > 0) dialogues.push(customer === undefined ? { turns } : { turns, customer });
  }
  return dialogues;
}

export const chatKinds = ['person', 'email', 'phone', 'address', 'username'] as const;
export type ChatKind = (typeof chatKinds)[number];
interface GoldSpan {
  kind: ChatKind;
  turn: number;
  start: number;
  end: number;
}

const emailShape = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const phoneShape = /(?<![\w-])(?:\(\d{3}\)\s?|\d{3}[-. ])\d{3}[-. ]\d{4}(?![\w-])/g;
const streetShape =
  /\b\d{1,6}\s+(?:[A-Za-z0-9]+\s+){1,3}(?:ave|avenue|st|street|lane|ln|drive|dr|road|rd|blvd|boulevard|way|court|ct|place|pl|circle|terrace)\b\.?/gi;
const usernameLabel =
  /\buser ?name(?:\s+(?:is|was|on file is|=))?\s*[:=-]?\s*([A-Za-z0-9][A-Za-z0-9._-]*)|\b([A-Za-z0-9][A-Za-z0-9._-]*)\s+is\s+my\s+user ?name/gi;
const asksUsername = /\buser ?names?\b/i;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function spansOf(pattern: RegExp, text: string): { start: number; end: number }[] {
  return [...text.matchAll(pattern)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
}

export function goldSpans(dialogue: Dialogue): GoldSpan[] {
  const gold: GoldSpan[] = [];
  const usernames = new Set<string>();
  const nameWords = dialogue.customer?.split(' ') ?? [];
  const namePattern =
    dialogue.customer === undefined
      ? undefined
      : new RegExp(
          `(?<![\\p{L}\\p{N}])(?:${[dialogue.customer, ...nameWords].map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`,
          'giu',
        );
  dialogue.turns.forEach((turn, index) => {
    const emails = spansOf(emailShape, turn.text);
    const add = (kind: ChatKind, spans: { start: number; end: number }[]) => {
      for (const span of spans) gold.push({ kind, turn: index, ...span });
    };
    add('email', emails);
    add('phone', spansOf(phoneShape, turn.text));
    add('address', spansOf(streetShape, turn.text));
    if (namePattern !== undefined) add('person', spansOf(namePattern, turn.text));
    for (const match of turn.text.matchAll(usernameLabel)) {
      const word = match[1] ?? match[2];
      if (word !== undefined && /\d/.test(word) && /\p{L}/u.test(word) && !word.includes('@')) usernames.add(word);
    }
    const previous = dialogue.turns[index - 1];
    if (turn.role === 'user' && previous?.role === 'assistant' && asksUsername.test(previous.text)) {
      for (const word of turn.text.matchAll(/(?<![\w@.])[a-z]+[0-9]+(?![\w@])/g)) usernames.add(word[0]);
    }
  });
  dialogue.turns.forEach((turn, index) => {
    const emails = spansOf(emailShape, turn.text);
    for (const name of usernames) {
      for (const span of spansOf(new RegExp(`(?<![\\w@.])${escapeRegExp(name)}(?![\\w@])`, 'g'), turn.text)) {
        if (!emails.some((email) => email.start <= span.start && span.end <= email.end)) {
          gold.push({ kind: 'username', turn: index, ...span });
        }
      }
    }
  });
  return gold;
}

export interface AbcdReport {
  dialogues: number;
  turns: number;
  recall: Record<ChatKind, { gold: number; found: number; recall: number }>;
  overallRecall: number;
  person: { predicted: number; correct: number; precision: number; recall: number; f1: number };
  /**
   * Wrong person findings that are the agent introducing himself or herself ("my name is …", "I'm …", "this is …"
   * in an agent turn): a real person's name, so private data of the employee, though not a customer's. Precision
   * with these counted right is `precisionWithAgents`.
   */
  agentNames: number;
  precisionWithAgents: number;
  /** Person findings whose words are not all customer-name words (up to 25, with the count of each). */
  wrongPeople: [string, number][];
  /** Gold spans missed, by kind (up to 10 each). */
  missed: Partial<Record<ChatKind, string[]>>;
}

/** `detect(text, previous)`: the values of one turn, given the turn before it. */
export type DetectTurn = (text: string, previous: string | undefined) => Value[];

export function detectTurnWith(detector: ValueDetector): DetectTurn {
  return (text, previous) =>
    detector.detect(text, { classes: ['private'], ...(previous === undefined ? {} : { previous }) });
}

const selfIntroduction = /\b(?:my name is|my name['’]s|i['’]m|i am|this is|im)\s+$/i;

export function scoreAbcd(dialogues: readonly Dialogue[], detect: DetectTurn): AbcdReport {
  const nameWords = new Set(dialogues.flatMap((dialogue) => dialogue.customer?.toLowerCase().split(' ') ?? []));
  const counts = Object.fromEntries(
    chatKinds.map((kind) => [kind, { gold: 0, found: 0, recall: 0 }]),
  ) as AbcdReport['recall'];
  const missed: AbcdReport['missed'] = {};
  const wrong = new Map<string, number>();
  let predicted = 0;
  let correct = 0;
  let agentNames = 0;
  let turns = 0;
  for (const dialogue of dialogues) {
    const values = dialogue.turns.map((turn, index) => detect(turn.text, dialogue.turns[index - 1]?.text));
    turns += values.length;
    for (const gold of goldSpans(dialogue)) {
      const entry = counts[gold.kind];
      entry.gold += 1;
      const hit = (values[gold.turn] ?? []).some(
        (value) => value.kind === gold.kind && value.start < gold.end && gold.start < value.end,
      );
      if (hit) entry.found += 1;
      else {
        const list = missed[gold.kind] ?? [];
        missed[gold.kind] = list;
        if (list.length < 10) list.push(dialogue.turns[gold.turn]?.text.slice(gold.start, gold.end) ?? '');
      }
    }
    values.forEach((found, turn) => {
      const text = dialogue.turns[turn]?.text ?? '';
      for (const value of found) {
        if (value.kind !== 'person') continue;
        predicted += 1;
        const words = value.text.toLowerCase().match(/[\p{L}\p{N}'’-]+/gu) ?? [];
        if (words.length > 0 && words.every((word) => nameWords.has(word))) correct += 1;
        else {
          wrong.set(value.text, (wrong.get(value.text) ?? 0) + 1);
          const before = text.slice(Math.max(0, value.start - 16), value.start);
          if (dialogue.turns[turn]?.role === 'assistant' && selfIntroduction.test(before)) agentNames += 1;
        }
      }
    });
  }
  let gold = 0;
  let found = 0;
  for (const entry of Object.values(counts)) {
    entry.recall = entry.gold === 0 ? 0 : entry.found / entry.gold;
    gold += entry.gold;
    found += entry.found;
  }
  const precision = predicted === 0 ? 0 : correct / predicted;
  const recall = counts.person.recall;
  return {
    dialogues: dialogues.length,
    turns,
    recall: counts,
    overallRecall: gold === 0 ? 0 : found / gold,
    person: {
      predicted,
      correct,
      precision,
      recall,
      f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    },
    agentNames,
    precisionWithAgents: predicted === 0 ? 0 : (correct + agentNames) / predicted,
    wrongPeople: [...wrong].sort((a, b) => b[1] - a[1]).slice(0, 25),
    missed,
  };
}
