import { readFile } from 'node:fs/promises';
import { basename, dirname, relative, resolve } from 'node:path';
import { defaultConfig, type SeamConfig } from '../config/behavior-config.js';
import { parseConfig } from '../config/load-config.js';
import { isIsoDate } from '../documents/parse-document.js';
import { InputError, IoError } from '../errors.js';

/**
 * One column of an eval: a `seam.config.json` (voice, format, model, connectors, ...) named by its file
 * name without `.json`. `"retrieval": false` makes it closed-book: the model answers from its weights
 * alone, with no passages, state or grounding, as a bot fine-tuned without sources would.
 */
export interface EvalConfig {
  name: string;
  /** The file it came from, or `null` for the built-in default. */
  file: string | null;
  config: SeamConfig;
  retrieval: boolean;
  /**
   * `"frozen_at": "2025-12-01"` (or `"365 days ago"`): answer from the documents in effect on that
   * date, whatever the case asks: a model-free stand-in for a bot fine-tuned on the sources of that
   * day, whose knowledge stopped there. `null`: answer from today's documents.
   */
  frozenAt: string | null;
}

/** The configuration used when no `--config` is given: `seam.config.json`'s defaults, with retrieval. */
export function defaultEvalConfig(config: SeamConfig = defaultConfig()): EvalConfig {
  return { name: 'default', file: null, config, retrieval: true, frozenAt: null };
}

/** Read one `--config` file. Errors name the file, line and field, as `seam ask --config` does. */
export async function loadEvalConfig(options: {
  path: string;
  cwd: string;
  now?: (() => Date) | undefined;
}): Promise<EvalConfig> {
  const path = resolve(options.cwd, options.path);
  const shown = relative(options.cwd, path) || path;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError('no such file', { file: shown });
    throw new IoError(`cannot read ${shown}: ${(error as Error).message}`, shown);
  }
  return parseEvalConfig({ text, file: shown, baseDir: dirname(path), now: options.now });
}

export function parseEvalConfig(options: {
  text: string;
  file: string;
  baseDir: string;
  now?: (() => Date) | undefined;
}): EvalConfig {
  let raw: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(options.text);
    if (typeof parsed === 'object' && parsed !== null) raw = parsed as Record<string, unknown>;
  } catch {
    // parseConfig reports the syntax error with its line.
  }
  const closedBook = raw.retrieval === false;
  const frozenAt = raw.frozen_at === undefined ? null : frozenDate(raw.frozen_at, options);
  // The eval's two keys are taken out of the text in place (same lines), so the rest is read, and its
  // errors located, exactly as `seam ask --config` reads it.
  let text = options.text;
  if (closedBook) text = text.replace(/"retrieval"\s*:\s*false/, '"retrieval": {}');
  if (frozenAt !== null) text = text.replace(/"frozen_at"(\s*:)/, '"$schema"$1');
  const config = parseConfig(text, options.file, options.baseDir);
  if (closedBook && frozenAt !== null) {
    throw new InputError('"frozen_at" answers from old documents, so it needs retrieval', {
      file: options.file,
      field: 'frozen_at',
    });
  }
  const name = basename(options.file).replace(/\.json$/i, '');
  return { name, file: options.file, config, retrieval: !closedBook, frozenAt };
}

function frozenDate(value: unknown, options: { file: string; now?: (() => Date) | undefined }): string {
  const ago = typeof value === 'string' ? /^(\d+) days? ago$/.exec(value.trim()) : null;
  if (ago) {
    const now = (options.now ?? (() => new Date()))();
    return new Date(now.getTime() - Number(ago[1]) * 86_400_000).toISOString().slice(0, 10);
  }
  if (typeof value === 'string' && isIsoDate(value)) return value;
  throw new InputError(`must be an ISO date (2025-12-01) or "N days ago", got ${JSON.stringify(value)}`, {
    file: options.file,
    field: 'frozen_at',
  });
}
