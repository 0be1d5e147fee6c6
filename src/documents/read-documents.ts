import { readFile, stat } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { InputError, IoError } from '../errors.js';
import type { DocumentInput } from '../store/knowledge-store.js';
import { convertDocument, formatList, formatOf } from './convert/convert.js';
import { idFromPath, plainIdFromPath } from './document-id.js';
import { listMarkdown, type ReadWarning, skippedFormat } from './list-markdown.js';

export { idFromPath, type ReadWarning };

/** Documents larger than this are refused: split them, so retrieval can cite the part that matters. */
export const defaultMaxDocumentBytes = 2 * 1024 * 1024;

/** A PDF or Word file may be larger than its text (images, fonts): its text is held to the limit, the file to this. */
const maxFileBytes = 256 * 1024 * 1024;

export interface ReadOptions {
  maxBytes?: number | undefined;
  /** Folder that ids are relative to, for single files (`kb put --base`). */
  base?: string | undefined;
  /** Folder that relative paths are read from (default: the process's). Messages show paths as given. */
  cwd?: string | undefined;
  /** Called after each file is read. */
  onProgress?: ((read: number, total: number) => void) | undefined;
  /**
   * Called for what was not imported as it stood: a symbolic link followed or skipped, a file name made
   * into an id. The CLI prints these; nothing is silent.
   */
  onWarning?: ((warning: ReadWarning) => void) | undefined;
}

export interface ReadDocument {
  document: DocumentInput;
  /** Whether the id came from the front matter (otherwise from the path). */
  idFromFrontMatter: boolean;
}

/**
 * Read documents (markdown, and the formats `convert/` reads) from files and folders. Every file is read and validated before anything is
 * returned, and all problems are reported together in one `InputError`, so an import either has nothing
 * wrong with it or writes nothing.
 */
export async function readDocuments(paths: readonly string[], options: ReadOptions = {}): Promise<ReadDocument[]> {
  const maxBytes = options.maxBytes ?? defaultMaxDocumentBytes;
  const cwd = options.cwd ?? process.cwd();
  /** `shown` is the path as the user wrote it, for messages; `absolute` is what is read. */
  const files: { shown: string; absolute: string; fallbackId: string; plainId: string }[] = [];
  const problems: InputError[] = [];
  const warn = (warning: ReadWarning) => options.onWarning?.(warning);

  for (const path of paths) {
    const absolute = resolve(cwd, path);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) {
      problems.push(new InputError('no such file or folder', { file: path }));
    } else if (info.isDirectory()) {
      const found = await listMarkdown({ folder: absolute, shown: path, warn });
      if (found.length === 0) {
        problems.push(new InputError(`the folder holds no files Seam can import (${formatList})`, { file: path }));
      }
      for (const { absolute: file, inside } of found) {
        files.push({
          shown: join(path, inside),
          absolute: file,
          fallbackId: idFromPath(inside),
          plainId: plainIdFromPath(inside),
        });
      }
    } else if (formatOf(path) === undefined) {
      problems.push(new InputError(skippedFormat(path).replace(/^skipped: /, ''), { file: path }));
    } else {
      const base = options.base === undefined ? undefined : relative(resolve(cwd, options.base), absolute);
      const named = base ?? basename(path);
      files.push({ shown: path, absolute, fallbackId: idFromPath(named), plainId: plainIdFromPath(named) });
    }
  }

  const read: ReadDocument[] = [];
  for (const [index, { shown, absolute, fallbackId, plainId }] of files.entries()) {
    options.onProgress?.(index + 1, files.length);
    try {
      const format = formatOf(absolute) ?? 'markdown';
      const bytes = await readBytes(absolute, shown, format === 'pdf' || format === 'docx' ? maxFileBytes : maxBytes);
      const converted = await convertDocument({ bytes, format, file: shown, fallbackId: fallbackId || plainId });
      if ('skipped' in converted) {
        warn({ code: 'skipped', file: shown, message: `skipped: ${converted.skipped}` });
        continue;
      }
      const { document, idFromFrontMatter } = converted;
      for (const message of converted.warnings) warn({ code: 'converted', file: shown, message });
      if (Buffer.byteLength(document.body) > maxBytes) {
        throw new InputError(
          `its text is ${formatBytes(Buffer.byteLength(document.body))}; the limit is ${formatBytes(maxBytes)}: split it into smaller documents (or raise --max-bytes)`,
          { file: shown },
        );
      }
      document.source = absolute;
      read.push({ document, idFromFrontMatter });
      if (!idFromFrontMatter && fallbackId !== plainId) {
        warn({
          code: 'id_slugged',
          file: shown,
          message: `id '${fallbackId}' made from the file name ('${plainId}' is not a valid id); add an 'id' to the front matter to choose another`,
        });
      }
    } catch (error) {
      if (InputError.isInstance(error)) problems.push(error);
      else throw error;
    }
  }

  const shownBySource = new Map(files.map((file) => [file.absolute, file.shown]));
  const seen = new Map<string, string>();
  for (const { document } of read) {
    const first = seen.get(document.id);
    if (first !== undefined) {
      problems.push(
        new InputError(`duplicate document id '${document.id}' (also used by ${first})`, {
          file: shownBySource.get(document.source ?? ''),
          field: "front matter 'id'",
        }),
      );
    } else {
      seen.set(document.id, shownBySource.get(document.source ?? '') ?? '');
    }
  }

  const [first] = problems;
  if (problems.length === 1 && first) throw first;
  if (first)
    throw new InputError(
      `${problems.length} problems, nothing was imported; the first: ${first.message}`,
      {},
      problems,
    );
  return read;
}

async function readBytes(file: string, shown: string, maxBytes: number): Promise<Uint8Array> {
  const info = await stat(file);
  if (info.size > maxBytes) {
    throw new InputError(
      `the document is ${formatBytes(info.size)}; the limit is ${formatBytes(maxBytes)}: split it into smaller documents (or raise --max-bytes)`,
      { file: shown },
    );
  }
  try {
    return await readFile(file);
  } catch (error) {
    throw new IoError(`${shown}: cannot read: ${(error as Error).message}`, file, { cause: error });
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
