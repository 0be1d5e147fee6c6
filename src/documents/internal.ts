/**
 * Passages for agents only. A document is internal when its front matter says `internal: true`; a section
 * is internal when its heading ends in the attribute `{internal}` (or `{.internal}`, the Pandoc/kramdown
 * class form), and so is everything under it down to the next heading of the same or a higher level:
 *
 *     ## How to issue a refund {internal}
 *
 * Internal chunks are served only to readers holding the agent role (see `chunkGrants` in
 * `src/access.ts`); the attribute itself is not part of the heading text that is indexed or shown.
 */

/** `{internal}`, `{.internal}` or an attribute list holding `.internal`, at the end of a heading. */
const internalAttribute = /\s*\{\s*(?:[#.][\w-]+\s+)*\.?internal(?:\s+[#.][\w-]+)*\s*\}\s*$/i;

/** A heading's text without the internal attribute, and whether it had one. */
export function readHeading(text: string): { text: string; internal: boolean } {
  const trimmed = text.trim();
  const stripped = trimmed.replace(internalAttribute, '');
  return { text: stripped, internal: stripped !== trimmed };
}

/** Whether a document's front matter (its uninterpreted keys) marks the whole document internal. */
export function isInternalDocument(extra: Readonly<Record<string, unknown>>): boolean {
  return extra.internal === true;
}
