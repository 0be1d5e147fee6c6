import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { StoreError } from '../../errors.js';

/** Lines of a document's text long enough to be its own, looked for on disk when a purge cannot finish. */
export function removedText(db: Database.Database, id: string): string[] {
  const rows = db.prepare('SELECT title, body FROM versions WHERE doc_id = ?').all(id) as {
    title: string;
    body: string;
  }[];
  const lines = rows.flatMap((row) => [row.title, ...row.body.split('\n')]).map((line) => line.trim());
  return [...new Set(lines.filter((line) => line.length >= 16))].sort((a, b) => b.length - a.length).slice(0, 200);
}

/**
 * After a delete: merge the full-text index (so no segment keeps the deleted terms), then copy the zeroed
 * pages out of the write-ahead log into the main file and truncate the log. Another process reading the
 * store holds the log back; this waits up to `waitMs` for it, then looks for the deleted text in the files
 * and, if any is still there, says where and why (`purge_incomplete`). Never "deleted" with the bytes on disk.
 */
export async function purge(options: {
  db: Database.Database;
  path: string;
  id: string;
  traces: readonly string[];
  waitMs: number;
}): Promise<void> {
  const { db, path } = options;
  db.prepare("INSERT INTO chunks_fts(chunks_fts) VALUES ('optimize')").run();
  if (path === ':memory:') return;
  const deadline = Date.now() + options.waitMs;
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  // Short attempts, waiting in between without blocking the event loop.
  db.pragma('busy_timeout = 0');
  try {
    for (;;) {
      const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      if (result?.busy === 0) return;
      if (Date.now() >= deadline) break;
      await sleep(25);
    }
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
  const stillStored = db.prepare('SELECT 1 FROM versions WHERE instr(body, ?) > 0 OR instr(title, ?) > 0 LIMIT 1');
  const own = options.traces.filter((text) => stillStored.get(text, text) === undefined);
  const files = [path, `${path}-wal`].filter((file) => existsSync(file));
  const holding = files.filter((file) => {
    const bytes = readFileSync(file);
    return own.some((text) => bytes.includes(text));
  });
  if (holding.length === 0) return;
  throw new StoreError(
    `'${options.id}' is deleted from the store, but its text is still on disk in ${holding.join(' and ')}: ` +
      `another process has the store open in a read, so the write-ahead log could not be copied and truncated ` +
      `(waited ${options.waitMs / 1000} s). Finish or close that process (a running seam ask, a sqlite3 shell): ` +
      'SQLite copies and truncates the log when the last connection to the store closes.',
    path,
    'purge_incomplete',
  );
}
