import type { FactLookup } from './content-checks.js';
import type { FactIndex } from './fact-index.js';
import type { Finding } from './findings.js';

/**
 * Repairs for one example. Private data and business state become placeholders, consistent across the
 * example (the same email is `{email_1}` everywhere). Frozen and superseded facts are either grounded (the
 * current passage from the store is put into the system message, and a superseded value is replaced by
 * today's) or rewritten without the value ("the current price").
 */
export type FactStrategy = 'ground' | 'rewrite';

export interface Change {
  line: number;
  message?: number | undefined;
  part?: Finding['part'];
  content_part?: number | undefined;
  tool_call?: number | undefined;
  kind: Finding['kind'];
  action: 'placeholder' | 'updated' | 'rewritten' | 'grounded' | 'dropped';
  from?: string | undefined;
  to?: string | undefined;
  source?: { id: string; version: number } | undefined;
}

export interface FixContext {
  facts: FactLookup;
  passages: Map<string, FactIndex['passages'][number][1]>;
  strategy: FactStrategy;
}

const rewrites: Record<string, string> = {
  money: 'the current price',
  duration: 'the current window',
  percentage: 'the current rate',
  date: 'the current date on file',
  version: 'the current version',
  url: 'the current page',
  ui_path: 'the current settings page',
  plan: 'the current plan',
};

type Json = Record<string, unknown>;

/** Apply the fixes for one parsed example in place; returns what changed. */
export function fixExample(value: Json, line: number, findings: readonly Finding[], context: FixContext): Change[] {
  const changes: Change[] = [];
  const placeholders = new Map<string, string>();
  const counters = new Map<string, number>();
  const placeholderFor = (finding: Finding) => {
    const text = (finding.value ?? '').toLowerCase();
    let placeholder = placeholders.get(`${finding.code}\u0000${text}`) ?? partOfKnownName(finding, text);
    if (!placeholder) {
      const count = (counters.get(finding.code) ?? 0) + 1;
      counters.set(finding.code, count);
      placeholder = `{${finding.code}_${count}}`;
    }
    placeholders.set(`${finding.code}\u0000${text}`, placeholder);
    return placeholder;
  };
  /** "Jane" after "Jane Doe" is the same person: reuse the placeholder. */
  const partOfKnownName = (finding: Finding, text: string) => {
    if (finding.code !== 'person') return undefined;
    const words = text.split(/\s+/);
    for (const [key, placeholder] of placeholders) {
      const [code, known] = key.split('\u0000') as [string, string];
      const knownWords = known.split(/\s+/);
      if (
        code === 'person' &&
        (words.every((word) => knownWords.includes(word)) || knownWords.every((word) => words.includes(word)))
      ) {
        return placeholder;
      }
    }
    return undefined;
  };

  const groundIn = new Map<string, { id: string; version: number }>();
  const edits = new Map<string, { start: number; end: number; text: string }[]>();
  for (const finding of findings) {
    if (finding.message === undefined || finding.start === undefined || finding.end === undefined) continue;
    let replacement: string | undefined;
    let action: Change['action'] | undefined;
    if (finding.kind === 'private_data' || finding.kind === 'business_state') {
      replacement = placeholderFor(finding);
      action = 'placeholder';
    } else if ((finding.kind === 'frozen_fact' || finding.kind === 'superseded_fact') && finding.source) {
      const superseded = finding.kind === 'superseded_fact' ? supersededNow(finding) : undefined;
      if (context.strategy === 'ground' && (finding.kind === 'frozen_fact' || superseded)) {
        groundIn.set(finding.source.id, finding.source);
        if (superseded) {
          replacement = superseded;
          action = 'updated';
        } else {
          action = 'grounded';
        }
      } else {
        replacement = rewrites[finding.code] ?? 'the current value';
        action = 'rewritten';
      }
    }
    if (!action) continue;
    if (replacement !== undefined) {
      const key = `${finding.part ?? 'messages'}:${finding.message}:${finding.content_part ?? ''}:${finding.tool_call ?? ''}`;
      edits.set(key, [...(edits.get(key) ?? []), { start: finding.start, end: finding.end, text: replacement }]);
    }
    changes.push({
      line,
      message: finding.message,
      part: finding.part,
      ...(finding.content_part === undefined ? {} : { content_part: finding.content_part }),
      ...(finding.tool_call === undefined ? {} : { tool_call: finding.tool_call }),
      kind: finding.kind,
      action,
      from: finding.value,
      to: replacement,
      source: finding.source,
    });
  }

  for (const [key, spans] of edits) {
    const [part, index, contentPart, toolCall] = key.split(':') as [string, string, string, string];
    const message = messageList(value, part)?.[Number(index)];
    if (!message || typeof message !== 'object') continue;
    editText(message as Json, contentPart, toolCall, (text) => applySpans(text, spans));
  }
  if (groundIn.size > 0) addReferences(value, [...groundIn.values()], context);
  return changes;
}

