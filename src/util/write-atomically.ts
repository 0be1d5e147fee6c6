import { writeFileAtomic } from './write-file-atomic.js';

/** Write through a temporary file beside the target and a rename, so the target is never half-written. */
export async function writeAtomically(path: string, text: string): Promise<void> {
  await writeFileAtomic(path, text);
}
