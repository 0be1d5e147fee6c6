import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seam } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

describe('every command that writes names the store it wrote to', () => {
  const root = tempDir('seam-store-named-');
  mkdirSync(join(root, 'kb'));
  writeFileSync(join(root, 'kb', 'memo.md'), '---\nid: memo\n---\n# Memo\n\nThe office opens at nine.\n');

  it('as a path relative to the current folder when the store is inside it', async () => {
    const db = join(root, '.seam', 'seam.db');
    const imported = await seam(['kb', 'import', 'kb'], { db, cwd: root });
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain(`store: ${join('.seam', 'seam.db')}`);
    const added = await seam(['principal', 'add', 'bob', '--roles', 'support'], { db, cwd: root });
    expect(added.stderr).toContain(`store: ${join('.seam', 'seam.db')}`);
  });

  it('as an absolute path when it is elsewhere (a demo store, a leftover SEAM_DB)', async () => {
    const elsewhere = join(tempDir('seam-store-elsewhere-'), 'other.db');
    const imported = await seam(['kb', 'import', 'kb'], { db: elsewhere, cwd: root });
    expect(imported.stderr).toContain(`store: ${elsewhere}`);
  });

  it('not on a read, and not in --json output (stdout stays one JSON document)', async () => {
    const db = join(root, '.seam', 'seam.db');
    const searched = await seam(['kb', 'search', 'office'], { db, cwd: root });
    expect(searched.stderr).not.toContain('store:');
    const imported = await seam(['kb', 'import', 'kb', '--json'], { db, cwd: root });
    expect(() => imported.json()).not.toThrow();
    expect(imported.stderr).not.toContain('store:');
  });
});
