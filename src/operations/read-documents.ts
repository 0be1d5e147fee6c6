import { createTwoFilesPatch } from 'diff';
import { type Reader, readsInternal } from '../access.js';
import { withoutInternalSections } from '../documents/chunk-markdown.js';
import { isInternalDocument } from '../documents/internal.js';
import { renderDocument } from '../documents/render-document.js';
import { NotFoundError } from '../errors.js';
import { createRetriever } from '../retrieval/retriever.js';
import type { DocumentVersion, Hit, KnowledgeStore, VersionSummary } from '../store/knowledge-store.js';

/**
 * The read operations behind `seam kb`, the HTTP API, MCP and the console. Each takes the reader and
 * returns the object `--json` prints. A version the reader may not read is reported exactly like a
 * missing one (`NotFoundError` with the same message).
 */

export interface ReadOptions {
  store: KnowledgeStore;
  reader: Reader;
}

export async function searchDocuments(
  options: ReadOptions & { query: string; k: number; at: string; collection?: string | undefined },
): Promise<{ hits: Hit[] }> {
  const { hits } = await createRetriever({ store: options.store }).retrieve({
    query: options.query,
    reader: options.reader,
    k: options.k,
    collection: options.collection,
    asOf: options.at,
  });
  return { hits };
}

export interface DocumentListEntry {
  id: string;
  version: number;
  title: string;
  collection: string;
  acl: string[] | null;
  updated_at: string;
}

export async function listDocuments(
  options: ReadOptions & { collection?: string | undefined },
): Promise<{ documents: DocumentListEntry[] }> {
  const summaries = await options.store.list({ reader: options.reader, collection: options.collection });
  return {
    documents: summaries.map(({ id, version, title, collection, acl, updated_at }) => ({
      id,
      version,
      title,
      collection,
      acl,
      updated_at,
    })),
  };
}

/** A document version as `kb show --json` prints it (the store shows `source` to the operator only). */
export type ShownDocument = DocumentVersion;

/**
 * What a reader is shown of a version: all of it with the agent role (or as the operator); without it,
 * no section marked `{internal}`, and no body at all of a document marked `internal: true`.
 */
export function shownTo(reader: Reader, version: DocumentVersion): DocumentVersion {
  if (readsInternal(reader)) return version;
  const body = isInternalDocument(version.extra) ? '' : withoutInternalSections(version.body);
  return body === version.body ? version : { ...version, body };
}

export async function showDocument(
  options: ReadOptions & { id: string; version?: number | undefined; at?: string | undefined },
): Promise<ShownDocument> {
  const { store, id } = options;
  const found =
    options.at !== undefined && options.version === undefined
      ? await store.getServed(id, { reader: options.reader, at: options.at })
      : await store.get(id, { reader: options.reader, version: options.version });
  const missing =
    options.version !== undefined
      ? `'${id}' has no version ${options.version}`
      : options.at !== undefined
        ? `no version of '${id}' is in effect on ${options.at.slice(0, 10)}`
        : `no document '${id}'`;
  if (!found) throw new NotFoundError(id, `not found: ${missing}`);
  return shownTo(options.reader, found);
}

/** Every version the reader may read, oldest first (the store leaves the others out). */
export async function documentHistory(
  options: ReadOptions & { id: string },
): Promise<{ id: string; versions: VersionSummary[] }> {
  const { store, id } = options;
  const versions = await store.history(id, { reader: options.reader });
  if (!versions) throw new NotFoundError(id, `not found: no document '${id}'`);
  return { id, versions };
}

/** A unified diff of two versions as markdown files (front matter included). */
export async function diffDocument(
  options: ReadOptions & { id: string; from: number; to: number },
): Promise<{ id: string; from: number; to: number; diff: string }> {
  const { id, from, to } = options;
  const [older, newer] = await Promise.all([from, to].map((version) => showDocument({ ...options, version })));
  if (!older || !newer) throw new NotFoundError(id);
  const diff = createTwoFilesPatch(
    `${id} v${from}`,
    `${id} v${to}`,
    renderDocument(older),
    renderDocument(newer),
    undefined,
    undefined,
    { context: 3 },
  );
  return { id, from, to, diff };
}
