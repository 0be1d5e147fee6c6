import Database from 'better-sqlite3';
import { chunkMarkdown } from '../../src/documents/chunk-markdown.js';
import { contentHash } from '../../src/store/content.js';
import { migrationSteps } from '../../src/store/sqlite/schema.js';
import { servedIntervals } from '../../src/store/timeline.js';
import { doc } from './knowledge-store.suite.js';

/** A document version as an older Seam wrote it: roles as typed, `[]` allowed. */
export interface LegacyVersion {
  id: string;
  acl: string[] | null;
  body: string;
  collection?: string;
  effective_from?: string;
}

/**
 * Write a store file as schema 1 or 2 left it, row by row (versions oldest first per id): what those
 * Seams wrote, including their mistakes (roles in any case; `acl: []`, which the schema-2 search read as
 * everyone through a NULL `readers`).
 */
export function writeLegacyStore(options: {
  path: string;
  schema: 1 | 2;
  versions: readonly LegacyVersion[];
  principals?: readonly { id: string; roles: string[] }[];
}): void {
  const db = new Database(options.path);
  for (const step of migrationSteps.filter((entry) => entry.version <= options.schema)) {
    step.apply(db, { reindexAll: () => undefined });
  }
  const now = '2026-01-01T00:00:00.000Z';
  const heads = new Map<string, number>();
  for (const entry of options.versions) {
    const version = (heads.get(entry.id) ?? 0) + 1;
    heads.set(entry.id, version);
    const input = { ...doc(entry.id, entry.body, { acl: entry.acl }), collection: entry.collection ?? 'policy' };
    if (entry.effective_from) input.effective_from = entry.effective_from;
    if (version === 1) db.prepare('INSERT INTO documents VALUES (?, 1, ?, ?)').run(entry.id, now, now);
    else db.prepare('UPDATE documents SET head = ? WHERE id = ?').run(version, entry.id);
    db.prepare(
      `INSERT INTO versions VALUES (?, ?, ?, ?, ?, ?, NULL, '[]', '[]', '{}', ?, NULL, 'legacy', '', ?, ?)`,
    ).run(
      entry.id,
      version,
      entry.id,
      input.collection,
      entry.acl === null ? null : JSON.stringify(entry.acl),
      input.effective_from,
      entry.body,
      now,
      contentHash(input),
    );
    for (const role of entry.acl ?? ['*']) {
      db.prepare('INSERT INTO version_roles VALUES (?, ?, ?)').run(entry.id, version, role);
    }
  }
  for (const id of heads.keys()) {
    const dated = db
      .prepare('SELECT version, effective_from, effective_until, body, acl, collection FROM versions WHERE doc_id = ?')
      .all(id) as {
      version: number;
      effective_from: string | null;
      effective_until: string | null;
      body: string;
      acl: string | null;
      collection: string;
    }[];
    const intervals = servedIntervals(dated);
    for (const interval of intervals) {
      db.prepare('INSERT INTO served VALUES (?, ?, ?, ?)').run(id, interval.version, interval.from, interval.until);
      const row = dated.find((entry) => entry.version === interval.version);
      if (!row) continue;
      const roles = row.acl === null ? null : (JSON.parse(row.acl) as string[]);
      for (const [ordinal, chunk] of chunkMarkdown(row.body).entries()) {
        const values = [id, row.version, ordinal, JSON.stringify(chunk.headingPath), chunk.text];
        const { lastInsertRowid } =
          options.schema === 1
            ? db
                .prepare('INSERT INTO chunks (doc_id, version, ordinal, heading_path, text) VALUES (?, ?, ?, ?, ?)')
                .run(...values)
            : db
                .prepare(
                  `INSERT INTO chunks (doc_id, version, ordinal, heading_path, text, collection, readers, served_from, served_until)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
                )
                .run(
                  ...values,
                  row.collection,
                  roles && roles.length > 0 ? `,${roles.join(',')},` : null,
                  interval.from,
                  interval.until,
                );
        db.prepare('INSERT INTO chunks_fts (rowid, title, headings, body) VALUES (?, ?, ?, ?)').run(
          lastInsertRowid,
          id,
          chunk.headingPath.join(' / '),
          chunk.text,
        );
      }
    }
  }
  for (const principal of options.principals ?? []) {
    db.prepare('INSERT INTO principals VALUES (?, ?, ?, ?)').run(
      principal.id,
      JSON.stringify(principal.roles),
      now,
      now,
    );
  }
  db.pragma(`user_version = ${options.schema}`);
  db.close();
}
