import { countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { boundedMemo } from '../util/bounded-memo.js';
import type { Example } from './example.js';

/**
 * Token counts and the billing estimate, following the OpenAI cookbook's data-preparation notebook:
 * 3 tokens of overhead per message, 1 per name, 3 for the reply priming; examples longer than the
 * context limit are truncated; the default number of epochs depends on the number of examples.
 */
export type Encoding = 'o200k_base' | 'cl100k_base';

const counters: Record<Encoding, (text: string) => number> = {
  o200k_base: boundedMemo(piecewise(countO200k)),
  cl100k_base: boundedMemo(piecewise(countCl100k)),
};

/** Texts up to this long are counted whole; longer ones piece by piece. */
const wholeUpTo = 4096;
const pieceLength = 1024;

/**
 * A counter that takes time linear in the text's length. The tokenizers' byte-pair merge is quadratic in the length
 * of one pre-token (200,000 characters without a space took 22 s), so a long text is counted in pieces of about
 * `pieceLength` characters, each cut just before a space that starts a word: the tokenizers never join a word's
 * leading space to the text before it, so such cuts change no count. A run of `2 × pieceLength` characters
 * without such a space (no real text has one) is cut where it stands, which can change its count by a token or
 * two per cut.
 */
export function piecewise(count: (text: string) => number): (text: string) => number {
  return (text) => {
    if (text.length <= wholeUpTo) return count(text);
    let total = 0;
    let start = 0;
    while (start < text.length) {
      const end = text.length - start <= 2 * pieceLength ? text.length : cutAfter(text, start + pieceLength);
      total += count(text.slice(start, end));
      start = end;
    }
    return total;
  };
}

/** Where to end a piece at or after `from`: before a space between a non-space and a letter, else at `2 × pieceLength`. */
function cutAfter(text: string, from: number): number {
  const limit = Math.min(text.length, from + pieceLength);
  for (let at = from; at < limit; at++) {
    if (text.charCodeAt(at) === 32 && !isSpace(text.charCodeAt(at - 1)) && isLetter(text, at + 1)) return at;
  }
  // Never between the halves of a surrogate pair.
  const code = text.charCodeAt(limit);
  return code >= 0xdc00 && code <= 0xdfff ? limit + 1 : limit;
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

const letter = /\p{L}/u;
function isLetter(text: string, at: number): boolean {
  return at < text.length && letter.test(text.charAt(at));
}

/** A token counter for an encoding: linear in the text's length, memoized for repeated texts. */
export function tokenCounter(encoding: Encoding): (text: string) => number {
  return counters[encoding];
}

export function exampleTokens(example: Example, encoding: Encoding): { total: number; assistant: number } {
  const count = counters[encoding];
  let total = 3;
  let assistant = 0;
  for (const message of example.messages) {
    const calls = message.toolCalls.map((call) => `${call.name}${call.arguments}`).join('');
    const tokens =
      3 +
      count(message.role) +
      count(message.content) +
      (calls ? count(calls) : 0) +
      (message.name ? 1 + count(message.name) : 0);
    total += tokens;
    if (message.target) assistant += tokens - 3 - count(message.role);
  }
  return { total, assistant };
}

export interface ExampleTokens {
  line: number;
  total: number;
  assistant: number;
  messages: number;
  /** `noSystemMessage` and `noUserMessage`, or'ed (see `roleFlags`). */
  flags: number;
}

/** Flags in the fourth slot of each packed example. */
export const noSystemMessage = 1;
export const noUserMessage = 2;

/** Which roles an example lacks, as flags: no system (or developer) message, no user message. */
export function roleFlags(messages: readonly { role: string }[]): number {
  let system = false;
  let user = false;
  for (const { role } of messages) {
    if (role === 'system' || role === 'developer') system = true;
    else if (role === 'user') user = true;
  }
  return (system ? 0 : noSystemMessage) | (user ? 0 : noUserMessage);
}

/** [total tokens, assistant tokens, messages, flags] per example. */
export function packTokens(examples: readonly ExampleTokens[]): Int32Array {
  const packed = new Int32Array(examples.length * 4);
  examples.forEach((example, index) => {
    packed.set([example.total, example.assistant, example.messages, example.flags], index * 4);
  });
  return packed;
}

export interface TokenStats {
  encoding: Encoding;
  context_limit: number;
  examples: number;
  total_tokens: { min: number; max: number; mean: number; p50: number; p90: number };
  assistant_tokens: { min: number; max: number; mean: number; p50: number; p90: number };
  messages_per_example: { min: number; max: number; mean: number; p50: number; p90: number };
  examples_over_limit: number;
  missing_system: number;
  missing_user: number;
  epochs: number;
  billed_tokens: number;
}

/**
 * Accumulates per-example numbers in constant memory for sums and a bounded reservoir for percentiles
 * (exact up to `reservoirSize` examples, a uniform sample beyond).
 */
export class TokenStatsAccumulator {
  private readonly totals = new Reservoir();
  private readonly assistants = new Reservoir();
  private readonly messageCounts = new Reservoir();
  private overLimit = 0;
  private missingSystem = 0;
  private missingUser = 0;
  private clippedSum = 0;
  private count = 0;

  constructor(
    private readonly encoding: Encoding,
    private readonly contextLimit: number,
  ) {}

  /** Examples packed four numbers each: total tokens, assistant tokens, messages, flags (see `packTokens`). */
  addPacked(packed: Int32Array): void {
    for (let at = 0; at + 3 < packed.length; at += 4) {
      const total = packed[at] ?? 0;
      const flags = packed[at + 3] ?? 0;
      this.count++;
      this.totals.add(total);
      this.assistants.add(packed[at + 1] ?? 0);
      this.messageCounts.add(packed[at + 2] ?? 0);
      if (flags & noSystemMessage) this.missingSystem++;
      if (flags & noUserMessage) this.missingUser++;
      this.clippedSum += Math.min(total, this.contextLimit);
      if (total > this.contextLimit) this.overLimit++;
    }
  }

  result(): TokenStats {
    const epochs = defaultEpochs(this.count);
    return {
      encoding: this.encoding,
      context_limit: this.contextLimit,
      examples: this.count,
      total_tokens: this.totals.summary(),
      assistant_tokens: this.assistants.summary(),
      messages_per_example: this.messageCounts.summary(),
      examples_over_limit: this.overLimit,
      missing_system: this.missingSystem,
      missing_user: this.missingUser,
      epochs,
      billed_tokens: this.clippedSum * epochs,
    };
  }
}

/** The cookbook's rule: aim at 3 epochs, but at least 100 and at most 25,000 example passes, within 1–25 epochs. */
export function defaultEpochs(examples: number): number {
  const target = 3;
  if (examples === 0) return 0;
  if (examples * target < 100) return Math.min(25, Math.floor(100 / examples));
  if (examples * target > 25_000) return Math.max(1, Math.floor(25_000 / examples));
  return target;
}

class Reservoir {
  private readonly sample: number[] = [];
  private seen = 0;
  private sum = 0;
  private min = Number.POSITIVE_INFINITY;
  private max = 0;
  private seed = 1;

  constructor(private readonly size = 100_000) {}

  add(value: number): void {
    this.seen++;
    this.sum += value;
    this.min = Math.min(this.min, value);
    this.max = Math.max(this.max, value);
    if (this.sample.length < this.size) {
      this.sample.push(value);
      return;
    }
    this.seed = (this.seed * 48271) % 2147483647;
    const slot = this.seed % this.seen;
    if (slot < this.size) this.sample[slot] = value;
  }

  summary(): { min: number; max: number; mean: number; p50: number; p90: number } {
    if (this.seen === 0) return { min: 0, max: 0, mean: 0, p50: 0, p90: 0 };
    const sorted = [...this.sample].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return {
      min: this.min,
      max: this.max,
      mean: Math.round((this.sum / this.seen) * 10) / 10,
      p50: at(0.5),
      p90: at(0.9),
    };
  }
}
