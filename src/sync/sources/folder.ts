import { readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { convertDocument, formatOf } from '../../documents/convert/convert.js';
import { idFromPath, plainIdFromPath } from '../../documents/document-id.js';
import { listMarkdown } from '../../documents/list-markdown.js';
import { InputError } from '../../errors.js';
import type { Outcome } from '../apply.js';
import type { RunContext, SyncSource } from '../source.js';
import type { FolderSource } from '../sync-config.js';
import { applyDefaults } from './defaults.js';

/**
 * A folder of .md, .txt, .html, .pdf and .docx files. A file's upstream id is its path inside the folder;
 * its document id is what `kb import` would give it (front matter `id`, else the path without extension).
 * A run lists the folder, reads only files whose modification time or size changed since the last sync,
 * and removes the documents of files that are gone. `seam serve` and `seam sync` also watch the folder.
 */
export function folderSource(config: FolderSource): SyncSource {
  async function readOne(context: RunContext, inside: string): Promise<Outcome | undefined> {
    const { applier } = context;
    const absolute = join(config.path, inside);
    const info = await stat(absolute).catch(() => undefined);
    if (!info?.isFile() || formatOf(inside) === undefined) return applier.remove(inside);
    const modified = `${info.mtime.toISOString()} ${info.size}`;
    const known = applier.record(inside);
    if (known && known.etag === modified) return applier.unchanged(inside);
    let converted: Awaited<ReturnType<typeof convertDocument>>;
    try {
      const bytes = await readFile(absolute);
      converted = await convertDocument({
        bytes,
        format: formatOf(inside) ?? 'markdown',
        file: absolute,
        fallbackId: idFromPath(inside) || plainIdFromPath(inside),
      });
    } catch (error) {
      if (!InputError.isInstance(error)) throw error;
      // One bad file never stops the others: it is counted and named in the run's errors.
      applier.count('invalid');
      applier.problems.push(error.message);
      return undefined;
    }
    if ('skipped' in converted) {
      applier.count('skipped');
      return undefined;
    }
    return applier.upsert({
      upstream_id: inside,
      url: null,
      updated_at: info.mtime.toISOString(),
      document: applyDefaults({ ...converted.document, source: absolute }, config, { collection: 'general' }),
      etag: modified,
    });
  }

  return {
    config,
    async run(context) {
      const seen = new Set<string>();
      const folder = await stat(config.path).catch(() => undefined);
      if (!folder?.isDirectory()) {
        throw new InputError(`the folder ${config.path} does not exist`, { field: `sources.${config.name}.path` });
      }
      const files = await listMarkdown({
        folder: config.path,
        shown: config.path,
        warn: (warning) => {
          if (warning.code === 'skipped' || warning.code === 'symlink_skipped') context.applier.count('skipped');
        },
      });
      for (const { inside } of files) {
        const key = inside.split(sep).join('/');
        seen.add(key);
        await readOne(context, key);
      }
      await context.applier.removeMissing(seen);
      return { cursor: null, complete: true };
    },
    async pull(context, paths) {
      const outcomes: Outcome[] = [];
      for (const path of paths) {
        const inside = (path.startsWith(config.path) ? relative(config.path, path) : path).split(sep).join('/');
        if (inside.split('/').some((part) => part.startsWith('.') || part === '')) continue;
        const outcome = await readOne(context, inside);
        if (outcome) outcomes.push(outcome);
      }
      return outcomes;
    },
  };
}
