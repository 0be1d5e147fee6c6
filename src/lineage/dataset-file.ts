import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { IoError } from '../errors.js';

/** A dataset file as lineage identifies it: absolute path, content hash and size. */
export interface DatasetFile {
  path: string;
  sha256: string;
  size: number;
}

/** Hash a file as it is now (streamed). `IoError` naming the file when it cannot be read. */
export async function describeDatasetFile(path: string, cwd = process.cwd()): Promise<DatasetFile> {
  const absolute = resolve(cwd, path);
  try {
    const { size } = await stat(absolute);
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(absolute)) hash.update(chunk as Buffer);
    return { path: absolute, sha256: hash.digest('hex'), size };
  } catch (error) {
    throw new IoError(`cannot read ${path}: ${(error as Error).message}`, path, { cause: error });
  }
}

/** Whether the file at `path` still has this content: `unchanged`, `changed` or `missing`. */
export async function datasetStatus(path: string, sha256: string): Promise<'unchanged' | 'changed' | 'missing'> {
  try {
    return (await describeDatasetFile(path)).sha256 === sha256 ? 'unchanged' : 'changed';
  } catch {
    return 'missing';
  }
}