/**
 * Edit the text a finding's offsets refer to: the content, one text part of it, or one call's arguments. An
 * edit that would leave the arguments unparseable is not made (the value stays, and the re-check reports it).
 */
function editText(message: Json, contentPart: string, toolCall: string, edit: (text: string) => string): void {
  if (toolCall !== '') {
    const call = Array.isArray(message.tool_calls)
      ? (message.tool_calls[Number(toolCall)] as Json | undefined)
      : undefined;
    const fn = call?.function as Json | undefined;
    if (!fn || typeof fn.arguments !== 'string') return;
    const edited = edit(fn.arguments);
    try {
      JSON.parse(edited);
      fn.arguments = edited;
    } catch {
      // leave the arguments as they were
    }
    return;
  }
  if (contentPart !== '') {
    const item = Array.isArray(message.content)
      ? (message.content[Number(contentPart)] as Json | undefined)
      : undefined;
    if (item && typeof item.text === 'string') item.text = edit(item.text);
    return;
  }
  if (typeof message.content === 'string') message.content = edit(message.content);
}

/** The one value the document's current version states instead, when there is exactly one. */
function supersededNow(finding: Finding): string | undefined {
  return finding.now?.length === 1 ? finding.now[0] : undefined;
}

function applySpans(text: string, spans: { start: number; end: number; text: string }[]): string {
  const sorted = [...spans].sort((a, b) => b.start - a.start);
  let result = text;
  let limit = Number.POSITIVE_INFINITY;
  for (const span of sorted) {
    if (span.end > limit) continue; // overlapping spans: keep the later one
    result = result.slice(0, span.start) + span.text + result.slice(span.end);
    limit = span.start;
  }
  return result;
}

function messageList(value: Json, part: string): unknown[] | undefined {
  if (part === 'messages') return Array.isArray(value.messages) ? value.messages : undefined;
  if (part === 'input') {
    const input = value.input as Json | undefined;
    return Array.isArray(input?.messages) ? (input.messages as unknown[]) : undefined;
  }
  const list = value[part];
  return Array.isArray(list) ? list : undefined;
}

/** Put the current passages into the example's system message (creating one when there is none). */
function addReferences(value: Json, sources: { id: string; version: number }[], context: FixContext): void {
  const references = sources
    .map((source) => {
      const passage = context.passages.get(source.id);
      return passage
        ? `Reference: ${passage.title} (${source.id} v${passage.version})\n${passage.body.trim()}`
        : undefined;
    })
    .filter(Boolean)
    .join('\n\n');
  if (!references) return;
  const messages = Array.isArray(value.messages) ? value.messages : messageList(value, 'input');
  if (!messages) return;
  const first = messages[0] as Json | undefined;
  if (first && (first.role === 'system' || first.role === 'developer') && typeof first.content === 'string') {
    first.content = `${first.content}\n\n${references}`;
  } else {
    messages.unshift({ role: 'system', content: references });
  }
}
