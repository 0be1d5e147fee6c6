import type { Value, ValueDetector } from '../values/value.js';
import { around, formsOf } from './fact-index.js';
import type { Finding } from './findings.js';
import { addToSystemMessage, applySpans, editText, messageList, questionBefore, textAt } from './fix-edits.js';
import { type GroundingRequest, referenceBlock, type SentenceFinder, type StatingSentence } from './grounding.js';
import { Placeholders } from './placeholders.js';

/**
 * Repairs for one example. Private data and business state become placeholders, consistent across the
 * example (the same email is `{email_1}` everywhere). Frozen and superseded facts are either grounded (the
 * sentences of the current version that state them go into the system message, with the document id and
 * version, and a superseded value is replaced by today's) or rewritten without the value ("the current price").
 * Grounding is bounded per example by `maxContextTokens`: a value whose sentence does not fit is rewritten.
 * Inserted sentences are checked like any text: private data and business state in them get placeholders too,
 * so the fix creates no finding.
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
  /** The document version the finding links the value to. */
  source?: { id: string; version: number } | undefined;
  /** The document version whose sentence was put into the system message (grounded and updated facts). */
  reference?: { id: string; version: number } | undefined;
  /** Why a fact was rewritten instead of grounded: its sentence did not fit the budget, or none states it today. */
  reason?: 'over_context_budget' | 'no_stating_sentence' | undefined;
  /** Set on a placeholder put into an inserted reference sentence. */
  in_reference?: true | undefined;
}

