import { open, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ForgetValue } from './forget-value.js';
import { findValues } from './matcher.js';

/**
 * Things Seam keeps on disk beside the store that may hold a forgotten value (the eval's cache of model
 * responses, ...). A file holding a value is overwritten with zeros and removed: a cache entry is
 * regenerated on the next run. A feature that keeps files adds its target in `defaultFileTargets`.
 */
export interface FileTarget {
  /** As the receipt names it (`eval_cache`). */
  name: string;
  /** The files to check; missing folders give none. */
  files(): Promise<string[]>;
}

/** Every regular file under a folder (recursively). */
export function folderTarget(name: string, folder: string): FileTarget {
  return {
    name,
    async files() {
      const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
      return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
    },
  };
}

/** The files beside a store at `storeFolder`: `eval-cache/` (the default of `seam eval --cache-dir`). */
export function defaultFileTargets(options: { evalCache: string }): FileTarget[] {
  return [folderTarget('eval_cache', options.evalCache)];
}

/** Remove (or, in a dry run, count) the target's files that hold any of the values. */
export async function purgeFileTarget(
  target: FileTarget,
  values: readonly ForgetValue[],
  options: { dryRun: boolean },
): Promise<string[]> {
  const holding: string[] = [];
  for (const file of await target.files()) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined || findValues(text, values, { detector: true }).length === 0) continue;
    holding.push(file);
    if (!options.dryRun) await shred(file);
  }
  return holding;
}

async function shred(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    const { size } = await handle.stat();
    await handle.write(Buffer.alloc(size), 0, size, 0);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await unlink(file);
}
