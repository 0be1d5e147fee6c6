import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocumentText } from '../../src/documents/parse-document.js';
import { type ReadWarning, readDocuments } from '../../src/documents/read-documents.js';
import { InputError } from '../../src/errors.js';
import { tempDir } from '../helpers/temp.js';

const parse = (text: string) =>
  parseDocumentText(text, { file: 'policies/refunds.md', fallbackId: 'policies/refunds' });

/** The InputError a call throws (failing the test if it throws something else or nothing). */
async function inputError(action: () => unknown): Promise<InputError> {
  try {
    await action();
  } catch (error) {
    if (InputError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('parsing a document', () => {
  it('reads every front-matter field', () => {
    const document = parse(
      '---\nid: refund-policy\ntitle: Refunds\ncollection: policy\nacl: [support, billing]\neffective_from: 2026-05-01\n' +
        'effective_until: 2027-01-01\nsubjects: [jane@example.com]\ntags: [refunds]\nowner: maria\n---\n\n# Refunds\n\nBody.\n',
    );
    expect(document).toMatchObject({
      id: 'refund-policy',
      title: 'Refunds',
      collection: 'policy',
      acl: ['billing', 'support'],
      effective_from: '2026-05-01',
      effective_until: '2027-01-01',
      subjects: ['jane@example.com'],
      tags: ['refunds'],
      extra: { owner: 'maria' },
      body: '# Refunds\n\nBody.\n',
    });
  });

  it('takes the id from the path and the title from the first heading when absent', () => {
    expect(parse('# Returns\n\nText.')).toMatchObject({
      id: 'policies/refunds',
      title: 'Returns',
      acl: null,
      collection: 'general',
    });
  });

  it.each([
    ['acl as a string', '---\ntitle: R\nacl: billing\n---\nx', 3, "front matter 'acl'", 'must be a list'],
    ['a bad date', '---\ntitle: R\n\neffective_from: May 1st\n---\nx', 4, "front matter 'effective_from'", 'ISO date'],
    [
      'an impossible date',
      '---\neffective_from: 2026-02-31\n---\nx',
      2,
      "front matter 'effective_from'",
      'real calendar date',
    ],
    [
      'until before from',
      '---\neffective_from: 2026-05-01\neffective_until: 2026-04-01\n---\nx',
      3,
      "front matter 'effective_until'",
      'later than',
    ],
    [
      'a role name with a comma',
      '---\nacl: ["billing,support"]\n---\nx',
      2,
      "front matter 'acl'",
      'role names use letters',
    ],
    ['title as a list', '---\ntitle: [a, b]\n---\nx', 2, "front matter 'title'", 'must be text'],
    [
      'broken YAML',
      '---\ntitle: R\nacl: [support\n---\nx',
      4,
      undefined,
      'must be sufficiently indented and end with a ]',
    ],
    ['unclosed front matter', '---\ntitle: R\n', 1, undefined, 'never closed'],
    ['a bad id', '---\nid: "has spaces"\n---\nx', 2, "front matter 'id'", 'letters, digits'],
  ])('rejects %s, naming the file, line and field', async (_story, text, line, field, message) => {
    const error = await inputError(() => parse(text));
    expect(error.file).toBe('policies/refunds.md');
    expect(error.line).toBe(line);
    expect(error.field).toBe(field);
    expect(error.message).toContain(message);
    expect(error.message.startsWith(`policies/refunds.md:${line}: `)).toBe(true);
  });
});

describe('reading files and folders', () => {
  const root = tempDir();
  const write = (path: string, content: string | Buffer) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
    return join(root, path);
  };

  it('derives ids from paths inside the folder, reads plain text, and says which files it skipped and why', async () => {
    write('kb/policies/refunds.md', '# Refunds\n\nWithin 30 days.');
    write('kb/products/plans.md', '---\nid: plans\n---\n# Plans');
    write('kb/.drafts/wip.md', '# Draft');
    write('kb/notes.txt', 'Notes\n\nplain text');
    write('kb/logo.png', 'not really an image');
    write('kb/export.json', '{}');
    const warnings: ReadWarning[] = [];
    const read = await readDocuments([join(root, 'kb')], { onWarning: (warning) => warnings.push(warning) });
    expect(read.map((entry) => entry.document.id)).toEqual(['notes', 'policies/refunds', 'plans']);
    expect(read.map((entry) => entry.idFromFrontMatter)).toEqual([false, false, true]);
    expect(warnings.map((warning) => [warning.file.split('/kb/')[1], warning.code, warning.message])).toEqual([
      ['.drafts', 'skipped', 'skipped: a hidden folder'],
      ['export.json', 'skipped', expect.stringContaining('.json files are not a format Seam imports')],
      ['logo.png', 'skipped', expect.stringContaining('.png files are not a format Seam imports (it reads .md')],
    ]);
  });

  it('reports every problem at once and names each file', async () => {
    write('mixed/good.md', '# Good');
    write('mixed/bad-acl.md', '---\nacl: billing\n---\n# Bad');
    write(
      'mixed/bad-bytes.md',
      Buffer.concat([Buffer.from('# Title\n\nline two\ncaf'), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]),
    );
    const error = await inputError(() => readDocuments([join(root, 'mixed')]));
    expect(error.message).toContain('2 problems, nothing was imported');
    expect(error.others.map((problem) => problem.file?.split('/').pop())).toEqual(['bad-acl.md', 'bad-bytes.md']);
    const bytes = error.others[1];
    expect(bytes?.line).toBe(4);
    expect(bytes?.message).toContain('not valid UTF-8 (byte 0xff at column 4)');
  });

  it('reports the line of a bad byte after multi-byte characters', async () => {
    const file = write(
      'utf8/accents.md',
      Buffer.concat([Buffer.from('# Café\n\nnaïve résumé '), Buffer.from([0xc3, 0x28])]),
    );
    const error = await inputError(() => readDocuments([file]));
    expect(error.line).toBe(3);
    expect(error.message).toContain('byte 0xc3');
  });

  it('refuses duplicate ids in one import', async () => {
    write('dupes/a.md', '---\nid: same\n---\n# A');
    write('dupes/b.md', '---\nid: same\n---\n# B');
    const error = await inputError(() => readDocuments([join(root, 'dupes')]));
    expect(error.message).toContain("duplicate document id 'same'");
    expect(error.message).toContain('a.md');
  });

  it('refuses a folder with nothing to import, a missing path and a file of another format', async () => {
    mkdirSync(join(root, 'empty'), { recursive: true });
    write('empty/readme.png', 'text');
    expect((await inputError(() => readDocuments([join(root, 'empty')]))).message).toContain(
      'holds no files Seam can import',
    );
    expect((await inputError(() => readDocuments([join(root, 'missing')]))).message).toContain(
      'no such file or folder',
    );
    expect((await inputError(() => readDocuments([join(root, 'empty/readme.png')]))).message).toContain(
      '.png files are not a format Seam imports',
    );
  });

  it('refuses a 10 MB document with its size and the limit', async () => {
    const file = write('big/huge.md', `# Huge\n\n${'lorem ipsum dolor '.repeat(600_000)}`);
    const error = await inputError(() => readDocuments([file]));
    expect(error.file).toBe(file);
    expect(error.message).toMatch(/is 10\.\d MB; the limit is 2\.0 MB/);
  });
});
