import { gfm } from '@joplin/turndown-plugin-gfm';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import TurndownService from 'turndown';

/** What a converter makes of a file or a page: markdown, and a title when the source names one. */
export interface Converted {
  title: string | undefined;
  markdown: string;
}

export interface HtmlOptions {
  /**
   * Keep only the main content (Mozilla Readability, the library behind Firefox's Reader View): navigation,
   * headers, footers, cookie banners and sidebars go. Default true; off for a fragment that is all content
   * (a help-center article body, a converted Word file).
   */
  mainContent?: boolean | undefined;
}

let turndown: TurndownService | undefined;

/** One configured converter: ATX headings, fenced code, `-` bullets, GitHub tables. */
function markdownConverter(): TurndownService {
  if (turndown) return turndown;
  turndown = new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
    emDelimiter: '_',
  });
  turndown.use(gfm);
  turndown.remove(['script', 'style', 'noscript', 'template', 'iframe', 'form', 'button']);
  return turndown;
}

/**
 * HTML to markdown. The page's title is its first `<h1>`, else `<title>` (without a " | Site" tail). When
 * Readability finds no article (a very short page), the whole `<body>` is converted, boilerplate elements
 * (`nav`, `header`, `footer`, `aside`) removed.
 */
export function htmlToMarkdown(html: string, options: HtmlOptions = {}): Converted {
  const { document } = parseHTML(html.includes('<html') ? html : `<!doctype html><html><body>${html}</body></html>`);
  const heading = document.querySelector('h1')?.textContent?.trim() || undefined;
  const pageTitle = document.querySelector('title')?.textContent?.trim() || undefined;
  for (const table of document.querySelectorAll('table')) promoteHeaderRow(table);
  // An element is given to turndown as it is: serializing it to a string would make turndown parse it again.
  let content: string | TurndownService.Node | undefined;
  if (options.mainContent !== false) {
    for (const element of document.querySelectorAll(boilerplate)) {
      if (element.tagName !== 'HEADER' || !element.closest('article, main')) element.remove();
    }
    // A page that marks its content (one <article>, else one <main>) is taken at its word; Readability
    // scores the others (and costs several times more).
    const landmark = only(document.querySelectorAll('article')) ?? only(document.querySelectorAll('main, [role=main]'));
    // The GFM table rule reads properties linkedom's elements lack: a page with tables goes as HTML text.
    if (landmark) {
      const element = landmark as unknown as TurndownService.Node & {
        innerHTML: string;
        querySelector(selector: string): unknown;
      };
      content = element.querySelector('table') ? element.innerHTML : element;
    } else {
      const fallback = document.body?.innerHTML as string | undefined;
      // Readability rewrites the document it reads (no copy is made: parsing twice would double the cost).
      const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], {
        charThreshold: 200,
      }).parse();
      content = article?.content && article.textContent?.trim() ? article.content : fallback;
    }
  }
  content ??= document.body?.innerHTML ?? html;
  const markdown = tidy(markdownConverter().turndown(content));
  const title = heading ?? stripSiteName(pageTitle);
  return { title, markdown: withTitleHeading(markdown, title) };
}

/**
 * Landmarks that are never the article: navigation, page header and footer, sidebars, dialogs (cookie
 * banners), forms. Removed before Readability looks for the content, which catches the rest by its own
 * scoring (link density, class names such as `share` or `comment`).
 */
const boilerplate =
  'nav, header, footer, aside, form, [role=navigation], [role=banner], [role=contentinfo], [role=dialog], [role=search], [aria-modal=true]';

/**
 * The page's title goes on top as `#`: Readability drops the `<h1>` that repeats the title (or demotes
 * it to `##`), and the chunker takes headings as the path of each passage.
 */
function withTitleHeading(markdown: string, title: string | undefined): string {
  if (title === undefined) return markdown;
  const first = /^(#{1,6}) (.+)\n*/.exec(markdown);
  if (first?.[2]?.trim() === title) return `# ${title}\n\n${markdown.slice(first[0].length)}`.trimEnd();
  return `# ${title}\n\n${markdown}`.trimEnd();
}

function only<T>(list: { length: number; [index: number]: T }): T | undefined {
  return list.length === 1 ? list[0] : undefined;
}

/** A table without header cells (as Word writes them) takes its first row as the header, as a reader would. */
function promoteHeaderRow(table: {
  querySelector(
    selector: string,
  ): { querySelectorAll(selector: string): Iterable<{ outerHTML: string; innerHTML: string }> } | null;
  querySelectorAll(selector: string): { length: number };
}): void {
  if (table.querySelectorAll('th').length > 0) return;
  const first = table.querySelector('tr');
  if (!first) return;
  for (const cell of first.querySelectorAll('td')) cell.outerHTML = `<th>${cell.innerHTML}</th>`;
}

/** `Refunds | Acme Help` → `Refunds`; `Refunds – Acme` → `Refunds`. */
function stripSiteName(title: string | undefined): string | undefined {
  if (title === undefined) return undefined;
  const parts = title.split(/\s+[|–—·]\s+|\s+-\s+/);
  return parts[0]?.trim() || title;
}

/** No trailing spaces, at most one blank line in a row, list markers with one space. */
export function tidy(markdown: string): string {
  return markdown
    .replace(/[ \t]+$/gm, '')
    .replace(/^(\s*)(\d+\.|-)\s{2,}/gm, '$1$2 ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