export interface FixContext {
  sentences: SentenceFinder;
  detector: ValueDetector;
  strategy: FactStrategy;
  /** Most tokens the inserted references may add to one example. */
  maxContextTokens: number;
  countTokens: (text: string) => number;
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
type Edit = { start: number; end: number; text: string };

/** Apply the fixes for one parsed example in place; returns what changed. */
export function fixExample(value: Json, line: number, findings: readonly Finding[], context: FixContext): Change[] {
  const changes: Change[] = [];
  const placeholders = new Placeholders();
  const edits = new Map<string, Edit[]>();
  const grounded: StatingSentence[] = [];
  const questions = new Map<string, string>();
  // Plan and tier names last: the sentence that states a price or a window often names the plan too, and is reused.
  const ordered = [...findings].sort((a, b) => Number(a.code === 'plan') - Number(b.code === 'plan'));
  for (const finding of ordered) {
    if (finding.message === undefined || finding.start === undefined || finding.end === undefined) continue;
    let change: Omit<Change, 'line' | 'kind' | 'from'> | undefined;
    if (finding.kind === 'private_data' || finding.kind === 'business_state') {
      change = { action: 'placeholder', to: placeholders.for(finding.code, finding.value ?? '') };
    } else if ((finding.kind === 'frozen_fact' || finding.kind === 'superseded_fact') && finding.source) {
      const where = `${finding.part ?? 'messages'}:${finding.message}`;
      const question = questions.get(where) ?? questionBefore(value, finding);
      questions.set(where, question);
      const near = `${question}\n${around(textAt(value, finding), { start: finding.start, end: finding.end })}`;
      change = groundOrRewrite(finding, near, grounded, context);
    }
    if (!change) continue;
    if (change.to !== undefined) {
      const key = `${finding.part ?? 'messages'}:${finding.message}:${finding.content_part ?? ''}:${finding.tool_call ?? ''}`;
      const list = edits.get(key) ?? [];
      list.push({ start: finding.start, end: finding.end, text: change.to });
      edits.set(key, list);
    }
    changes.push({
      line,
      message: finding.message,
      part: finding.part,
      ...(finding.content_part === undefined ? {} : { content_part: finding.content_part }),
      ...(finding.tool_call === undefined ? {} : { tool_call: finding.tool_call }),
      kind: finding.kind,
      from: finding.value,
      ...change,
    });
  }

  for (const [key, spans] of edits) {
    const [part, index, contentPart, toolCall] = key.split(':') as [string, string, string, string];
    const message = messageList(value, part)?.[Number(index)];
    if (!message || typeof message !== 'object') continue;
    editText(message as Json, contentPart, toolCall, (text) => applySpans(text, spans));
  }
  if (grounded.length > 0) {
    const block = referenceBlock(grounded);
    const { text, hidden } = hidePrivate(block, placeholders, context.detector);
    for (const entry of hidden) changes.push({ line, message: 0, ...entry, action: 'placeholder', in_reference: true });
    addToSystemMessage(value, text);
  }
  return changes;
}

/**
 * Ground a fact in the sentence that states it (today's value in place of a superseded one), when the sentences
 * of the example still fit the budget; otherwise rewrite it without the value.
 */
function groundOrRewrite(
  finding: Finding,
  near: string,
  grounded: StatingSentence[],
  context: FixContext,
): Omit<Change, 'line' | 'kind' | 'from'> {
  const source = finding.source as { id: string; version: number };
  const rewrite = (reason?: Change['reason']) => ({
    action: 'rewritten' as const,
    to: rewrites[finding.code] ?? 'the current value',
    source,
    ...(reason ? { reason } : {}),
  });
  if (context.strategy === 'rewrite') return rewrite();
  const request = requestFor(finding, near, context.detector);
  // A sentence already inserted for this example that states the same value grounds it too.
  const shared = request.replacing ? undefined : grounded.find((sentence) => states(sentence, request, context));
  if (shared) return { action: 'grounded', source, reference: { id: shared.id, version: shared.version } };
  const sentence = context.sentences.find(request);
  if (!sentence) return rewrite('no_stating_sentence');
  const withIt = [...grounded, sentence];
  if (context.countTokens(`\n\n${referenceBlock(withIt)}`) > context.maxContextTokens) {
    return rewrite('over_context_budget');
  }
  grounded.push(sentence);
  const reference = { id: sentence.id, version: sentence.version };
  return finding.kind === 'superseded_fact'
    ? { action: 'updated', to: sentence.value, source, reference }
    : { action: 'grounded', source, reference };
}

function states(sentence: StatingSentence, request: GroundingRequest, context: FixContext): boolean {
  return context.detector
    .detect(sentence.text, { classes: ['fact'] })
    .some((value) => formsOf(value).some((form) => request.forms?.includes(form)));
}

function requestFor(finding: Finding, nearText: string, detector: ValueDetector): GroundingRequest {
  const value = ownValue(finding, detector);
  const forms = value ? formsOf(value) : [];
  const near = { text: nearText, value: finding.value ?? '' };
  const id = finding.source?.id ?? '';
  return finding.kind === 'superseded_fact' && value
    ? { id, replacing: { kind: value.kind, forms, now: finding.now ?? [] }, near }
    : { id, forms, near };
}

/** The finding's value as the detector reads it alone (the finding keeps its text, not its forms). */
function ownValue(finding: Finding, detector: ValueDetector): Value | undefined {
  const text = finding.value ?? '';
  const values = detector.detect(text, { classes: ['fact'] });
  return values.find((value) => value.kind === finding.code) ?? values[0];
}

/** Private data and business state in an inserted text, replaced by the example's placeholders. */
function hidePrivate(
  text: string,
  placeholders: Placeholders,
  detector: ValueDetector,
): { text: string; hidden: Pick<Change, 'kind' | 'from' | 'to'>[] } {
  const spans: Edit[] = [];
  const hidden: Pick<Change, 'kind' | 'from' | 'to'>[] = [];
  for (const found of detector.detect(text)) {
    if (found.class === 'fact') continue;
    const to = placeholders.for(found.kind, found.text);
    spans.push({ start: found.start, end: found.end, text: to });
    hidden.push({ kind: found.class === 'private' ? 'private_data' : 'business_state', from: found.text, to });
  }
  return { text: applySpans(text, spans), hidden };
}
