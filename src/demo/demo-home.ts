import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../util/write-file-atomic.js';

/** The demo's own folder, under the current directory. Nothing outside it is written by `seam demo`. */
export const demoFolder = join('.seam', 'demo');

/**
 * The demo store: `.seam/demo/seam.db` under `cwd`. Separate from the default store (`.seam/seam.db`),
 * so the README walkthrough and the demo never touch each other's documents. Reuse this to open the
 * demo store from elsewhere (a server or console showing the demo).
 */
export function demoStorePath(cwd: string): string {
  return resolve(cwd, demoFolder, 'seam.db');
}

export interface DemoPaths {
  /** The store. */
  store: string;
  /** The demo's markdown, for the user to edit. */
  kb: string;
  /** Tidewater's accounts and orders, the state `seam ask` fetches. */
  state: string;
  /** The `seam ask` config that connects them. */
  config: string;
  /** Past answers for `seam audit`. */
  transcripts: string;
  /** Says that `seam demo` created this folder's store, so running it again may reset it. */
  marker: string;
}

/** Everything the demo writes sits beside its store. */
export function demoPaths(store: string): DemoPaths {
  const folder = dirname(store);
  return {
    store,
    kb: join(folder, 'kb'),
    state: join(folder, 'state.db'),
    config: join(folder, 'seam.config.json'),
    transcripts: join(folder, 'transcripts.jsonl'),
    marker: join(folder, '.seam-demo.json'),
  };
}

/**
 * Make sure the demo writes only what it created: either the marker beside the store names this store
 * (a previous `seam demo` made it), or none of the demo's files exist yet. Otherwise refuse, naming the
 * first file in the way, before anything is written. Then record the marker.
 */
export async function claimDemoHome(paths: DemoPaths): Promise<void> {
  if (!markedAsDemo(paths)) {
    const inTheWay = [paths.store, `${paths.store}-wal`, paths.kb, paths.state, paths.config, paths.transcripts].find(
      (path) => existsSync(path),
    );
    if (inTheWay !== undefined) {
      throw new InputError(
        `${inTheWay} exists and was not created by seam demo; the demo writes only to a store of its own ` +
          `(default ${demoFolder}/seam.db): choose an empty folder with --db`,
        { field: '--db' },
      );
    }
  }
  await writeFileAtomic(
    paths.marker,
    `${JSON.stringify({ created_by: 'seam demo', store: basename(paths.store) }, null, 2)}\n`,
  );
}

function markedAsDemo(paths: DemoPaths): boolean {
  if (!existsSync(paths.marker)) return false;
  try {
    const marker: unknown = JSON.parse(readFileSync(paths.marker, 'utf8'));
    return (marker as { store?: unknown } | null)?.store === basename(paths.store);
  } catch {
    return false;
  }
}
