import { isMap, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import { z } from 'zod';
import { normalizeAcl, rolePattern } from '../access.js';
import { InputError } from '../errors.js';
import type { DocumentInput } from '../store/knowledge-store.js';

import { documentIdPattern } from './document-id.js';

export { documentIdPattern };

const isoDatePattern = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

const isoDate = z
  .string()
  .regex(isoDatePattern, 'must be an ISO date such as 2026-05-01')
  .refine(isRealDate, 'is not a real calendar date');

/** An ISO date (`2026-05-01`) or date-time that names a real instant. */
export function isIsoDate(value: string): boolean {
  return isoDatePattern.test(value) && isRealDate(value);
}

const stringList = z.array(z.union([z.string().min(1), z.number()]).transform(String), {
  error: 'must be a list, e.g. [support, billing]',
});

const frontMatterSchema = z.object({
  id: z
    .union([z.string(), z.number()])
    .transform(String)
    .pipe(z.string().regex(documentIdPattern, 'must use letters, digits, . _ - or /'))
    .optional(),
  title: z.string({ error: 'must be text' }).min(1, 'must not be empty').optional(),
  collection: z
    .string({ error: 'must be text' })
    .regex(/^[A-Za-z0-9_-]+$/, 'must be one word such as policy')
    .optional(),
  acl: z
    .array(z.string().regex(rolePattern, 'role names use letters, digits, . _ @ or -'), {
      error: 'must be a list, e.g. [support, billing]',
    })
    .min(1, 'must list at least one role (omit acl for a document everyone may read)')
    .optional(),
  effective_from: isoDate.optional(),
  effective_until: isoDate.optional(),
  subjects: stringList.optional(),
  tags: stringList.optional(),
  /** For agents only (see `./internal.ts`); checked here, kept with the uninterpreted keys in `extra`. */
  internal: z.boolean({ error: 'must be true or false' }).optional(),
});

const knownKeys = new Set(Object.keys(frontMatterSchema.shape).filter((key) => key !== 'internal'));

export interface ParseOptions {
  /** The file name to put in error messages. */
  file: string;
  /** The id to use when the front matter has none. */
  fallbackId: string;
}

/**
 * Parse a markdown document with optional YAML front matter into a `DocumentInput`.
 * Errors name the file, the line and the front-matter field.
 */
export function parseDocumentText(text: string, options: ParseOptions): DocumentInput {
  const { file } = options;
  const { yamlText, body, yamlStartLine } = splitFrontMatter(text, file);
  const lineCounter = new LineCounter();
  const yaml = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const lineOf = (offset: number | undefined) =>
    offset === undefined ? yamlStartLine : yamlStartLine + lineCounter.linePos(offset).line - 1;

  const firstYamlError = yaml.errors[0];
  if (firstYamlError) {
    const message = firstYamlError.message.split('\n')[0] ?? '';
    const reason = /call stack/i.test(message)
      ? 'it is nested too deeply'
      : message.replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError(`front matter is not valid YAML: ${reason}`, {
      file,
      line: lineOf(firstYamlError.pos[0]),
    });
  }
  if (yaml.contents !== null && !isMap(yaml.contents)) {
    throw new InputError('front matter must be a mapping of fields (key: value)', { file, line: yamlStartLine });
  }
  const fieldLine = (field: string): number => {
    if (!isMap(yaml.contents)) return yamlStartLine;
    const pair = yaml.contents.items.find((item) => isScalar(item.key) && item.key.value === field);
    const node = pair && isScalar(pair.key) ? pair.key : undefined;
    return lineOf(node?.range?.[0]);
  };

  refuseAliases(yaml, (offset) => lineOf(offset), file);

  let raw: unknown;
  try {
    raw = yaml.toJS() ?? {};
  } catch (error) {
    throw new InputError(`front matter cannot be read: ${(error as Error).message}`, { file, line: yamlStartLine });
  }
  const record = raw as Record<string, unknown>;
  const parsed = frontMatterSchema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? '');
    const got = field in record ? `, got ${describeValue(record[field])}` : '';
    throw new InputError(`${issue?.message ?? 'invalid'}${got}`, {
      file,
      line: fieldLine(field),
      field: `front matter '${field}'`,
    });
  }
  const meta = parsed.data;
  if (
    meta.effective_from &&
    meta.effective_until &&
    instantKey(meta.effective_until) <= instantKey(meta.effective_from)
  ) {
    throw new InputError(`must be later than effective_from (${meta.effective_from})`, {
      file,
      line: fieldLine('effective_until'),
      field: "front matter 'effective_until'",
    });
  }
  const extra = Object.fromEntries(Object.entries(record).filter(([key]) => !knownKeys.has(key)));
  const id = meta.id ?? options.fallbackId;
  if (!documentIdPattern.test(id)) {
    throw new InputError(`cannot derive a document id from the path ('${id}'); add an 'id' to the front matter`, {
      file,
      line: 1,
      field: "front matter 'id'",
    });
  }

  return {
    id,
    title: meta.title ?? firstHeading(body) ?? id,
    collection: meta.collection ?? 'general',
    acl: normalizeAcl(meta.acl ?? null),
    effective_from: meta.effective_from ?? null,
    effective_until: meta.effective_until ?? null,
    subjects: meta.subjects ?? [],
    tags: meta.tags ?? [],
    extra,
    body,
    source: file,
  };
}

/**
 * YAML aliases (`*name`) are refused: an alias can refer to itself (`id: &a [*a]`) or multiply a small
 * file into gigabytes (an alias bomb), and front matter has no need for them.
 */
function refuseAliases(
  yaml: ReturnType<typeof parseDocument>,
  lineOf: (offset: number | undefined) => number,
  file: string,
): void {
  let alias: { source: string; offset: number | undefined } | undefined;
  visit(yaml, {
    Alias(_key, node) {
      alias = { source: node.source, offset: node.range?.[0] };
      return visit.BREAK;
    },
  });
  if (alias) {
    throw new InputError(`front matter uses the YAML alias '*${alias.source}': write the value out instead`, {
      file,
      line: lineOf(alias.offset),
    });
  }
}

/** A value for an error message: JSON, cut to a readable length. */
function describeValue(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * A sortable key for an ISO date or date-time: dates mean midnight UTC. Comparing two keys as strings
 * compares the instants.
 */
export function instantKey(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00.000Z` : new Date(value).toISOString();
}

/** `2026-02-31` parses in JavaScript (as March 3rd); a real date survives the round trip. */
function isRealDate(value: string): boolean {
  const time = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  return !Number.isNaN(time) && (value.length !== 10 || new Date(time).toISOString().startsWith(value));
}

function splitFrontMatter(text: string, file: string): { yamlText: string; body: string; yamlStartLine: number } {
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!normalized.startsWith('---\n')) return { yamlText: '', body: normalized, yamlStartLine: 1 };
  const close = normalized.slice(4).search(/^(---|\.\.\.)[ \t]*$/m);
  if (close === -1) {
    throw new InputError("front matter opened with '---' on line 1 is never closed (add a line with '---')", {
      file,
      line: 1,
    });
  }
  const yamlText = normalized.slice(4, 4 + close);
  const rest = normalized.slice(4 + close).replace(/^[^\n]*\n?/, '');
  return { yamlText, body: rest.replace(/^\n+/, ''), yamlStartLine: 2 };
}

function firstHeading(body: string): string | undefined {
  return /^#{1,6}[ \t]+(.+?)[ \t#]*$/m.exec(body)?.[1];
}
