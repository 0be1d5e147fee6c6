import { type Finding, formatFinding } from './findings.js';

/**
 * One dataset line, checked and flattened into messages. Two formats are recognised: OpenAI chat
 * fine-tuning (`messages`, optional `tools`) and OpenAI preference data (`input`, `preferred_output`,
 * `non_preferred_output`).
 */
export type DatasetFormat = 'chat' | 'preference';

export interface ExampleMessage {
  /** Index in `messages` (chat) or in its part's list (preference). */
  index: number;
  part?: 'input' | 'preferred_output' | 'non_preferred_output' | undefined;
  role: string;
  /** The text content ('' when the message has none, e.g. an assistant turn that only calls tools). */
  content: string;
  /** Whether the model is trained to produce this message (assistant with weight ≠ 0; a preferred output). */
  target: boolean;
  /** Tool names and argument strings of the calls this message makes. */
  toolCalls: { id: string; name: string; arguments: string }[];
  name?: string | undefined;
  /** Every text the content checks read: the content (or each text part of it), and each call's arguments. */
  texts: MessageText[];
}

/** One text of a message, and where it sits: offsets in findings are offsets in this text. */
export interface MessageText {
  text: string;
  /** The index in a content-part list, when the content is one. */
  content_part?: number;
  /** The index in `tool_calls`, for a call's arguments. */
  tool_call?: number;
  /** What the detector reads instead, when it differs: the same length, so offsets hold for `text` too. */
  scan?: string;
}

/**
 * A call's JSON arguments as the value detector should read them: each key's quotes and separators become
 * spaces (`"order_id": "58812"` reads `order id :  58812"`), so the cues that find order ids, emails and names in
 * prose find them in arguments too. Same length as the input, so offsets are offsets in the arguments.
 */
export function argumentsForScan(text: string): string {
  return text.replace(/"((?:[^"\\]|\\.)*)"(\s*:\s*)("?)/g, (_match, key: string, colon: string, quote: string) => {
    return ` ${key.replace(/[_-]/g, ' ')} ${colon}${quote ? ' ' : ''}`;
  });
}

