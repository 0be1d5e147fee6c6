import { existsSync } from 'node:fs';
import { operator } from '../access.js';
import type { DatasetValue } from '../store/forget-store.js';
import type { KnowledgeStore } from '../store/knowledge-store.js';
import { isStoreUrl, openStore } from '../store/open-store.js';
import { privateKinds } from '../values/index.js';
import { canonicalForms, keyedHash } from './canonical.js';
import { describeDatasetFile } from './dataset-file.js';

/** What lineage needs of a lint finding: where, what kind, and the value's text (hashed, never stored). */
export interface FoundValue {
  line: number;
  /** The value kind (a lint finding's `code`). */
  code: string;
  value?: string | undefined;
}

export interface RecordLintOptions {
  /** Opens the store (closed here); nothing is recorded when it gives none (no store exists). */
  openStore: () => Promise<KnowledgeStore | undefined>;
  /** The dataset as the user named it. */
  dataset: string;
  /** Lint's findings: those of private kinds are recorded (as keyed hashes), the rest ignored. */
  findings: readonly FoundValue[];
  /** False when lint may have missed values (findings capped, format checked only). */
  complete: boolean;
  now: Date;
  cwd?: string | undefined;
}

/** The store at `location` opened for writing, or `undefined` when there is none (lint never creates one). */
export async function openWritableStoreIfPresent(location: string, cwd: string): Promise<KnowledgeStore | undefined> {
  if (!isStoreUrl(location) && !existsSync(location)) return undefined;
  return openStore({ location, cwd });
}

/**
 * The lint hook of lineage: record the dataset (path, sha256, size, time) and, for each private value lint
 * found, keyed hashes of its canonical forms with the lines holding it. Returns how many keyed hashes
 * were recorded, or `undefined` when there is no store to record into.
 */
export async function recordLintLineage(options: RecordLintOptions): Promise<{ hashes: number } | undefined> {
  const file = await describeDatasetFile(options.dataset, options.cwd);
  const store = await options.openStore();
  if (store === undefined) return undefined;
  try {
    const secret = await store.lineageSecret({ reader: operator });
    const byHash = new Map<string, DatasetValue & { lineSet: Set<number> }>();
    const forms = new Map<string, string[]>();
    for (const finding of options.findings) {
      if (finding.value === undefined || !(privateKinds as readonly string[]).includes(finding.code)) continue;
      const key = `${finding.code}\u0000${finding.value}`;
      const known = forms.get(key) ?? canonicalForms(finding.code, finding.value);
      forms.set(key, known);
      for (const form of known) {
        const hash = keyedHash(secret, form);
        const entry = byHash.get(hash) ?? { hash, kind: finding.code, lines: [], lineSet: new Set<number>() };
        entry.lineSet.add(finding.line);
        byHash.set(hash, entry);
      }
    }
    const values = [...byHash.values()].map(({ lineSet, ...value }) => ({
      ...value,
      lines: [...lineSet].sort((a, b) => a - b),
    }));
    await store.recordDataset(
      { ...file, scanned_at: options.now.toISOString(), complete: options.complete, values },
      { reader: operator },
    );
    return { hashes: values.length };
  } finally {
    await store.close();
  }
}
