import { readFile, stat } from 'node:fs/promises';
import { asByteView, type ForgetValue } from './forget-value.js';
import { findValues } from './matcher.js';

/** A copy of a forgotten value found in a file: where, and which value (1-based, in the order given). */
export interface ResidualLocation {
  file: string;
  /** Byte offset in the file. */
  offset: number;
  value: number;
}

export interface ResidualScan {
  /** Copies found, over every file. */
  residual: number;
  /** The first copies found (at most `maxLocations`). */
  locations: ResidualLocation[];
  /** The files read and their sizes (missing files are left out). */
  files: { file: string; bytes: number }[];
}

/**
 * Read each file whole, one character per byte, and look for every surface form of every value (as UTF-8
 * bytes, which is how SQLite stores text): the patterns and digit runs of `findValues`, without the
 * detector (a page of a database is not prose). A value split across two database pages is not seen.
 */
export async function scanFiles(
  files: readonly string[],
  values: readonly ForgetValue[],
  options: { maxLocations?: number } = {},
): Promise<ResidualScan> {
  const scan: ResidualScan = { residual: 0, locations: [], files: [] };
  const maxLocations = options.maxLocations ?? 20;
  const byteValues = values.map(asByteView);
  for (const file of files) {
    const size = await stat(file).then(
      (info) => (info.isFile() ? info.size : undefined),
      () => undefined,
    );
    if (size === undefined) continue;
    const bytes = await readFile(file);
    scan.files.push({ file, bytes: bytes.length });
    const text = bytes.toString('latin1');
    const spans = findValues(text, byteValues, { detector: false });
    scan.residual += spans.length;
    for (const span of spans.slice(0, Math.max(0, maxLocations - scan.locations.length))) {
      scan.locations.push({ file, offset: span.start, value: span.value + 1 });
    }
  }
  return scan;
}
