import { z } from 'zod';
import type { FormatConfig, VoiceConfig } from '../../config/behavior-config.js';
import type { Draft } from './draft.js';
import { avoidedPhrase, countWords } from './voice.js';

/**
 * Check a draft against the format and voice specs. Returns the problems, phrased so that they can be
 * shown to a person and sent back to a model for its one repair attempt; empty when it passes.
 */
export function checkAnswer(draft: Draft, spec: { format: FormatConfig; voice: VoiceConfig }): string[] {
  const { format, voice } = spec;
  const problems: string[] = [];
  if (format.type === 'json_schema') {
    problems.push(...checkJson(draft.structured, format.schema));
  } else if (draft.segments.length === 0) {
    problems.push('the answer is empty');
  } else if (format.type === 'numbered_list') {
    problems.push(...checkList(draft, format.max_items, voice));
  } else {
    if (draft.text.split('\n').some((line) => /^\s*(?:#|[-*+]\s|\d+[.)]\s)/.test(line))) {
      problems.push('short prose must not contain lists or headings');
    }
    // The voice's opening and closing lines are framing; the limit is on what is said.
    const sentences = draft.segments.length;
    if (sentences > format.max_sentences) {
      problems.push(`${sentences} sentences, more than the ${format.max_sentences} allowed`);
    }
  }
  // Words of what is said: list numbers are layout, not words.
  const text =
    format.type === 'json_schema'
      ? stringsOf(draft.structured).join(' ')
      : [draft.opening, ...draft.segments.map((segment) => segment.text), draft.closing].filter(Boolean).join(' ');
  if (voice.max_words !== undefined) {
    const count = countWords(text);
    if (count > voice.max_words) problems.push(`${count} words, more than the ${voice.max_words} allowed`);
  }
  const avoided = avoidedPhrase(text, voice.avoid);
  if (avoided) problems.push(`contains "${avoided}", which the voice avoids`);
  return problems;
}

function checkList(draft: Draft, maxItems: number, voice: VoiceConfig): string[] {
  const problems: string[] = [];
  const allowed = new Set([voice.opening, voice.closing].filter((line) => line !== undefined));
  const stray = [draft.opening, draft.closing].filter((line) => line !== undefined && !allowed.has(line));
  if (stray.length > 0) problems.push(`every line must be a numbered item; found "${stray[0]}"`);
  const numbered = draft.text.split('\n').filter((line) => /^\s*\d+[.)]\s/.test(line));
  if (numbered.length !== draft.segments.length) problems.push('items must be numbered 1., 2., 3. (no bullets)');
  if (draft.segments.length > maxItems) {
    problems.push(`${draft.segments.length} items, more than the ${maxItems} allowed`);
  }
  return problems;
}

const compiled = new WeakMap<object, z.ZodType>();

function checkJson(value: unknown, schema: Record<string, unknown>): string[] {
  if (value === undefined) return ['the answer is not a JSON object'];
  let validator = compiled.get(schema);
  if (!validator) {
    validator = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
    compiled.set(schema, validator);
  }
  const result = validator.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map(
    (issue) => `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`,
  );
}

/** Every string inside a JSON value. */
export function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return [];
}
