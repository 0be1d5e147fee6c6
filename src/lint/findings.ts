/**
 * What `seam lint` reports. The JSON shape is a contract (BRIEF.md): fields may be added, never renamed.
 */

export const findingKinds = [
  'format',
  'frozen_fact',
  'superseded_fact',
  'time_sensitive',
  'business_state',
  'private_data',
  'grounded',
] as const;
export type FindingKind = (typeof findingKinds)[number];

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** 1-based line of the dataset. */
  line: number;
  /** 0-based index in `messages` (or in the output list, for preference data); absent for whole-line findings. */
  message?: number | undefined;
  /** For preference data: which part the message index refers to. */
  part?: 'input' | 'preferred_output' | 'non_preferred_output' | undefined;
  kind: FindingKind;
  severity: Severity;
  /** A stable code: the format check's, or the value kind for content findings (`money`, `email`, ...). */
  code: string;
  value?: string | undefined;
  /** When the message's content is a list of parts: the part the offsets refer to. */
  content_part?: number | undefined;
  /** When the value is in the arguments of one of the message's tool calls: that call's index in `tool_calls`. */
  tool_call?: number | undefined;
  /** Character offsets in that message's `content` (or in the part's `text`, or in the call's `arguments`). */
  start?: number | undefined;
  end?: number | undefined;
  /** The document version that states the value (frozen and superseded facts). */
  source?: { id: string; version: number } | undefined;
  /** For a superseded fact: what the document's current version states instead. */
  now?: string[] | undefined;
  explanation: string;
  fix: string;
}

/**
 * Format checks. The first eight are the OpenAI cookbook's data-preparation checks, under its names;
 * the rest cover what the cookbook predates (tools, weights, preference data).
 */
export const formatCodes = {
  invalid_json: { severity: 'error', fix: 'make the line a single valid JSON object' },
  invalid_utf8: { severity: 'error', fix: 'save the file as UTF-8 (the bad bytes were read as U+FFFD)' },
  data_type: { severity: 'error', fix: 'each line must be a JSON object' },
  missing_messages_list: { severity: 'error', fix: 'add a non-empty "messages" list' },
  message_missing_key: { severity: 'error', fix: 'every message needs "role" and "content"' },
  message_unrecognized_key: {
    severity: 'error',
    fix: 'remove keys other than role, content, name, weight, tool_calls, tool_call_id',
  },
  unrecognized_role: { severity: 'error', fix: 'use system, user, assistant or tool' },
  missing_content: { severity: 'error', fix: 'give the message text content (or tool_calls, for an assistant)' },
  example_missing_assistant_message: { severity: 'error', fix: 'add the assistant reply the model should learn' },
  invalid_weight: { severity: 'error', fix: 'weight must be 0 or 1' },
  weight_on_non_assistant: { severity: 'error', fix: 'only assistant messages take a weight' },
  no_trainable_message: { severity: 'warning', fix: 'at least one assistant message should have weight 1' },
  invalid_tool_call: { severity: 'error', fix: 'tool_calls items need id, type "function" and function.name' },
  tool_arguments_not_json: { severity: 'error', fix: 'function.arguments must be a JSON object encoded as a string' },
  unknown_tool_call_id: {
    severity: 'error',
    fix: 'a tool message must answer a tool_call id issued earlier in the example',
  },
  unknown_tool: { severity: 'warning', fix: 'call only tools declared in "tools"' },
  invalid_tools: { severity: 'error', fix: 'tools must be a list of {type: "function", function: {name, parameters}}' },
  invalid_preference: {
    severity: 'error',
    fix: 'preference lines need input.messages, preferred_output and non_preferred_output',
  },
  mixed_formats: { severity: 'error', fix: 'keep chat and preference examples in separate files' },
  over_token_limit: { severity: 'warning', fix: 'shorten the example: it will be truncated during training' },
  empty_line: { severity: 'warning', fix: 'remove blank lines' },
} as const satisfies Record<string, { severity: Severity; fix: string }>;

export type FormatCode = keyof typeof formatCodes;

export function formatFinding(
  code: FormatCode,
  line: number,
  explanation: string,
  where: { message?: number | undefined; part?: Finding['part'] } = {},
): Finding {
  const entry = formatCodes[code];
  return { line, ...where, kind: 'format', severity: entry.severity, code, explanation, fix: entry.fix };
}

export const severityRank: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/**
 * Where in the example a finding points, as a JSON path: `messages[1].content`, `messages[1].content[2].text`,
 * `messages[1].tool_calls[0].function.arguments`, `input.messages[0].content`, `preferred_output[0].content`.
 * Undefined for whole-line findings.
 */
export function findingPath(finding: Finding): string | undefined {
  if (finding.message === undefined) return undefined;
  const list = finding.part === undefined ? 'messages' : finding.part === 'input' ? 'input.messages' : finding.part;
  const field =
    finding.tool_call !== undefined
      ? `tool_calls[${finding.tool_call}].function.arguments`
      : finding.content_part !== undefined
        ? `content[${finding.content_part}].text`
        : 'content';
  return `${list}[${finding.message}].${field}`;
}
