/**
 * A help-center page as sites really serve them: the article inside a header with navigation, a search
 * form, a cookie banner, a sidebar of related links and a footer. Written here, from readable parts, for
 * the converter and the website source to be measured on.
 */
export interface HelpArticle {
  path: string;
  title: string;
  /** Paragraphs of the article (HTML allowed). */
  paragraphs: string[];
  /** Rows of a table in the article, the first being its header. */
  table?: string[][];
  /** Same-site paths linked from the sidebar ("related articles"). */
  related?: string[];
}

export function helpPage(article: HelpArticle, site = 'Example Help'): string {
  const table = article.table
    ? `<table><thead><tr>${(article.table[0] ?? []).map((cell) => `<th>${cell}</th>`).join('')}</tr></thead><tbody>${article.table
        .slice(1)
        .map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`
    : '';
  const related = (article.related ?? [])
    .map((path) => `<li><a href="${path}">${path.replace(/^\//, '').replace(/-/g, ' ')}</a></li>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${article.title} | ${site}</title>
<link rel="stylesheet" href="/assets/site.css"><script src="/assets/analytics.js"></script></head>
<body>
<div class="cookie-banner" role="dialog">We use cookies to improve your experience. <button>Accept all</button> <a href="/privacy">Cookie settings</a></div>
<header class="site-header"><a class="logo" href="/">${site}</a>
<nav><ul><li><a href="/">Home</a></li><li><a href="/getting-started">Getting started</a></li><li><a href="/billing">Billing</a></li><li><a href="/contact">Contact us</a></li></ul></nav>
<form class="search" action="/search"><input name="q" placeholder="Search the help center"><button>Search</button></form></header>
<div class="layout">
<aside class="sidebar"><h3>Related articles</h3><ul>${related}</ul><p>Still need help? Chat with our team seven days a week.</p></aside>
<main><nav class="breadcrumbs"><a href="/">Home</a> › <a href="/billing">Billing</a></nav>
<article><h1>${article.title}</h1>
${article.paragraphs.map((paragraph) => `<p>${paragraph}</p>`).join('\n')}
${table}
<div class="article-votes">Was this article helpful? <button>Yes</button> <button>No</button></div>
</article></main></div>
<footer class="site-footer"><p>© 2026 Example Inc. All rights reserved.</p><ul><li><a href="/terms">Terms</a></li><li><a href="/privacy">Privacy</a></li><li><a href="/status">System status</a></li></ul></footer>
<script>window.dataLayer = [];</script>
</body></html>`;
}
