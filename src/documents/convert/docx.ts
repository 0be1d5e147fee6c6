import type { Converted } from './html.js';
import { htmlToMarkdown } from './html.js';

/**
 * A Word document (.docx) as markdown: mammoth maps its styles to semantic HTML (headings, lists, tables,
 * links, bold and italic, no visual formatting), which the HTML converter turns into markdown. The whole
 * document is content, so no boilerplate is removed. Mammoth's messages (an unrecognised style, an
 * unsupported element) come back as warnings.
 */
export async function docxToMarkdown(bytes: Uint8Array): Promise<Converted & { warnings: string[] }> {
  const mammoth = await import('mammoth');
  const result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
  const converted = htmlToMarkdown(result.value, { mainContent: false });
  const warnings = result.messages.map((message) => message.message);
  return { ...converted, warnings };
}
