import { auditChecks } from '../audit/checks.js';
import type { SeamConfig } from '../config/behavior-config.js';
import { factLookup } from '../lint/content-checks.js';
import { formsOf } from '../lint/fact-index.js';
import type { Value, ValueDetector } from '../values/value.js';
import type { EvalAnswer } from './answer-case.js';
import { type EvalCase, parseCitation } from './eval-case.js';

export interface Verdict {
  pass: boolean;
  /** Why it failed, one line per broken expectation; empty when it passed. */
  reasons: string[];
}

const noFacts = factLookup(undefined);

/**
 * Judge an answer against a case's expectations. Values compare in their surface forms with the shared
 * value detector (`14 days` = `fourteen days`, `$14` = `$14.00`); other phrases case-insensitively.
 * `absent` is searched in everything the asker receives: the answer, citations, state, warnings and
 * trace, and so is `forgotten` (with `options.forgotten`, from `forgottenValues`: the reason names the
 * value's kind, never the value). Format and style use the checks `seam audit` uses, against the
 * answering configuration.
 */
export function judge(
  testCase: EvalCase,
  answer: EvalAnswer,
  options: {
    config: SeamConfig;
    detector: ValueDetector;
    /** The values a stored forget receipt covers, found in a text; required to judge `forgotten`. */
    forgotten?: ((text: string) => Value[]) | undefined;
  },
): Verdict {
  const expect = testCase.expect;
  const reasons: string[] = [];
  const says = (phrase: string) => states(answer.answer, phrase, options.detector);
  for (const phrase of expect.contains ?? []) if (!says(phrase)) reasons.push(`does not state "${phrase}"`);
  for (const phrase of expect.not_contains ?? []) if (says(phrase)) reasons.push(`states "${phrase}"`);
  if (expect.absent && expect.absent.length > 0) {
    const received = everyString({ ...answer })
      .join('\n')
      .toLowerCase();
    for (const phrase of expect.absent) {
      if (received.includes(phrase.toLowerCase())) reasons.push(`"${phrase}" reached ${whereFound(answer, phrase)}`);
    }
  }
  if (expect.forgotten) {
    if (!options.forgotten) reasons.push('forgotten: no forget receipts to judge with');
    else {
      for (const [name, part] of answerParts(answer)) {
        const kinds = [...new Set(options.forgotten(everyString(part).join('\n')).map((value) => value.kind))];
        for (const kind of kinds) reasons.push(`a forgotten ${kind.replace('_', ' ')} reached ${name}`);
      }
    }
  }
  const cited = answer.citations.map((citation) => `${citation.id}@${citation.version}`);
  for (const spec of expect.cites ?? []) {
    const { id, version } = parseCitation(spec);
    const found = answer.citations.some((c) => c.id === id && (version === undefined || c.version === version));
    if (!found) reasons.push(`does not cite ${spec} (cited: ${cited.join(', ') || 'nothing'})`);
  }
  for (const id of expect.not_cites ?? []) {
    if (answer.citations.some((citation) => citation.id === id)) reasons.push(`cites ${id}`);
  }
  if (expect.refuses !== undefined && answer.refused !== expect.refuses) {
    reasons.push(expect.refuses ? 'answered instead of declining' : 'declined');
  }
  if (expect.handoff !== undefined && (answer.handoff !== null) !== expect.handoff) {
    reasons.push(expect.handoff ? 'did not hand off' : `handed off (${answer.handoff?.reason})`);
  }
  const input = { question: testCase.question, answer: answer.answer, values: [], questionForms: new Set<string>() };
  const context = { config: options.config, facts: noFacts };
  if (expect.format && !answer.refused) {
    const problem = auditChecks.format.check(input, context);
    if (problem) reasons.push(`format: ${problem}`);
  }
  if (expect.style) {
    const problem = auditChecks.style.check(input, context);
    if (problem) reasons.push(`style: ${problem}`);
  }
  return { pass: reasons.length === 0, reasons };
}

/**
 * Whether `text` states `phrase`: when the phrase is one value (money, a duration, a date, ...), any
 * value in the text with one of its forms; otherwise the phrase itself, ignoring case and spacing.
 */
export function states(text: string, phrase: string, detector: ValueDetector): boolean {
  const [value, ...more] = detector.detect(phrase);
  if (value && more.length === 0 && value.end - value.start >= phrase.trim().length * 0.6) {
    const wanted = new Set(formsOf(value));
    return detector.detect(text).some((found) => formsOf(found).some((form) => wanted.has(form)));
  }
  const flat = (value: string) => value.replace(/\s+/g, ' ').toLowerCase();
  return flat(text).includes(flat(phrase));
}

/** Every string and number inside a value, depth first. */
function everyString(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(everyString);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) => [key, ...everyString(inner)]);
  }
  return [];
}

/** What the asker receives, part by part, named for a reason. */
function answerParts(answer: EvalAnswer): [string, unknown][] {
  return [
    ['the answer', answer.answer],
    ['the citations', answer.citations],
    ['the state', answer.state_used],
    ['the warnings', answer.warnings],
    ['the trace', answer.trace],
  ];
}

function whereFound(answer: EvalAnswer, phrase: string): string {
  const lower = phrase.toLowerCase();
  const parts = answerParts(answer);
  const found = parts.filter(([, part]) => everyString(part).join('\n').toLowerCase().includes(lower));
  return found.map(([name]) => name).join(' and ') || 'the output';
}
