import type { Converted } from './html.js';
import { tidy } from './html.js';

/** The text items of a page as PDF.js gives them (only what is read here). */
interface TextItem {
  str: string;
  hasEOL: boolean;
  /** The item's transform matrix: [a, b, c, d, x, y]. */
  transform: number[];
  height: number;
}

/**
 * A PDF's text, as markdown paragraphs (Mozilla PDF.js, the reader in Firefox). Lines are rebuilt from the
 * text items; a vertical gap wider than a line and a half starts a new paragraph; pages are separated by a
 * blank line. The title is the document's `Title` metadata, else its first line. A scanned PDF (images, no
 * text layer) gives no text: the caller reports it rather than storing an empty document.
 */
export async function pdfToMarkdown(bytes: Uint8Array): Promise<Converted> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    // PDF.js takes ownership of (detaches) the buffer it is given: give it a copy.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  const document = await task.promise;
  try {
    const pages: string[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      pages.push(pageText(content.items.filter((item) => 'str' in item) as TextItem[]));
      page.cleanup();
    }
    const info = (await document.getMetadata().catch(() => undefined))?.info as { Title?: unknown } | undefined;
    const metadataTitle = typeof info?.Title === 'string' && info.Title.trim() ? info.Title.trim() : undefined;
    const markdown = tidy(pages.filter((text) => text.trim()).join('\n\n'));
    const firstLine = markdown
      .split('\n')
      .find((line) => line.trim())
      ?.trim();
    return { title: metadataTitle ?? firstLine?.slice(0, 120), markdown };
  } finally {
    await document.destroy();
  }
}

function pageText(items: readonly TextItem[]): string {
  let text = '';
  let lastY: number | undefined;
  let lineHeight = 0;
  for (const item of items) {
    const y = item.transform[5] ?? 0;
    const height = item.height || Math.abs(item.transform[3] ?? 0) || lineHeight;
    if (lastY !== undefined && !text.endsWith('\n') && Math.abs(y - lastY) > height * 0.5) text += '\n';
    if (lastY !== undefined && text.endsWith('\n') && lineHeight > 0 && Math.abs(lastY - y) > lineHeight * 1.5) {
      text += '\n';
    }
    text += item.str;
    if (item.hasEOL) text += '\n';
    if (item.str.trim()) {
      lastY = y;
      lineHeight = height;
    }
  }
  // Lines inside a paragraph join with a space; a word hyphenated across lines joins whole.
  return text
    .split(/\n{2,}/)
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .join('\n')
        .replace(/(\w)-\n(\w)/g, '$1$2')
        .replace(/\n/g, ' '),
    )
    .filter(Boolean)
    .join('\n\n');
}
