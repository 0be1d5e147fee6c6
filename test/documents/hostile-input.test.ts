import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkMarkdown } from '../../src/documents/chunk-markdown.js';
import { idFromPath } from '../../src/documents/document-id.js';
import { parseDocumentText } from '../../src/documents/parse-document.js';
import { type ReadWarning, readDocuments } from '../../src/documents/read-documents.js';
import { InputError } from '../../src/errors.js';
import { tempDir } from '../helpers/temp.js';

const parse = (text: string) => parseDocumentText(text, { file: 'kb/a.md', fallbackId: 'a' });

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

const aliasBomb = [
  'a: &a [x, x, x, x, x, x, x, x, x]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
  'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
  'f: [*e, *e, *e, *e, *e, *e, *e, *e, *e]',
].join('\n');

describe('hostile front matter', () => {
  it.each([
    ['a self-referencing alias', 'id: &a [*a]', 2, "alias '*a'"],
    ['an alias bomb', aliasBomb, 3, "alias '*a'"],
    ['a merge key naming an unknown anchor', 'title: T\n<<: *nothing', 3, "alias '*nothing'"],
    ['flow collections nested 5,000 deep', `x: ${'['.repeat(5000)}`, 2, 'nested too deeply'],
  ])('refuses %s with a located InputError', (_name, yaml, line, message) => {
    const error = thrown(() => parse(`---\n${yaml}\n---\n# Body\n`));
    expect(InputError.isInstance(error), String(error)).toBe(true);
    expect((error as InputError).file).toBe('kb/a.md');
    expect((error as InputError).line).toBe(line);
    expect((error as InputError).message).toContain(message);
  });

  it('keeps the value in an error message short', () => {
    const error = thrown(() => parse(`---\ntags: [${'x'.repeat(500)}, {a: 1}]\n---\n`)) as InputError;
    expect(error.message).toContain("front matter 'tags'");
    expect(error.message.length).toBeLessThan(200);
  });
});

describe('deeply nested markdown', () => {
  it('chunks 3,000 nested quotes in a 3 KB file without overflowing the stack', () => {
    const chunks = chunkMarkdown(`# Deep\n\n${'>'.repeat(3000)} the refund window is 30 days\n`);
    expect(chunks.map((chunk) => chunk.headingPath)).toEqual([['Deep']]);
    expect(chunks[0]?.text).toContain('the refund window is 30 days');
  });

  it('keeps every character of nested quotes and lists, at any depth', () => {
    const markdown = `# Deep\n\n${'> - '.repeat(2000)}bottom\n\n${'  '.repeat(400)}- indented\n\nAfter.`;
    const chunks = chunkMarkdown(markdown, { maxWords: 100_000 });
    expect(chunks.map((chunk) => chunk.text.replace(/\s+/g, '')).join('')).toBe(
      markdown.replace('# Deep', '').replace(/\s+/g, ''),
    );
  });
});

describe('importing a folder a user really has', () => {
  const root = tempDir('seam-hostile-');
  const write = (path: string, content: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
    return join(root, path);
  };

  it('imports a deeply nested file beside the others', async () => {
    write('deep/normal.md', '# Normal\n\nFine.\n');
    write('deep/quotes.md', `---\ntitle: Quotes\n---\n\nIntro.\n\n${'>'.repeat(3000)} bottom\n`);
    const read = await readDocuments([join(root, 'deep')]);
    expect(read.map((entry) => entry.document.id)).toEqual(['normal', 'quotes']);
    expect(chunkMarkdown(read[1]?.document.body ?? '').at(-1)?.text).toMatch(/\n>{3000} bottom$/);
  });

  it('gives `my doc.md` and `café.md` usable ids, and says so', async () => {
    write('names/my doc.md', '# Mine\n');
    write('names/café.md', '# Café\n');
    write('names/Über uns/Team Seite.md', '# Team\n');
    write('names/named.md', '---\nid: chosen\n---\n# Named\n');
    const warnings: ReadWarning[] = [];
    const read = await readDocuments([join(root, 'names')], { onWarning: (warning) => warnings.push(warning) });
    expect(read.map((entry) => entry.document.id).sort()).toEqual(['Uber-uns/Team-Seite', 'cafe', 'chosen', 'my-doc']);
    expect(warnings.map((warning) => warning.code)).toEqual(['id_slugged', 'id_slugged', 'id_slugged']);
    expect(warnings.map((warning) => warning.message).join('\n')).toContain("id 'my-doc' made from the file name");
  });

  it('still refuses, with its name, a file whose name has nothing to make an id from', async () => {
    write('script/日本.md', '# Japan\n');
    const error = await readDocuments([join(root, 'script')]).catch((caught: unknown) => caught);
    expect(InputError.isInstance(error)).toBe(true);
    expect((error as InputError).message).toContain("add an 'id' to the front matter");
    expect((error as InputError).file).toContain('日本.md');
  });

  it('follows a link to a markdown file, skips a link to a folder (no loop) and a broken link, and reports each', async () => {
    write('linked/real.md', '# Real\n');
    write('elsewhere/shared.md', '# Shared\n');
    symlinkSync(join(root, 'elsewhere', 'shared.md'), join(root, 'linked', 'shared.md'));
    symlinkSync(join(root, 'linked'), join(root, 'linked', 'loop'));
    symlinkSync(join(root, 'nowhere.md'), join(root, 'linked', 'broken.md'));
    const warnings: ReadWarning[] = [];
    const read = await readDocuments([join(root, 'linked')], { onWarning: (warning) => warnings.push(warning) });
    expect(read.map((entry) => entry.document.id)).toEqual(['real', 'shared']);
    expect(read[1]?.document.title).toBe('Shared');
    const byFile = Object.fromEntries(warnings.map((warning) => [warning.file.split('/').pop(), warning]));
    expect(byFile['shared.md']).toMatchObject({ code: 'symlink_followed' });
    expect(byFile.loop).toMatchObject({ code: 'symlink_skipped' });
    expect(byFile.loop?.message).toContain('a symbolic link to a folder');
    expect(byFile['broken.md']).toMatchObject({ code: 'symlink_skipped' });
    expect(warnings).toHaveLength(3);
  });

  it('slugs path segments but keeps valid ids as they are', () => {
    expect(idFromPath('policies/refunds.md')).toBe('policies/refunds');
    expect(idFromPath('./a  b--c.md')).toBe('a-b-c');
    expect(idFromPath('-leading.md')).toBe('leading');
  });
});
