import type { Context } from 'hono';
import { html, raw } from 'hono/html';
import { instantKey, isIsoDate } from '../../documents/parse-document.js';
import { listDocuments, searchDocuments } from '../../operations/read-documents.js';
import type { ServerServices } from '../../server/services.js';
import { aclPills, formatTime, type Html, pageFor } from '../layout.js';
import { renderSnippet } from '../markdown.js';
import type { ConsoleEnv } from '../session.js';

/** Documents: every readable document (filtered by collection), or search hits with heading path and version. */
export async function documentsPage(c: Context<ConsoleEnv>, services: ServerServices): Promise<Response> {
  const { store } = services;
  const reader = c.var.reader;
  const q = c.req.query('q')?.trim() ?? '';
  const collection = c.req.query('collection') || undefined;
  const asOf = c.req.query('as_of') || '';

  const at = isIsoDate(asOf) ? instantKey(asOf) : services.now().toISOString();
  const { documents } = await listDocuments({ store, reader });
  const collections = [...new Set(documents.map((entry) => entry.collection))].sort();
  // After a delete: said only while no document of that id is listed (a link cannot claim a live one is gone).
  const deletedId = c.req.query('deleted');
  const deleted = deletedId && !documents.some((entry) => entry.id === deletedId) ? deletedId : undefined;
  const shown = documents.filter((entry) => collection === undefined || entry.collection === collection);

  let results: Html = html`
    <table data-testid="documents">
      <tr><th>Document</th><th>Version</th><th>Collection</th><th>Readers</th><th>Updated</th></tr>
      ${shown.map(
        (entry) => html`<tr>
          <td><a href="/document?id=${encodeURIComponent(entry.id)}">${entry.title}</a><div class="meta">${entry.id}</div></td>
          <td>v${entry.version}</td><td>${entry.collection}</td><td>${aclPills(entry.acl)}</td>
          <td class="meta">${formatTime(entry.updated_at)}</td>
        </tr>`,
      )}
    </table>
    ${shown.length === 0 ? html`<p class="meta">No documents.</p>` : ''}`;
  if (q !== '') {
    const { hits } = await searchDocuments({ store, reader, query: q, k: 10, collection, at });
    results = html`<h2>${hits.length} hit${hits.length === 1 ? '' : 's'} for “${q}”</h2>
      <div data-testid="hits">
        ${hits.map(
          (hit) => html`<div class="card hit">
            <a href="/document?id=${encodeURIComponent(hit.id)}&version=${hit.version}"><strong>${hit.title}</strong></a>
            <span class="pill">v${hit.version}</span><span class="meta">score ${hit.score}</span>
            <div class="path">${[hit.title, ...hit.heading_path.filter((heading) => heading !== hit.title)].join(' › ')}</div>
            <div class="snippet" data-testid="snippet">${raw(renderSnippet(hit.text))}</div>
          </div>`,
        )}
        ${hits.length === 0 ? html`<p class="meta">Nothing you may read matches.</p>` : ''}
      </div>`;
  }

  return c.html(
    pageFor(
      c,
      'Documents',
      html`<h1>Documents</h1>
      ${deleted ? html`<p class="ok" data-testid="deleted">Deleted ${deleted}: every version, and its passages in search.</p>` : ''}
      <form class="toolbar" method="get" action="/documents">
        <input type="text" name="q" value="${q}" placeholder="Search, e.g. refund window" aria-label="search" />
        <select name="collection" aria-label="collection">
          <option value="">all collections</option>
          ${collections.map((name) => html`<option value="${name}" ${name === collection ? 'selected' : ''}>${name}</option>`)}
        </select>
        <label class="meta">in effect on <input type="date" name="as_of" value="${asOf}" /></label>
        <button type="submit">Search</button>
        <a href="/edit?new=1">New document</a>
      </form>
      ${results}`,
    ),
  );
}
