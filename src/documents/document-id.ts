import { sep } from 'node:path';

/** The extension a file's id drops (every format Seam reads): `faq.html` → `faq`. */
export const convertedExtension = /\.(md|markdown|txt|html?|pdf|docx)$/i;

/** Identifiers: letters, digits, `.`, `_`, `-` and `/` (folders), starting with a letter or digit. */
export const documentIdPattern = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

/**
 * The id a file gets when its front matter names none: its path inside the imported folder, without
 * its extension, with forward slashes, made into a valid id: accents are dropped (`café` → `cafe`) and other
 * characters an id may not hold become `-` (`my doc` → `my-doc`). Empty when nothing usable is left
 * (a name in a non-Latin script): such a file needs an `id` in its front matter.
 */
export function idFromPath(relativePath: string): string {
  return relativePath
    .split(sep)
    .join('/')
    .replace(convertedExtension, '')
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .map(slugSegment)
    .filter(Boolean)
    .join('/');
}

/** The path as written, without `.md`: what `idFromPath` would give if the path needed no changes. */
export function plainIdFromPath(relativePath: string): string {
  return relativePath
    .split(sep)
    .join('/')
    .replace(convertedExtension, '')
    .replace(/^(\.\/)+/, '');
}

function slugSegment(segment: string): string {
  return segment
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/-+$/, '');
}
