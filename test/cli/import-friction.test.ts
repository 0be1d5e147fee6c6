import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seam } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const root = tempDir('seam-import-friction-');

function folder(name: string): string {
  const kb = join(root, name);
  mkdirSync(join(kb, 'sub'), { recursive: true });
  writeFileSync(join(kb, 'my doc.md'), '# Mine\n\nA document with a space in its name.\n');
  writeFileSync(join(kb, 'café.md'), '# Café\n\nAccents.\n');
  writeFileSync(join(root, `${name}-outside.md`), '# Outside\n\nLinked in.\n');
  symlinkSync(join(root, `${name}-outside.md`), join(kb, 'linked.md'));
  symlinkSync(kb, join(kb, 'sub', 'loop'));
  return kb;
}

describe('kb import on a folder a user really has', () => {
  it('imports every file, and says on stderr which names became ids and which links were followed or skipped', async () => {
    const result = await seam(['kb', 'import', folder('human')], { db: join(root, 'human.db') });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('3 created');
    for (const id of ['my-doc', 'cafe', 'linked']) expect(result.stdout).toContain(id);
    expect(result.stderr).toContain("id 'my-doc' made from the file name");
    expect(result.stderr).toContain("id 'cafe' made from the file name");
    expect(result.stderr).toMatch(/linked\.md: a symbolic link: read from .*human-outside\.md/);
    expect(result.stderr).toMatch(/sub\/loop: skipped: a symbolic link to a folder/);
  });

  it('with --json, puts the warnings in the output and nothing on stderr', async () => {
    const result = await seam(['kb', 'import', folder('script'), '--json'], { db: join(root, 'script.db') });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const output = result.json() as { results: { id: string }[]; warnings: { code: string }[] };
    expect(output.results.map((entry) => entry.id).sort()).toEqual(['cafe', 'linked', 'my-doc']);
    expect(output.warnings.map((warning) => warning.code).sort()).toEqual([
      'id_slugged',
      'id_slugged',
      'symlink_followed',
      'symlink_skipped',
    ]);
  });
});
