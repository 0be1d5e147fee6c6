import { extname } from 'node:path';
import { InputError } from '../../errors.js';
import type { DocumentInput } from '../../store/knowledge-store.js';
import { decodeUtf8 } from '../decode-utf8.js';
import { documentIdPattern } from '../document-id.js';
import { parseDocumentText } from '../parse-document.js';
import type { Converted } from './html.js';

/**
 * The formats Seam reads, by file extension. Markdown is read as it is (front matter and all); every
 * other format is converted to markdown by a maintained library and gets its title from the file itself.
 */
export const formats = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'text',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
  '.docx': 'docx',
} as const;

export type Format = (typeof formats)[keyof typeof formats];

/** `.md .markdown .txt .html .htm .pdf .docx`, for messages. */
export const formatList = Object.keys(formats).join(' ');

export function formatOf(path: string): Format | undefined {
  return (formats as Record<string, Format | undefined>)[extname(path).toLowerCase()];
}

export interface ConvertRequest {
  bytes: Uint8Array;
  format: Format;
  /** The file (or URL) as shown in messages. */
  file: string;
  /** The id when the document names none (markdown front matter is the only place one can). */
  fallbackId: string;
  /** For HTML: keep only the main content (default true). */
  mainContent?: boolean | undefined;
}

export type ConvertResult =
  | { document: DocumentInput; idFromFrontMatter: boolean; warnings: string[] }
  | { skipped: string };

/**
 * Bytes of a file to a document. Markdown errors (front matter, encoding) are thrown as `InputError`s that
 * name the file and line; a file with no text to import (a scanned PDF, an empty page) is `skipped` with
 * the reason, never stored empty.
 */
export async function convertDocument(request: ConvertRequest): Promise<ConvertResult> {
  const { format, file, fallbackId } = request;
  if (format === 'markdown') {
    const text = decodeUtf8(request.bytes, file);
    const document = parseDocumentText(text, { file, fallbackId });
    return { document, idFromFrontMatter: document.id !== fallbackId || /^id\s*:/m.test(text), warnings: [] };
  }
  if (!documentIdPattern.test(fallbackId)) {
    throw new InputError(`cannot derive a document id from the path ('${fallbackId}'); rename the file`, { file });
  }
  let converted: Converted & { warnings?: string[] };
  if (format === 'text') converted = textToMarkdown(decodeUtf8(request.bytes, file));
  // Each converter (and its library: a DOM, a PDF reader, a Word reader) is loaded on first use only.
  else if (format === 'html') {
    const { htmlToMarkdown } = await import('./html.js');
    converted = htmlToMarkdown(decodeUtf8(request.bytes, file), { mainContent: request.mainContent });
  } else if (format === 'pdf') converted = await (await import('./pdf.js')).pdfToMarkdown(request.bytes);
  else converted = await (await import('./docx.js')).docxToMarkdown(request.bytes);
  if (!converted.markdown.trim()) {
    return {
      skipped:
        format === 'pdf'
          ? 'the PDF has no text layer (a scanned image?); run it through OCR first'
          : `no text found in the ${format === 'docx' ? 'Word document' : format === 'html' ? 'page' : 'file'}`,
    };
  }
  return {
    document: plainDocument({ id: fallbackId, title: converted.title, body: converted.markdown, source: file }),
    idFromFrontMatter: false,
    warnings: converted.warnings ?? [],
  };
}

/** Plain text is already markdown, nearly: its first short line is its title. */
export function textToMarkdown(text: string): Converted {
  const body = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .trim();
  const first = body.split('\n', 1)[0]?.trim();
  return { title: first && first.length <= 120 ? first.replace(/^#+\s*/, '') : undefined, markdown: body };
}

/** A document with no front matter: everyone may read it, always in effect. */
export function plainDocument(options: {
  id: string;
  title: string | undefined;
  body: string;
  source?: string | undefined;
  collection?: string | undefined;
  acl?: string[] | null | undefined;
}): DocumentInput {
  return {
    id: options.id,
    title: options.title?.trim() || options.id,
    collection: options.collection ?? 'general',
    acl: options.acl ?? null,
    effective_from: null,
    effective_until: null,
    subjects: [],
    tags: [],
    extra: {},
    body: options.body,
    source: options.source,
  };
}