/** A tool result that is JSON is read like call arguments (`{"order_id":"58812"}` reads `order id :  58812"`). */
function jsonForScan(text: MessageText): MessageText {
  return /^\s*[[{]/.test(text.text) ? { ...text, scan: argumentsForScan(text.text) } : text;
}

export interface Example {
  line: number;
  format: DatasetFormat;
  messages: ExampleMessage[];
  /** Tool definitions (chat), as given. */
  tools: unknown[];
}

const chatKeys = new Set([
  'role',
  'content',
  'name',
  'weight',
  'tool_calls',
  'tool_call_id',
  'function_call',
  'refusal',
]);
const roles = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

export function detectFormat(value: unknown): DatasetFormat | undefined {
  if (!isRecord(value)) return undefined;
  if ('messages' in value) return 'chat';
  if ('input' in value || 'preferred_output' in value) return 'preference';
  return undefined;
}

/** Check one parsed line against its file's format; returns the example (when usable) and format findings. */
export function checkExample(
  value: unknown,
  line: number,
  fileFormat: DatasetFormat,
): { example?: Example | undefined; findings: Finding[] } {
  if (!isRecord(value)) {
    return { findings: [formatFinding('data_type', line, `the line is ${describe(value)}, not a JSON object`)] };
  }
  const format = detectFormat(value);
  if (format && format !== fileFormat) {
    return {
      findings: [formatFinding('mixed_formats', line, `a ${format} example in a file of ${fileFormat} examples`)],
    };
  }
  return fileFormat === 'chat' ? checkChat(value, line) : checkPreference(value, line);
}

function checkChat(value: Record<string, unknown>, line: number): { example?: Example; findings: Finding[] } {
  const findings: Finding[] = [];
  const raw = value.messages;
  if (!Array.isArray(raw) || raw.length === 0) {
    return { findings: [formatFinding('missing_messages_list', line, 'the example has no "messages" list')] };
  }
  const tools = checkTools(value.tools, line, findings);
  const messages = raw.map((message, index) => checkMessage(message, index, line, findings, undefined));
  const issuedIds = new Set<string>();
  for (const message of messages) {
    for (const call of message.toolCalls) {
      issuedIds.add(call.id);
      if (tools.names.size > 0 && !tools.names.has(call.name)) {
        findings.push(
          formatFinding('unknown_tool', line, `calls "${call.name}", which "tools" does not declare`, {
            message: message.index,
          }),
        );
      }
    }
    const callId = (raw[message.index] as Record<string, unknown>).tool_call_id;
    if (message.role === 'tool' && (typeof callId !== 'string' || !issuedIds.has(callId))) {
      findings.push(
        formatFinding(
          'unknown_tool_call_id',
          line,
          `tool message answers ${JSON.stringify(callId)}, which no earlier call issued`,
          {
            message: message.index,
          },
        ),
      );
    }
  }
  if (!messages.some((message) => message.role === 'assistant')) {
    findings.push(formatFinding('example_missing_assistant_message', line, 'no assistant message to learn from'));
  } else if (!messages.some((message) => message.target)) {
    findings.push(
      formatFinding('no_trainable_message', line, 'every assistant message has weight 0: nothing is learned'),
    );
  }
  return { example: { line, format: 'chat', messages, tools: tools.list }, findings };
}

function checkPreference(value: Record<string, unknown>, line: number): { example?: Example; findings: Finding[] } {
  const findings: Finding[] = [];
  const input = isRecord(value.input) ? value.input.messages : undefined;
  const parts = { input, preferred_output: value.preferred_output, non_preferred_output: value.non_preferred_output };
  const missing = Object.entries(parts).filter(([, list]) => !Array.isArray(list) || list.length === 0);
  if (missing.length > 0) {
    const names = missing.map(([name]) => (name === 'input' ? 'input.messages' : name)).join(', ');
    return { findings: [formatFinding('invalid_preference', line, `missing or empty: ${names}`)] };
  }
  const messages: ExampleMessage[] = [];
  for (const [part, list] of Object.entries(parts) as [NonNullable<ExampleMessage['part']>, unknown[]][]) {
    list.forEach((message, index) => {
      const checked = checkMessage(message, index, line, findings, part);
      checked.target = part === 'preferred_output' && checked.role === 'assistant';
      messages.push(checked);
    });
  }
  return { example: { line, format: 'preference', messages, tools: [] }, findings };
}

function checkMessage(
  message: unknown,
  index: number,
  line: number,
  findings: Finding[],
  part: ExampleMessage['part'],
): ExampleMessage {
  const where = { message: index, part };
  if (!isRecord(message)) {
    findings.push(
      formatFinding('message_missing_key', line, `message ${index} is ${describe(message)}, not an object`, where),
    );
    return { index, part, role: '', content: '', target: false, toolCalls: [], texts: [] };
  }
  const role = typeof message.role === 'string' ? message.role : '';
  if (!('role' in message) || !('content' in message || 'tool_calls' in message)) {
    const absent = ['role', 'content'].filter((key) => !(key in message));
    findings.push(formatFinding('message_missing_key', line, `message ${index} has no ${absent.join(' or ')}`, where));
  }
  const unknownKeys = Object.keys(message).filter((key) => !chatKeys.has(key));
  if (unknownKeys.length > 0) {
    findings.push(
      formatFinding(
        'message_unrecognized_key',
        line,
        `message ${index} has unknown key(s): ${unknownKeys.join(', ')}`,
        where,
      ),
    );
  }
  if ('role' in message && !roles.has(role)) {
    findings.push(
      formatFinding('unrecognized_role', line, `message ${index} has role ${JSON.stringify(message.role)}`, where),
    );
  }
  const toolCalls = checkToolCalls(message.tool_calls, index, line, findings, part);
  const content = textOf(message.content);
  if (content === undefined || (content === '' && toolCalls.length === 0 && message.function_call === undefined)) {
    findings.push(formatFinding('missing_content', line, `message ${index} has no text content`, where));
  }
  let target = role === 'assistant';
  if ('weight' in message) {
    if (role !== 'assistant') {
      findings.push(formatFinding('weight_on_non_assistant', line, `message ${index} (${role}) has a weight`, where));
    } else if (message.weight !== 0 && message.weight !== 1) {
      findings.push(
        formatFinding('invalid_weight', line, `message ${index} has weight ${JSON.stringify(message.weight)}`, where),
      );
    }
    if (message.weight === 0) target = false;
  }
  const name = typeof message.name === 'string' ? message.name : undefined;
  const texts = [
    ...contentTexts(message.content).map((text) => (role === 'tool' || role === 'function' ? jsonForScan(text) : text)),
    ...toolCalls.map(({ arguments: text, position }) => ({ text, tool_call: position, scan: argumentsForScan(text) })),
  ];
  return {
    index,
    part,
    role,
    content: content ?? '',
    target,
    toolCalls: toolCalls.map(({ position: _, ...call }) => call),
    name,
    texts,
  };
}

function checkToolCalls(
  raw: unknown,
  index: number,
  line: number,
  findings: Finding[],
  part: ExampleMessage['part'],
): (ExampleMessage['toolCalls'][number] & { position: number })[] {
  if (raw === undefined || raw === null) return [];
  const where = { message: index, part };
  if (!Array.isArray(raw)) {
    findings.push(formatFinding('invalid_tool_call', line, `message ${index}: tool_calls is not a list`, where));
    return [];
  }
  const calls: (ExampleMessage['toolCalls'][number] & { position: number })[] = [];
  raw.forEach((call, position) => {
    const fn = isRecord(call) && isRecord(call.function) ? call.function : undefined;
    if (
      !isRecord(call) ||
      typeof call.id !== 'string' ||
      call.type !== 'function' ||
      !fn ||
      typeof fn.name !== 'string'
    ) {
      findings.push(
        formatFinding(
          'invalid_tool_call',
          line,
          `message ${index}: tool call ${position} lacks id, type "function" or function.name`,
          where,
        ),
      );
      return;
    }
    const args = typeof fn.arguments === 'string' ? fn.arguments : '';
    if (!isJsonObjectText(args)) {
      findings.push(
        formatFinding(
          'tool_arguments_not_json',
          line,
          `message ${index}: arguments of ${fn.name} are not a JSON object string`,
          where,
        ),
      );
    }
    calls.push({ id: call.id, name: fn.name, arguments: args, position });
  });
  return calls;
}

function checkTools(raw: unknown, line: number, findings: Finding[]): { list: unknown[]; names: Set<string> } {
  if (raw === undefined) return { list: [], names: new Set() };
  const names = new Set<string>();
  const valid =
    Array.isArray(raw) &&
    raw.every((tool) => {
      const fn = isRecord(tool) && isRecord(tool.function) ? tool.function : undefined;
      if (!isRecord(tool) || tool.type !== 'function' || !fn || typeof fn.name !== 'string') return false;
      names.add(fn.name);
      return fn.parameters === undefined || isRecord(fn.parameters);
    });
  if (!valid) findings.push(formatFinding('invalid_tools', line, '"tools" is not a list of function definitions'));
  return { list: Array.isArray(raw) ? raw : [], names };
}

/** Text of a content field: a string, or the text parts of a content-part list. `undefined` when it is neither. */
function textOf(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  if (Array.isArray(content)) {
    return content
      .map((part) => (isRecord(part) && part.type === 'text' && typeof part.text === 'string' ? part.text : ''))
      .join('\n');
  }
  return undefined;
}

/** The texts of a content field, each with its part index when the content is a list of parts. */
function contentTexts(content: unknown): MessageText[] {
  if (typeof content === 'string') return content === '' ? [] : [{ text: content }];
  if (!Array.isArray(content)) return [];
  return content.flatMap((part, index) =>
    isRecord(part) && part.type === 'text' && typeof part.text === 'string' && part.text !== ''
      ? [{ text: part.text, content_part: index }]
      : [],
  );
}

function isJsonObjectText(text: string): boolean {
  try {
    return isRecord(JSON.parse(text));
  } catch {
    return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}
