import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Reader } from '../access.js';
import { hasRole } from '../operations/reader.js';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface LayoutOptions {
  title: string;
  /** The signed-in principal (absent on the sign-in page). */
  principal?: string | undefined;
  /** The principal an admin is viewing as. */
  viewAs?: string | undefined;
  admin?: boolean;
  body: Html;
}

/** The page shell: navigation, who is signed in, the stylesheet and script of this server. */
export function layout(options: LayoutOptions): Html {
  const nav =
    options.principal === undefined
      ? ''
      : html`<nav>
          <a href="/documents">Documents</a><a href="/ask">Ask</a><a href="/lint">Lint</a><a href="/diagnose">Diagnose</a>
          ${options.admin ? html`<a href="/answers">Answers</a><a href="/view-as">View as</a><a href="/forget">Forget</a><a href="/sync">Sync</a>` : ''}
        </nav>
        <div class="who">
          ${options.viewAs ? html`<span class="pill restricted" data-testid="viewing-as">viewing as ${options.viewAs}</span>` : ''}
          signed in as <strong data-testid="principal">${options.principal}</strong>
          <form class="inline" method="post" action="/sign-out"><button class="secondary" type="submit">Sign out</button></form>
        </div>`;
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${options.title} · Seam</title>
    <link rel="stylesheet" href="/console.css" />
  </head>
  <body>
    <header><a class="brand" href="/documents">Seam</a>${nav}</header>
    <main>${options.body}</main>
    <script src="/console.js"></script>
  </body>
</html>`;
}

export function formatTime(iso: string): string {
  return iso.replace('T', ' ').slice(0, 16);
}

export function aclPills(acl: readonly string[] | null): Html {
  return acl === null
    ? html`<span class="pill">everyone</span>`
    : html`${acl.map((role) => html`<span class="pill restricted">${role}</span>`)}`;
}

/** The principal's name, and whom an admin was viewing as, as one cell of an answer log. */
export function askedBy(answer: { principal: string; viewed_as?: string | null | undefined }): Html {
  return answer.viewed_as
    ? html`${answer.principal} <span class="pill restricted" data-testid="viewed-as">viewing as ${answer.viewed_as}</span>`
    : html`${answer.principal}`;
}

/** The shell around a page body, for the signed-in principal of this request. */
export function pageFor(
  context: { var: { principal: string; session: { viewAs?: string | undefined }; self: Reader } },
  title: string,
  body: Html,
): Html {
  return layout({
    title,
    principal: context.var.principal,
    viewAs: context.var.session.viewAs,
    admin: hasRole(context.var.self, 'admin'),
    body,
  });
}
