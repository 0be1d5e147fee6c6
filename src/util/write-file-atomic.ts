import { randomBytes } from 'node:crypto';
import { mkdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';

/**
 * A file written whole or not at all: write to `temporaryPath` (beside the target, so the rename stays
 * on one file system), then `commit()` renames it over the target in one step, or `abort()` removes it.
 * Readers of the target see the old file or the new one, never a half-written one.
 */
export interface AtomicFile {
  readonly path: string;
  readonly temporaryPath: string;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** Prepare an atomic write to `path` (for streamed output); creates the folder if needed. */
export async function atomicFile(path: string): Promise<AtomicFile> {
  await mkdir(dirname(path), { recursive: true });
  const temporaryPath = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  return {
    path,
    temporaryPath,
    commit: () => rename(temporaryPath, path),
    abort: () => rm(temporaryPath, { force: true }),
  };
}

/** Write `data` to `path` whole or not at all (temporary file, flushed, then renamed over the target). */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const file = await atomicFile(path);
  try {
    await writeFile(file.temporaryPath, data, { flush: true });
    await file.commit();
  } catch (error) {
    await file.abort();
    throw error;
  }
}

/**
 * Refuse (InputError, exit 2) to write `output` when it is one of the command's `inputs`: the same path,
 * the same file through a symbolic link, or a hard link to it. Call it before reading anything, so
 * `seam lint data.jsonl -o data.jsonl` fails before a byte of the dataset is at risk.
 */
export async function refuseOverwritingInput(options: {
  /** The file the command would write, as the user named it. */
  output: string;
  /** The files the command reads (datasets, configs, the store). */
  inputs: readonly string[];
  /** The option that names the output, for the message (`--fix`, `-o`). */
  field: string;
  /** Folder relative paths are resolved from (default: the process's). */
  cwd?: string;
}): Promise<void> {
  const cwd = options.cwd ?? process.cwd();
  for (const input of options.inputs) {
    if (await sameFile(resolve(cwd, options.output), resolve(cwd, input))) {
      throw new InputError(`'${options.output}' is also an input of this command (${input}); write to another file`, {
        field: options.field,
      });
    }
  }
}

/**
 * Whether two paths name the same file: the same real location (links resolved; for a file not yet written,
 * its folder's links), or, for files that exist, the same device and inode (a hard link).
 */
export async function sameFile(first: string, second: string): Promise<boolean> {
  const [a, b] = await Promise.all([identify(first), identify(second)]);
  return a.real === b.real || (a.device !== undefined && a.device === b.device && a.inode === b.inode);
}

/** A path's real location (links resolved, for an existing file) and its device and inode numbers. */
async function identify(path: string): Promise<{ real: string; device?: number; inode?: number }> {
  const absolute = resolve(path);
  const real = await realpath(absolute).catch(async () =>
    join(await realpath(dirname(absolute)).catch(() => dirname(absolute)), basename(absolute)),
  );
  const info = await stat(real).catch(() => undefined);
  return info ? { real, device: info.dev, inode: info.ino } : { real };
}
