import { type Reader, readsInternal } from '../access.js';
import { withoutInternalSections } from '../documents/chunk-markdown.js';
import { isInternalDocument } from '../documents/internal.js';
import { parseDocumentText } from '../documents/parse-document.js';
import { InputError, NotFoundError, PermissionError } from '../errors.js';
import type { KnowledgeStore } from '../store/knowledge-store.js';
import { requireRole } from './reader.js';

/**
 * The write operations behind the HTTP API and the console. Writing needs the role `editor` and read
 * access to the version being overwritten: a document the writer may not read is "not found", so a
 * write cannot be used to learn that it exists or to clobber it.
 */

export interface WriteContext {
  store: KnowledgeStore;
  reader: Reader;
  /** Recorded in history; the server uses the principal's id. */
  author: string;
}

/** Create or update a document from its markdown file text (front matter and body). */
export async function putDocumentText(
  context: WriteContext & {
    id: string;
    markdown: string;
    ifVersion?: number | undefined;
    message?: string | undefined;
  },
): Promise<{ id: string; version: number; status: 'created' | 'updated' | 'unchanged' }> {
  const document = parseDocumentText(context.markdown, { file: context.id, fallbackId: context.id });
  if (document.id !== context.id) {
    throw new InputError(`front matter id '${document.id}' does not match the document '${context.id}'`, {
      file: context.id,
      field: 'id',
    });
  }
  requireRole(context.reader, 'editor', 'writing documents');
  await requireAgentToReplaceInternal(context);
  const result = await context.store.put(
    { ...document, source: undefined },
    {
      reader: context.reader,
      author: context.author,
      message: context.message,
      ifVersion: context.ifVersion,
    },
  );
  return { id: result.id, version: result.version, status: result.status };
}

/**
 * An editor without the agent role is shown documents without their internal sections, so saving what it
 * was shown would delete them: a document with internal content is overwritten only by an agent.
 */
async function requireAgentToReplaceInternal(context: WriteContext & { id: string }): Promise<void> {
  if (readsInternal(context.reader)) return;
  const current = await context.store.get(context.id, { reader: context.reader });
  if (!current) return;
  if (isInternalDocument(current.extra) || withoutInternalSections(current.body) !== current.body) {
    throw new PermissionError("the document has internal sections: overwriting it needs the role 'agent'");
  }
}

export async function revertDocument(
  context: WriteContext & { id: string; to: number; message?: string | undefined; ifVersion?: number | undefined },
): Promise<{ id: string; version: number }> {
  requireRole(context.reader, 'editor', 'reverting documents');
  const result = await context.store.revert(context.id, context.to, {
    reader: context.reader,
    author: context.author,
    message: context.message,
    ifVersion: context.ifVersion,
  });
  return { id: result.id, version: result.version };
}

export async function removeDocument(
  context: WriteContext & { id: string; ifVersion?: number | undefined },
): Promise<{ id: string; deleted: true }> {
  requireRole(context.reader, 'editor', 'deleting documents');
  if (!(await context.store.remove(context.id, { reader: context.reader, ifVersion: context.ifVersion }))) {
    throw new NotFoundError(context.id, `not found: no document '${context.id}'`);
  }
  return { id: context.id, deleted: true };
}
