import { Marked } from 'marked';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => escapes[character] ?? character);

/**
 * Markdown to HTML for the console. Documents are written by other people: raw HTML in them is shown as
 * text, and links keep only http(s), mailto and relative targets.
 */
const marked = new Marked({
  gfm: true,
  renderer: {
    html({ text }) {
      return escapeHtml(text);
    },
    link({ href, text }) {
      const safe = /^(https?:|mailto:|\/|#|\.)/i.test(href) ? href : '#';
      return `<a href="${escapeHtml(safe)}" rel="noopener noreferrer">${escapeHtml(text)}</a>`;
    },
    image({ text }) {
      return escapeHtml(text);
    },
  },
});

export function renderMarkdown(text: string): string {
  return marked.parse(text, { async: false });
}

/** Search snippets: markdown rendered (no raw `**`), headings as bold lines, links as their text. */
const snippets = new Marked({
  gfm: true,
  renderer: {
    html({ text }) {
      return escapeHtml(text);
    },
    heading({ tokens }) {
      return `<p><strong>${this.parser.parseInline(tokens)}</strong></p>`;
    },
    link({ tokens }) {
      return this.parser.parseInline(tokens);
    },
    image({ text }) {
      return escapeHtml(text);
    },
  },
});

/** A passage shortened to about `length` characters (at a word boundary), as HTML. */
export function renderSnippet(text: string, length = 400): string {
  const cut = text.length <= length ? text : `${text.slice(0, length).replace(/\s+\S*$/, '')} …`;
  return snippets.parse(cut, { async: false });
}
