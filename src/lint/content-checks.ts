import type { Value, ValueDetector, ValueKind } from '../values/value.js';
import type { Example, ExampleMessage, MessageText } from './example.js';
import { around, bestMatch, type FactIndex, formsOf, type StatedValue, type SupersededValue } from './fact-index.js';
import type { Finding } from './findings.js';

/** The fact index as lookups; built once per worker. */
export interface FactLookup {
  current: Map<string, StatedValue[]>;
  superseded: Map<string, SupersededValue[]>;
}

export function factLookup(index: FactIndex | undefined): FactLookup {
  return { current: new Map(index?.current ?? []), superseded: new Map(index?.superseded ?? []) };
}

const kindNames: Record<ValueKind, string> = {
  money: 'an amount of money',
  duration: 'a duration',
  date: 'a date',
  percentage: 'a percentage',
  version: 'a version or model number',
  url: 'a URL',
  ui_path: 'a path in the user interface',
  plan: 'a plan or tier name',
  order_id: 'an order id',
  ticket_id: 'a ticket id',
  account_id: 'an account id',
  tracking_id: 'a tracking number',
  email: 'an email address',
  phone: 'a phone number',
  person: "a person's name",
  address: 'a postal address',
  username: 'a username',
  card: 'a card number',
  iban: 'an IBAN',
  ip: 'an IP address',
  national_id: 'a national id number',
};

/**
 * Content checks on one example: private data in every message; in the messages the model is trained to
 * produce, fact and state values that the example's own context does not supply. The context of a message is
 * every earlier message that is not itself a target (system, user, tool results, weight-0 assistant turns): a
 * value is supplied when one of them states it in any form (`$8` and `8 dollars`), or, for an id, holds its text
 * as a word (a tool result's JSON is read as text, so `{"id":"58812"}` supplies order 58812).
 */
export function checkContent(example: Example, detector: ValueDetector, facts: FactLookup): Finding[] {
  const findings: Finding[] = [];
  // Each message is read as the answer to the one before it ("cminh1982" after "what is your username?").
  const detected = example.messages.flatMap((message, index) => {
    const before = example.messages[index - 1]?.content;
    const options = before === undefined || before === '' ? {} : { previous: before.slice(-400) };
    return message.texts.map((text) => ({ message, text, values: detector.detect(text.scan ?? text.text, options) }));
  });
  const context = new Map<string, ExampleMessage>();
  const words = new ContextWords();
  let position = 0;
  // The words of the turn a target answers count as words around its values ("Window?" → "14 days").
  let question = '';
  for (const message of example.messages) {
    const texts: typeof detected = [];
    while (detected[position]?.message === message) texts.push(detected[position++] as (typeof detected)[number]);
    for (const { text, values } of texts) {
      for (const value of values) {
        const finding = checkValue({ example, message, text, value, facts, context, words, question });
        if (finding) findings.push(finding);
      }
    }
    if (message.target || message.part === 'preferred_output' || message.part === 'non_preferred_output') continue;
    for (const { text, values } of texts) {
      for (const value of values) for (const form of formsOf(value)) if (!context.has(form)) context.set(form, message);
      words.add(text.text, message);
    }
    if (message.role === 'user' && message.content !== '') question = message.content.slice(-240);
  }
  return findings;
}

function checkValue(options: {
  example: Example;
  message: ExampleMessage;
  text: MessageText;
  value: Value;
  facts: FactLookup;
  context: ReadonlyMap<string, ExampleMessage>;
  words: ContextWords;
  question: string;
}): Finding | undefined {
  const { example, message, text, value } = options;
  const at = {
    line: example.line,
    message: message.index,
    part: message.part,
    ...(text.content_part === undefined ? {} : { content_part: text.content_part }),
    ...(text.tool_call === undefined ? {} : { tool_call: text.tool_call }),
    value: text.text.slice(value.start, value.end),
    start: value.start,
    end: value.end,
    code: value.kind,
  };
  const where = text.tool_call === undefined ? 'message' : 'tool call';
  if (value.class === 'private') {
    return {
      ...at,
      kind: 'private_data',
      severity: 'error',
      explanation: `${kindNames[value.kind]} in ${article(message.role)} ${message.role} ${where}: a person can ask to be forgotten, and trained weights cannot forget`,
      fix: `replace it with a consistent placeholder such as {${value.kind}_1}`,
    };
  }
  if (!message.target) return undefined;
  const supplier =
    formsOf(value)
      .map((form) => options.context.get(form))
      .find(Boolean) ?? (value.class === 'state' ? options.words.get(coreWord(value.text)) : undefined);
  if (supplier) {
    return {
      ...at,
      kind: 'grounded',
      severity: 'info',
      explanation: `supplied by the ${supplier.role} message ${supplier.index}: the example teaches using context, which is what training should teach`,
      fix: 'none needed',
    };
  }
  if (value.class === 'state') {
    return {
      ...at,
      kind: 'business_state',
      severity: 'error',
      explanation: `${kindNames[value.kind]} belongs to one customer's state, and nothing in the example supplies it: the model would learn to produce such values from nowhere`,
      fix: `replace it with a placeholder such as {${value.kind}_1}, or supply it in a tool result the reply can quote`,
    };
  }
  return factFinding(value, at, options.facts, text.text, options.question);
}

