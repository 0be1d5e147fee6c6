import type { Context } from 'hono';
import { html } from 'hono/html';
import { requireRole } from '../../operations/reader.js';
import type { ServerServices } from '../../server/services.js';
import { askedBy, formatTime, pageFor } from '../layout.js';
import type { ConsoleEnv, Sessions } from '../session.js';

/** View as (admin): pick a principal and see the console exactly as they would (reads only). */
export async function viewAsPage(c: Context<ConsoleEnv>, services: ServerServices): Promise<Response> {
  requireRole(c.var.self, 'admin', 'viewing as another principal');
  const principals = await services.store.listPrincipals();
  const current = c.var.session.viewAs;
  return c.html(
    pageFor(
      c,
      'View as',
      html`<h1>View as</h1>
      <p class="meta">See documents, search and answers as another principal would. Editing is off while viewing as someone else.</p>
      <form class="toolbar" method="post" action="/view-as">
        <select name="principal" aria-label="principal">
          <option value="">myself (${c.var.principal})</option>
          ${principals.map(
            (principal) =>
              html`<option value="${principal.id}" ${principal.id === current ? 'selected' : ''}>${principal.id} (${principal.roles.join(', ') || 'no roles'})</option>`,
          )}
        </select>
        <button type="submit">View</button>
      </form>`,
    ),
  );
}

export async function setViewAs(
  c: Context<ConsoleEnv>,
  services: ServerServices,
  sessions: Pick<Sessions, 'viewAs'>,
): Promise<Response> {
  requireRole(c.var.self, 'admin', 'viewing as another principal');
  const form = await c.req.parseBody();
  const principal = typeof form.principal === 'string' ? form.principal : '';
  const known = principal === '' ? undefined : await services.store.getPrincipal(principal);
  await sessions.viewAs(c, known?.id);
  return c.redirect('/documents', 303);
}

/** Recent answers (admin): question, asker, cited versions and time. Private data, kept for a bounded number. */
export async function answersPage(c: Context<ConsoleEnv>, services: ServerServices): Promise<Response> {
  requireRole(c.var.self, 'admin', 'reading the answer log');
  // A cited version the viewer may not read is left out, exactly as if it did not exist (not even its number).
  const readable = async (citation: { id: string; version: number }) =>
    (await services.store.get(citation.id, { reader: c.var.reader, version: citation.version })) !== undefined;
  const answers = await Promise.all(
    (await services.store.recentAnswers({ limit: 100 })).map(async (answer) => {
      const shown = await Promise.all(answer.citations.map(readable));
      return { ...answer, citations: answer.citations.filter((_, index) => shown[index]) };
    }),
  );
  return c.html(
    pageFor(
      c,
      'Recent answers',
      html`<h1>Recent answers</h1>
      <p class="meta">The newest ${services.answerLogSize} answers given through the server are kept; older ones are deleted.
        An answer an admin asked while viewing as someone is logged as the admin's, with whom they viewed as.</p>
      <table data-testid="answers">
        <tr><th>When</th><th>Who</th><th>Question</th><th>Cited</th></tr>
        ${answers.map(
          (answer) => html`<tr>
            <td class="meta">${formatTime(answer.at)}</td><td>${askedBy(answer)}</td><td>${answer.question}</td>
            <td>${answer.citations.map(
              (citation) =>
                html`<a href="/document?id=${encodeURIComponent(citation.id)}&version=${citation.version}">${citation.id} v${citation.version}</a> `,
            )}${answer.refused ? html`<span class="meta">declined</span>` : ''}</td>
          </tr>`,
        )}
      </table>`,
    ),
  );
}
