import { readFile } from 'node:fs/promises';
import { basename, dirname, relative, resolve } from 'node:path';
import { defaultConfig, type SeamConfig } from '../config/behavior-config.js';
import { parseConfig } from '../config/load-config.js';
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
}

/** The configuration used when no `--config` is given: `seam.config.json`'s defaults, with retrieval. */
export function defaultEvalConfig(config: SeamConfig = defaultConfig()): EvalConfig {
  return { name: 'default', file: null, config, retrieval: true };
}

/** Read one `--config` file. Errors name the file, line and field, as `seam ask --config` does. */
export async function loadEvalConfig(options: { path: string; cwd: string }): Promise<EvalConfig> {
  const path = resolve(options.cwd, options.path);
  const shown = relative(options.cwd, path) || path;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError('no such file', { file: shown });
    throw new IoError(`cannot read ${shown}: ${(error as Error).message}`, shown);
  }
  return parseEvalConfig({ text, file: shown, baseDir: dirname(path) });
}

export function parseEvalConfig(options: { text: string; file: string; baseDir: string }): EvalConfig {
  let closedBook = false;
  let text = options.text;
  try {
    const raw: unknown = JSON.parse(text);
    closedBook = typeof raw === 'object' && raw !== null && (raw as { retrieval?: unknown }).retrieval === false;
  } catch {
    // parseConfig reports the syntax error with its line.
  }
  // `"retrieval": false` is the eval's switch; the rest is an ordinary config (same lines, same errors).
  if (closedBook) text = text.replace(/"retrieval"\s*:\s*false/, '"retrieval": {}');
  const config = parseConfig(text, options.file, options.baseDir);
  return { name: basename(options.file).replace(/\.json$/i, ''), file: options.file, config, retrieval: !closedBook };
}