/**
 * The words of the context so far, as an id's text is compared with them: runs of letters, digits and `.-_/@`,
 * lower case. Texts are split only when a lookup needs them (most examples never look one up), each once.
 */
class ContextWords {
  private readonly words = new Map<string, ExampleMessage>();
  private readonly pending: { text: string; message: ExampleMessage }[] = [];

  add(text: string, message: ExampleMessage): void {
    this.pending.push({ text, message });
  }

  get(word: string): ExampleMessage | undefined {
    if (word === '') return undefined;
    for (const { text, message } of this.pending.splice(0)) {
      for (const found of text.toLowerCase().matchAll(/[\p{L}\p{N}](?:[\p{L}\p{N}._\-/@]*[\p{L}\p{N}])?/gu)) {
        if (!this.words.has(found[0])) this.words.set(found[0], message);
      }
    }
    return this.words.get(word);
  }
}

/** A value's text as one word (`#58812` → `58812`), or '' when it has several. */
function coreWord(text: string): string {
  const core = text.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  return /\s/.test(core) ? '' : core;
}

/**
 * Which document states a fact value today, or (if none does) which only an older version stated: of those
 * whose words around the value agree with the words around it in `text` (see `bestMatch`), the one that agrees
 * most. A value stated only in another setting is linked to no document.
 */
export function lookupFact(
  value: Value,
  facts: FactLookup,
  text: string,
  /** More words that count as around the value: the question a reply answers. */
  question = '',
): { current?: StatedValue | undefined; superseded?: SupersededValue | undefined } {
  const forms = formsOf(value);
  const near = { text: `${question}\n${around(text, value)}`, value: value.text };
  const current = bestMatch(
    forms.flatMap((form) => facts.current.get(form) ?? []),
    near,
  );
  if (current) return { current };
  return {
    superseded: bestMatch(
      forms.flatMap((form) => facts.superseded.get(form) ?? []),
      near,
    ),
  };
}

function factFinding(
  value: Value,
  at: Omit<Finding, 'kind' | 'severity' | 'explanation' | 'fix'>,
  facts: FactLookup,
  messageText: string,
  question: string,
): Finding {
  const { current, superseded } = lookupFact(value, facts, messageText, question);
  if (current) {
    return {
      ...at,
      kind: 'frozen_fact',
      severity: 'error',
      source: { id: current.id, version: current.version },
      explanation: `"${value.text}" is what ${current.id} v${current.version} ("${current.title}") states today; trained into weights, it stays when the document changes`,
      fix: `rewrite without the value (say "the current ${hintFor(value)}"), or ground it by adding the ${current.id} passage to the context`,
    };
  }
  if (superseded) {
    const now =
      superseded.now.length > 0
        ? `; v${superseded.currentVersion} states ${superseded.now
            .slice(0, 3)
            .map((text) => `"${text}"`)
            .join(', ')}`
        : '';
    return {
      ...at,
      kind: 'superseded_fact',
      severity: 'error',
      source: { id: superseded.id, version: superseded.version },
      now: superseded.now,
      explanation: `"${value.text}" was stated by ${superseded.id} v${superseded.version} and no current document states it${now}: the example is already stale`,
      fix:
        superseded.now.length > 0
          ? `ground the example in the current ${superseded.id} passage and say ${superseded.now[0]}, or rewrite without the value`
          : `rewrite without the value, or ground it in the current ${superseded.id} passage`,
    };
  }
  return {
    ...at,
    kind: 'time_sensitive',
    severity: 'warning',
    explanation: `${kindNames[value.kind]} goes stale, and neither the knowledge store nor the example's context supplies it`,
    fix: 'put the fact in the knowledge store and ground the example in it, or rewrite without the value',
  };
}

function article(word: string): string {
  return /^[aeio]/i.test(word) ? 'an' : 'a';
}

function hintFor(value: Value): string {
  switch (value.kind) {
    case 'money':
      return 'price';
    case 'duration':
      return 'window';
    case 'percentage':
      return 'rate';
    case 'date':
      return 'date';
    default:
      return 'value';
  }
}
