import { parseDocumentText } from '../documents/parse-document.js';
import { InputError, NotFoundError } from '../errors.js';
import type { KnowledgeStore } from '../store/knowledge-store.js';
import { mayRead, type Reader, requireRole } from './reader.js';

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

async function requireWritable(context: WriteContext, id: string, action: string): Promise<number | undefined> {
  requireRole(context.reader, 'editor', action);
  const current = await context.store.get(id);
  if (current && !mayRead(context.reader, current.acl)) throw new NotFoundError(id, `not found: no document '${id}'`);
  return current?.version;
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
  await requireWritable(context, context.id, 'writing documents');
  const result = await context.store.put(
    { ...document, source: undefined },
    {
      author: context.author,
      message: context.message,
      ifVersion: context.ifVersion,
    },
  );
  return { id: result.id, version: result.version, status: result.status };
}

export async function revertDocument(
  context: WriteContext & { id: string; to: number; message?: string | undefined; ifVersion?: number | undefined },
): Promise<{ id: string; version: number }> {
  const head = await requireWritable(context, context.id, 'reverting documents');
  const target = head === undefined ? undefined : await context.store.get(context.id, { version: context.to });
  if (head === undefined) throw new NotFoundError(context.id, `not found: no document '${context.id}'`);
  if (!target || !mayRead(context.reader, target.acl)) {
    throw new NotFoundError(context.id, `not found: '${context.id}' has no version ${context.to}`);
  }
  const result = await context.store.revert(context.id, context.to, {
    author: context.author,
    message: context.message,
    ifVersion: context.ifVersion,
  });
  return { id: result.id, version: result.version };
}

export async function removeDocument(context: WriteContext & { id: string }): Promise<{ id: string; deleted: true }> {
  const head = await requireWritable(context, context.id, 'deleting documents');
  if (head === undefined || !(await context.store.remove(context.id))) {
    throw new NotFoundError(context.id, `not found: no document '${context.id}'`);
  }
  return { id: context.id, deleted: true };
}
