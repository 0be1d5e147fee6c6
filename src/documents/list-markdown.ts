import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';

const markdownExtensions = new Set(['.md', '.markdown']);

export function isMarkdownPath(path: string): boolean {
  return markdownExtensions.has(extname(path).toLowerCase());
}

/** Something in an imported folder that was not imported as it stood, said out loud. */
export interface ReadWarning {
  /** `symlink_followed`: a link to a markdown file was read through; `symlink_skipped`: a link to a
   * folder (which could loop) or a broken link was left out; `id_slugged`: the file's name was made
   * into a valid id. */
  code: 'symlink_followed' | 'symlink_skipped' | 'id_slugged';
  /** The file, as the user named it (the folder plus the path inside it). */
  file: string;
  line?: number | undefined;
  message: string;
}

export interface ListedFile {
  /** The file to read (for a link, the link itself: reading follows it). */
  absolute: string;
  /** Its path inside the folder. */
  inside: string;
}

/**
 * The markdown files in a folder and its subfolders, sorted, without hidden files and folders. Symbolic
 * links are never passed over in silence: a link to a markdown file is read through (and reported), a
 * link to a folder is skipped (following it could loop or import a tree twice) and reported, and so is a
 * broken link.
 */
export async function listMarkdown(options: {
  folder: string;
  shown: string;
  warn: (warning: ReadWarning) => void;
}): Promise<ListedFile[]> {
  const { folder, shown, warn } = options;
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  const files: ListedFile[] = [];
  for (const entry of entries.sort(byPath)) {
    const absolute = join(entry.parentPath, entry.name);
    const inside = relative(folder, absolute);
    if (inside.split(sep).some((part) => part.startsWith('.'))) continue;
    if (entry.isFile() && isMarkdownPath(entry.name)) files.push({ absolute, inside });
    if (!entry.isSymbolicLink()) continue;
    const file = join(shown, inside);
    const target = await stat(absolute).catch(() => undefined);
    const resolved = await realpath(absolute).catch(() => undefined);
    if (!target || !resolved) {
      warn({ code: 'symlink_skipped', file, message: 'skipped: a symbolic link to nothing (broken link)' });
    } else if (target.isDirectory()) {
      warn({
        code: 'symlink_skipped',
        file,
        message: `skipped: a symbolic link to a folder (${resolved}); import that folder by name instead`,
      });
    } else if (target.isFile() && isMarkdownPath(entry.name)) {
      warn({ code: 'symlink_followed', file, message: `a symbolic link: read from ${resolved}` });
      files.push({ absolute, inside });
    }
  }
  return files.sort((a, b) => (a.inside < b.inside ? -1 : a.inside > b.inside ? 1 : 0));
}

function byPath(a: Dirent, b: Dirent): number {
  const left = join(a.parentPath, a.name);
  const right = join(b.parentPath, b.name);
  return left < right ? -1 : left > right ? 1 : 0;
}
