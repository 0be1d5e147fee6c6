import type { Context } from 'hono';
import { html } from 'hono/html';
import { PermissionError } from '../../errors.js';
import { diffDocument, documentHistory } from '../../operations/read-documents.js';
import { hasRole } from '../../operations/reader.js';
import { revertDocument } from '../../operations/write-documents.js';
import type { ServerServices } from '../../server/services.js';
import { formatTime, pageFor } from '../layout.js';
import type { ConsoleEnv } from '../session.js';
import { diffView } from './diff-view.js';
import { versionStatus } from './schedule.js';

const versionParameter = (value: string | undefined) => (value && /^\d+$/.test(value) ? Number(value) : undefined);

/** Every version the reader may read, a diff between any two, and revert. */
export async function historyPage(c: Context<ConsoleEnv>, services: ServerServices): Promise<Response> {
  const { store } = services;
  const reader = c.var.reader;
  const id = c.req.query('id') ?? '';
  const { versions } = await documentHistory({ store, reader, id });
  const newest = versions.at(-1)?.version ?? 1;
  const from = versionParameter(c.req.query('from')) ?? versions.at(-2)?.version ?? newest;
  const to = versionParameter(c.req.query('to')) ?? newest;
  const { diff } = await diffDocument({ store, reader, id, from, to });
  const canRevert = hasRole(c.var.self, 'editor') && c.var.session.viewAs === undefined;
  const encoded = encodeURIComponent(id);
  const now = services.now().toISOString();

  return c.html(
    pageFor(
      c,
      `History of ${id}`,
      html`<h1>History of <a href="/document?id=${encoded}">${id}</a></h1>
      <form method="get" action="/history">
        <input type="hidden" name="id" value="${id}" />
        <table data-testid="history">
          <tr><th>Version</th><th>From</th><th>To</th><th>When</th><th>Who</th><th>Served</th><th>Why</th><th></th></tr>
          ${[...versions].reverse().map(
            (entry) => html`<tr>
              <td><a href="/document?id=${encoded}&version=${entry.version}">v${entry.version}</a></td>
              <td><input type="radio" name="from" value="${entry.version}" ${entry.version === from ? 'checked' : ''} aria-label="from v${entry.version}" /></td>
              <td><input type="radio" name="to" value="${entry.version}" ${entry.version === to ? 'checked' : ''} aria-label="to v${entry.version}" /></td>
              <td class="meta">${formatTime(entry.created_at)}</td><td>${entry.author}</td>
              <td class="meta">${versionStatus({ id, version: entry.version, versions, now })}</td>
              <td>${entry.message}</td>
              <td>${
                canRevert && entry.version !== newest
                  ? html`<button class="danger secondary" type="submit" form="revert-${entry.version}">Revert to v${entry.version}</button>`
                  : ''
              }</td>
            </tr>`,
          )}
        </table>
        <div class="toolbar"><button type="submit">Compare</button></div>
      </form>
      ${versions.map(
        (entry) => html`<form id="revert-${entry.version}" method="post" action="/revert"
          data-confirm="Revert ${id} to v${entry.version}? A new version with v${entry.version}'s content replaces what is served now (history keeps every version).">
          <input type="hidden" name="id" value="${id}" /><input type="hidden" name="to" value="${entry.version}" />
          <input type="hidden" name="base_version" value="${newest}" />
        </form>`,
      )}
      <h2>v${from} → v${to}</h2>
      ${diffView(diff)}`,
    ),
  );
}

export async function revertAction(c: Context<ConsoleEnv>, services: ServerServices): Promise<Response> {
  if (c.var.session.viewAs !== undefined) throw new PermissionError('stop viewing as another principal to revert');
  const form = await c.req.parseBody();
  const id = String(form.id ?? '');
  const result = await revertDocument({
    store: services.store,
    reader: c.var.self,
    author: c.var.principal,
    id,
    to: Number(form.to),
    ifVersion: versionParameter(String(form.base_version ?? '')),
  });
  return c.redirect(`/history?id=${encodeURIComponent(result.id)}`, 303);
}
