import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { formatList, formatOf } from './convert/convert.js';

const markdownExtensions = new Set(['.md', '.markdown']);

export function isMarkdownPath(path: string): boolean {
  return markdownExtensions.has(extname(path).toLowerCase());
}

/** Whether Seam reads this file (markdown, or a format it converts: see `convert/convert.ts`). */
export function isImportablePath(path: string): boolean {
  return formatOf(path) !== undefined;
}

/** Something in an imported folder that was not imported as it stood, said out loud. */
export interface ReadWarning {
  /** `symlink_followed`: a link to a file was read through; `symlink_skipped`: a link to a folder (which
   * could loop) or a broken link was left out; `id_slugged`: the file's name was made into a valid id;
   * `skipped`: a file (or hidden folder) left out, with why; `converted`: a converter's note on a file it read. */
  code: 'symlink_followed' | 'symlink_skipped' | 'id_slugged' | 'skipped' | 'converted';
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
 * The files Seam can import in a folder and its subfolders, sorted. Nothing is passed over in silence:
 * a file of another format is reported as skipped with the formats Seam reads; a hidden file or folder
 * (`.git/`, `.DS_Store`) is reported once, at its top; a link to a file is read through (and reported),
 * a link to a folder is skipped (following it could loop or import a tree twice) and reported, and so is
 * a broken link.
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
    const parts = inside.split(sep);
    const hidden = parts.findIndex((part) => part.startsWith('.'));
    if (hidden !== -1) {
      // Only the hidden entry itself is reported, not everything inside a hidden folder.
      if (hidden === parts.length - 1) {
        const what = entry.isDirectory() ? 'a hidden folder' : 'a hidden file';
        warn({ code: 'skipped', file: join(shown, inside), message: `skipped: ${what}` });
      }
      continue;
    }
    if (entry.isFile()) {
      if (isImportablePath(entry.name)) files.push({ absolute, inside });
      else warn({ code: 'skipped', file: join(shown, inside), message: skippedFormat(entry.name) });
    }
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
    } else if (target.isFile() && isImportablePath(entry.name)) {
      warn({ code: 'symlink_followed', file, message: `a symbolic link: read from ${resolved}` });
      files.push({ absolute, inside });
    } else if (target.isFile()) {
      warn({ code: 'skipped', file, message: skippedFormat(entry.name) });
    }
  }
  return files.sort((a, b) => (a.inside < b.inside ? -1 : a.inside > b.inside ? 1 : 0));
}

/** Why a file of another format is left out. */
export function skippedFormat(name: string): string {
  const extension = extname(name).toLowerCase();
  const what = extension ? `${extension} files are` : 'a file without an extension is';
  return `skipped: ${what} not a format Seam imports (it reads ${formatList})`;
}

function byPath(a: Dirent, b: Dirent): number {
  const left = join(a.parentPath, a.name);
  const right = join(b.parentPath, b.name);
  return left < right ? -1 : left > right ? 1 : 0;
}
