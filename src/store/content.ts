import { createHash } from 'node:crypto';
import { eng, removeStopwords } from 'stopword';
import type { DocumentInput } from './knowledge-store.js';

/**
 * A hash of everything that makes a version's content: front matter and body, but not where it was
 * read from. Two puts with the same hash are the same version, so re-importing a file is a no-op.
 */
export function contentHash(document: DocumentInput): string {
  const canonical = JSON.stringify([
    document.id,
    document.title,
    document.collection,
    document.acl,
    document.effective_from,
    document.effective_until,
    document.subjects,
    document.tags,
    sortKeys(document.extra),
    document.body,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * The words of a free-text query, for backends whose full-text engines take a query language. English
 * stopwords are dropped ("the" would match nearly every passage), unless the query is nothing else.
 */
export function queryTerms(text: string): string[] {
  const words = [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])];
  const content = removeStopwords(words, eng);
  return content.length > 0 ? content : words;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, inner]) => [key, sortKeys(inner)]),
    );
  }
  return value;
}
