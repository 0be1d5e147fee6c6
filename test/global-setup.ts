import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every temporary folder of a test run (stores, servers' folders, PostgreSQL clusters, browser profiles)
 * is made under one folder of the run's own, removed when the run ends: a folder a test could not clean up
 * (a worker stopped mid-file) is not left behind in the system's temporary folder.
 */
export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), 'seam-suite-'));
  // Like the system's temporary folder: other users (PostgreSQL's, when the suite runs as root) may enter it.
  chmodSync(root, 0o1777);
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
