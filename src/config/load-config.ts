import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { isPostgresUrl } from '../ask/connectors/postgres-query.js';
import { InputError, IoError } from '../errors.js';
import { defaultConfig, type SeamConfig, seamConfigSchema } from './behavior-config.js';

export const configFileName = 'seam.config.json';

export interface LoadedConfig {
  config: SeamConfig;
  /** The file read, or `null` when none exists and the defaults apply. */
  path: string | null;
}

/**
 * Read the behavior config: `path` when given (it must exist), else `seam.config.json` in `cwd` when
 * present, else the defaults. Paths inside it (databases, modules) are resolved against its folder.
 * Errors name the file, the line and the field: `seam.config.json:7: connectors[0].roles: must list at least one role`.
 */
export async function loadConfig(options: { path?: string | undefined; cwd: string }): Promise<LoadedConfig> {
  const path = resolve(options.cwd, options.path ?? configFileName);
  if (!existsSync(path)) {
    if (options.path !== undefined) throw new InputError('no such file', { file: options.path });
    return { config: defaultConfig(), path: null };
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new IoError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`, path, {
      cause: error,
    });
  }
  const shown = relative(options.cwd, path) || path;
  return { config: parseConfig(text, shown, dirname(path)), path };
}

/** Parse and validate config text; `file` names it in errors, `baseDir` anchors its relative paths. */
export function parseConfig(text: string, file: string, baseDir: string): SeamConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const line = position ? lineAt(text, Number(position[1])) : undefined;
    throw new InputError(`not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`, { file, line });
  }
  const parsed = seamConfigSchema.safeParse(raw);
  if (!parsed.success) throw configError(parsed.error, text, file);
  return resolvePaths(parsed.data, baseDir);
}

function configError(error: z.ZodError, text: string, file: string): InputError {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  const problems = error.issues.map((issue) => {
    const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
    // Unknown keys are reported on their parent; point at the key itself.
    const keyed = issue.code === 'unrecognized_keys' && issue.keys[0] ? [...path, issue.keys[0]] : path;
    return {
      problem: issue.message,
      location: { file, line: lineOf(document, lines, keyed), field: fieldName(keyed) },
    };
  });
  const [first] = problems;
  if (!first) return new InputError('invalid config', { file });
  const others = problems.length > 1 ? problems.map((entry) => new InputError(entry.problem, entry.location)) : [];
  return new InputError(first.problem, first.location, others);
}

/** The line of the deepest node on `path` that exists (a missing field is reported on its parent object). */
function lineOf(
  document: ReturnType<typeof parseDocument>,
  lines: LineCounter,
  path: readonly (string | number)[],
): number | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return lines.linePos(range[0]).line;
  }
  return undefined;
}

/** `connectors[0].roles`. */
export function fieldName(path: readonly (string | number)[]): string {
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? key : `.${key}`)).join('');
}

function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

function resolvePaths(config: SeamConfig, baseDir: string): SeamConfig {
  const absolute = (path: string) => (isAbsolute(path) ? path : resolve(baseDir, path));
  return {
    ...config,
    connectors: config.connectors.map((connector) => {
      if (connector.kind === 'sql' && !isPostgresUrl(connector.database)) {
        return { ...connector, database: absolute(connector.database) };
      }
      if (connector.kind === 'function') return { ...connector, module: absolute(connector.module) };
      return connector;
    }),
    sources: config.sources.map((source) =>
      source.kind === 'folder' ? { ...source, path: absolute(source.path) } : source,
    ),
  };
}
