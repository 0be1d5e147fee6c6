import type { DocumentInput } from '../../store/knowledge-store.js';
import type { SourceConfig } from '../sync-config.js';

/**
 * A source's `collection` and `acl` apply where the document sets none: a markdown file's own front matter
 * (or an upstream restriction) wins. The collection defaults to the source's name, a folder's to `general`
 * (its files may carry their own).
 */
export function applyDefaults(
  document: DocumentInput,
  config: SourceConfig,
  defaults: { collection?: string } = {},
): DocumentInput {
  const collection =
    document.collection !== 'general' ? document.collection : (config.collection ?? defaults.collection ?? config.name);
  return { ...document, collection, acl: document.acl ?? config.acl ?? null };
}
