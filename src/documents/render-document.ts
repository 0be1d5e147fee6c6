import { stringify } from 'yaml';
import type { DocumentVersion } from '../store/knowledge-store.js';

/** A version as a markdown file again: front matter (only the fields that are set) and body. */
export function renderDocument(
  document: Omit<DocumentVersion, 'version' | 'created_at' | 'author' | 'message'>,
): string {
  const frontMatter: Record<string, unknown> = {
    id: document.id,
    title: document.title,
    collection: document.collection,
    ...(document.acl ? { acl: document.acl } : {}),
    ...(document.effective_from ? { effective_from: document.effective_from } : {}),
    ...(document.effective_until ? { effective_until: document.effective_until } : {}),
    ...(document.subjects.length > 0 ? { subjects: document.subjects } : {}),
    ...(document.tags.length > 0 ? { tags: document.tags } : {}),
    ...document.extra,
  };
  return `---\n${stringify(frontMatter, { flowCollectionPadding: false }).trimEnd()}\n---\n\n${document.body.replace(/\n*$/, '\n')}`;
}
