import type { Context } from 'hono';
import { html, raw } from 'hono/html';
import { instantKey, isIsoDate } from '../../documents/parse-document.js';
import { NotFoundError, PermissionError } from '../../errors.js';
import { documentHistory, showDocument } from '../../operations/read-documents.js';
import { hasRole } from '../../operations/reader.js';
import { removeDocument } from '../../operations/write-documents.js';
import type { ServerServices } from '../../server/services.js';
import { aclPills, askedBy, formatTime, type Html, pageFor } from '../layout.js';
import { renderMarkdown } from '../markdown.js';
import type { ConsoleEnv } from '../session.js';
import { versionStatus } from './schedule.js';

const link = (id: string, version: number) => `/document?id=${encodeURIComponent(id)}&version=${version}`;

/** The version served at an instant, or `undefined` (none in effect, or none the reader may read). */
async function servedVersion(services: ServerServices, c: Context<ConsoleEnv>, id: string, at: string) {
  try {
    return (await showDocument({ store: services.store, reader: c.var.reader, id, at })).version;
  } catch (error) {
    if (NotFoundError.isInstance(error)) return undefined;
    throw error;
  }
}

/** One document version, rendered, with its metadata, what is served today and on a chosen date, and who cited it. */
export async function documentPage(c: Context<ConsoleEnv>, services: ServerServices): Promise<Response> {
  const id = c.req.query('id') ?? '';
  const versionText = c.req.query('version');
  const version = versionText && /^\d+$/.test(versionText) ? Number(versionText) : undefined;
  const on = c.req.query('on') ?? '';
  const document = await showDocument({ store: services.store, reader: c.var.reader, id, version });
  const { versions } = await documentHistory({ store: services.store, reader: c.var.reader, id });
  const now = services.now().toISOString();
  const today = await servedVersion(services, c, id, now);
  const newest = versions.at(-1)?.version ?? document.version;
  const onDate = isIsoDate(on) ? await servedVersion(services, c, id, instantKey(on)) : undefined;
  const canEdit = hasRole(c.var.self, 'editor') && c.var.session.viewAs === undefined;
  const isAdmin = hasRole(c.var.self, 'admin');
  const cited = isAdmin
    ? await services.store.recentAnswers({ limit: 20, citing: { id, version: document.version } })
    : [];
  const served = (value: number | undefined): Html =>
    value === undefined ? html`nothing` : html`<a href="${link(id, value)}">v${value}</a>`;

  return c.html(
    pageFor(
      c,
      document.title,
      html`<h1 data-testid="title">${document.title}</h1>
      <div class="meta">
        <span class="pill" data-testid="version">v${document.version}</span> ${document.id} · ${document.collection} ·
        readers ${aclPills(document.acl)} · ${formatTime(document.created_at)} by ${document.author}${document.message ? `: ${document.message}` : ''}
      </div>
      <div class="meta">
        <span data-testid="status">${versionStatus({ id, version: document.version, versions, now })}</span>
        ${document.effective_from ? ` · in effect from ${document.effective_from}` : ''}
        ${document.effective_until ? ` · until ${document.effective_until}` : ''}
        ${document.subjects.length > 0 ? html` · subjects: ${document.subjects.join(', ')}` : ''}
        ${document.tags.length > 0 ? html` · tags: ${document.tags.join(', ')}` : ''}
      </div>
      <div class="toolbar">
        ${canEdit ? html`<a class="button" href="/edit?id=${encodeURIComponent(id)}">Edit</a>` : ''}
        <a class="button secondary" href="/history?id=${encodeURIComponent(id)}">History</a>
        ${
          canEdit
            ? html`<form class="inline push" method="post" action="/delete" data-testid="delete"
                data-confirm="Delete every version of ${id}? This cannot be undone: it is removed from search, answers and history.">
                <input type="hidden" name="id" value="${id}" /><input type="hidden" name="base_version" value="${newest}" />
                <button class="danger secondary" type="submit">Delete document</button>
              </form>`
            : ''
        }
      </div>
      <form class="card toolbar" method="get" action="/document" data-testid="schedule">
        <input type="hidden" name="id" value="${id}" />
        <span>Served today: <strong data-testid="served-today">${served(today)}</strong></span>
        <label>On <input type="date" name="on" value="${on}" /></label>
        <button class="secondary" type="submit">Show</button>
        ${isIsoDate(on) ? html`<span>on ${on}: <strong data-testid="served-on">${served(onDate)}</strong></span>` : ''}
      </form>
      <article class="card" data-testid="body">${raw(renderMarkdown(document.body))}</article>
      ${
        isAdmin
          ? html`<h2>Recent answers citing v${document.version}</h2>
            ${cited.length === 0 ? html`<p class="meta">None logged.</p>` : ''}
            <table>${cited.map(
              (answer) =>
                html`<tr><td class="meta">${formatTime(answer.at)}</td><td>${askedBy(answer)}</td><td>${answer.question}</td></tr>`,
            )}</table>`
          : ''
      }`,
    ),
  );
}

/** Delete a document (every version, chunk and index entry), checked against the version the page showed. */
export async function deleteAction(c: Context<ConsoleEnv>, services: ServerServices): Promise<Response> {
  if (c.var.session.viewAs !== undefined) throw new PermissionError('stop viewing as another principal to delete');
  const form = await c.req.parseBody();
  const id = String(form.id ?? '');
  const base = String(form.base_version ?? '');
  await removeDocument({
    store: services.store,
    reader: c.var.self,
    author: c.var.principal,
    id,
    ifVersion: /^\d+$/.test(base) ? Number(base) : undefined,
  });
  return c.redirect(`/documents?deleted=${encodeURIComponent(id)}`, 303);
}
