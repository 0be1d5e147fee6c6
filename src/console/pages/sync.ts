import type { Context } from 'hono';
import { html } from 'hono/html';
import { requireRole } from '../../operations/reader.js';
import type { ServerServices } from '../../server/services.js';
import { syncStatus } from '../../sync/status.js';
import { formatTime, pageFor } from '../layout.js';
import type { ConsoleEnv } from '../session.js';

/** Sync (admin): each source's freshness, and the documents waiting on a conflict. */
export async function syncPage(c: Context<ConsoleEnv>, services: ServerServices): Promise<Response> {
  requireRole(c.var.self, 'admin', 'reading sync status');
  const status = await syncStatus({
    store: services.store,
    sources: services.sync?.configs() ?? [],
    now: services.now(),
  });
  const rows = status.sources.map(
    (source) => html`<tr data-testid="source-${source.name}">
      <td><strong>${source.name}</strong></td>
      <td>${source.kind}</td>
      <td>${source.last_run_at ? formatTime(source.last_run_at) : 'never'}</td>
      <td data-testid="lag">${source.lag_seconds === null ? '–' : lag(source.lag_seconds)}</td>
      <td>${source.documents}</td>
      <td>${source.conflicts}</td>
      <td>${
        source.last_error
          ? html`<span class="error" data-testid="source-error">${source.last_error}</span>`
          : html`<span class="pill">ok</span>`
      }</td>
    </tr>`,
  );
  const conflicts = status.conflicts.map(
    (conflict) => html`<li data-testid="conflict">
      <a href="/document?id=${encodeURIComponent(conflict.id)}">${conflict.id}</a>
      (${conflict.source}: ${conflict.reason.replace(/_/g, ' ')} since ${formatTime(conflict.since)})
      ${conflict.url ? html` · <a href="${conflict.url}" rel="noreferrer">upstream</a>` : ''}
      <code>seam sync resolve ${conflict.id} --keep seam|upstream</code>
    </li>`,
  );
  return c.html(
    pageFor(
      c,
      'Sync',
      html`<h1>Sync</h1>
      <p class="meta">How current each source is. Lag is the time since its last successful run${
        services.sync ? '' : '; this server runs no sources (seam serve --config with "sources")'
      }.</p>
      ${
        status.sources.length === 0
          ? html`<p data-testid="no-sources">No sync sources yet.</p>`
          : html`<table>
          <thead><tr><th>source</th><th>kind</th><th>last run</th><th>lag</th><th>documents</th><th>conflicts</th><th>status</th></tr></thead>
          <tbody>${rows}</tbody></table>`
      }
      ${
        conflicts.length > 0
          ? html`<h2>Conflicts</h2><p class="meta">Edited in Seam and changed upstream: the Seam version is served until resolved.</p><ul>${conflicts}</ul>`
          : ''
      }`,
    ),
  );
}

function lag(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}
