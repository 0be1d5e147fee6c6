import { InputError } from '../errors.js';
import { refuseOverwritingInput, sameFile } from './write-file-atomic.js';

/** A file a command reads or writes, and how to name it in an error (`the dataset`, `--fix`). */
export interface NamedPath {
  path: string;
  /** For inputs: what it is ("the dataset"); for outputs: the option that names it ("-o", "--fix"). */
  role: string;
}

/**
 * Refuse (exit 2), before anything is written, an output that is one of the inputs (`refuseOverwritingInput`:
 * the same path, a symbolic link or a hard link to it) or the same file as another output of the command
 * (`-o report.jsonl --fix report.jsonl` would write one over the other).
 */
export async function refuseOutputsOverInputs(options: {
  inputs: readonly NamedPath[];
  outputs: readonly NamedPath[];
}): Promise<void> {
  const inputs = options.inputs.map((input) => input.path);
  for (const output of options.outputs) {
    await refuseOverwritingInput({ output: output.path, inputs, field: output.role });
  }
  for (const [index, output] of options.outputs.entries()) {
    for (const other of options.outputs.slice(0, index)) {
      if (await sameFile(output.path, other.path)) {
        throw new InputError(`would overwrite the output of ${other.role} (${other.path}): write to another file`, {
          file: output.path,
          field: output.role,
        });
      }
    }
  }
}
