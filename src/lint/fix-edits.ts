import type { Finding } from './findings.js';

/** Edits of one parsed example in place: the texts findings point at, and the system message. */

type Json = Record<string, unknown>;

/**
 * Edit the text a finding's offsets refer to: the content, one text part of it, or one call's arguments. An
 * edit that would leave the arguments unparseable is not made (the value stays, and the re-check reports it).
 */
export function editText(message: Json, contentPart: string, toolCall: string, edit: (text: string) => string): void {
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

/** Replace spans of a text (of two overlapping spans, the later one is kept), in time linear in the text. */
export function applySpans(text: string, spans: { start: number; end: number; text: string }[]): string {
  const sorted = [...spans].sort((a, b) => b.start - a.start);
  const kept: typeof spans = [];
  let limit = Number.POSITIVE_INFINITY;
  for (const span of sorted) {
    if (span.end > limit) continue;
    kept.push(span);
    limit = span.start;
  }
  const pieces: string[] = [];
  let at = 0;
  for (let index = kept.length - 1; index >= 0; index--) {
    const span = kept[index] as (typeof spans)[number];
    pieces.push(text.slice(at, span.start), span.text);
    at = span.end;
  }
  pieces.push(text.slice(at));
  return pieces.join('');
}

export function messageList(value: Json, part: string): unknown[] | undefined {
  if (part === 'messages') return Array.isArray(value.messages) ? value.messages : undefined;
  if (part === 'input') {
    const input = value.input as Json | undefined;
    return Array.isArray(input?.messages) ? (input.messages as unknown[]) : undefined;
  }
  const list = value[part];
  return Array.isArray(list) ? list : undefined;
}

/** Add text to the example's first system message (creating one at the top when there is none). */
export function addToSystemMessage(value: Json, text: string): void {
  const messages = Array.isArray(value.messages) ? value.messages : messageList(value, 'input');
  if (!messages) return;
  const first = messages[0] as Json | undefined;
  if (first && (first.role === 'system' || first.role === 'developer') && typeof first.content === 'string') {
    first.content = first.content === '' ? text : `${first.content}\n\n${text}`;
  } else {
    messages.unshift({ role: 'system', content: text });
  }
}

/** The text a finding's offsets refer to (before any edit): the content, one text part, or one call's arguments. */
export function textAt(value: Json, finding: Finding): string {
  const message = messageList(value, finding.part ?? 'messages')?.[finding.message ?? -1] as Json | undefined;
  if (!message) return '';
  let text: unknown;
  if (finding.tool_call !== undefined) {
    const call = Array.isArray(message.tool_calls)
      ? (message.tool_calls[finding.tool_call] as Json | undefined)
      : undefined;
    text = (call?.function as Json | undefined)?.arguments;
  } else if (finding.content_part !== undefined) {
    text = Array.isArray(message.content)
      ? (message.content[finding.content_part] as Json | undefined)?.text
      : undefined;
  } else {
    text = message.content;
  }
  return typeof text === 'string' ? text : '';
}

/** The last user message before the finding's message (in `input` for preference outputs): the question it answers. */
export function questionBefore(value: Json, finding: Finding): string {
  const inOutputs = finding.part === 'preferred_output' || finding.part === 'non_preferred_output';
  const list = messageList(value, inOutputs ? 'input' : (finding.part ?? 'messages')) ?? [];
  const before = inOutputs ? list.length : (finding.message ?? 0);
  for (let index = before - 1; index >= 0; index--) {
    const message = list[index] as Json | undefined;
    if (message?.role === 'user' && typeof message.content === 'string') return message.content.slice(-240);
  }
  return '';
}
