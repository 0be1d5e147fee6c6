import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';

/** A file a command reads or writes, and how to name it in an error (`the dataset`, `--fix`). */
export interface NamedPath {
  path: string;
  /** For inputs: what it is ("the dataset"); for outputs: the option that names it ("-o", "--fix"). */
  role: string;
}

/**
 * Refuse, before anything is written, an output that is one of the inputs or another output: the same file once
 * symlinks are followed, and hard links too (the same device and inode). Writing a report over the dataset it
 * reports on, or a fixed dataset over its source, would lose the input.
 */
export function refuseOutputsOverInputs(options: { inputs: readonly NamedPath[]; outputs: readonly NamedPath[] }) {
  const seen = new Map<string, NamedPath>();
  for (const input of options.inputs) seen.set(fileIdentity(input.path), input);
  for (const output of options.outputs) {
    const identity = fileIdentity(output.path);
    const other = seen.get(identity);
    if (other) {
      const same = options.inputs.includes(other) ? other.role : `the output of ${other.role}`;
      throw new InputError(`would overwrite ${same} (${other.path}): write to another file`, {
        file: output.path,
        field: output.role,
      });
    }
    seen.set(identity, output);
  }
}

/** The file a path names: its device and inode when it exists, else its absolute path with the folder's links resolved. */
export function fileIdentity(path: string): string {
  try {
    const stats = statSync(path);
    return `inode:${stats.dev}:${stats.ino}`;
  } catch {
    const absolute = resolve(path);
    try {
      return `path:${join(realpathSync(dirname(absolute)), basename(absolute))}`;
    } catch {
      return `path:${absolute}`;
    }
  }
}
