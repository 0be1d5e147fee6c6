import { type Context, Hono } from 'hono';
import { html } from 'hono/html';
import { readerFor } from '../access.js';
import { SeamError } from '../errors.js';
import { hasRole } from '../operations/reader.js';
import type { ServerEnv } from '../server/auth.js';
import { errorResponse } from '../server/http-errors.js';
import type { ServerServices } from '../server/services.js';
import { consoleCss, consoleJs } from './assets.js';
import { layout, pageFor } from './layout.js';
import { answersPage, setViewAs, viewAsPage } from './pages/admin.js';
import { askPage } from './pages/ask.js';
import { diagnosePage } from './pages/diagnose.js';
import { deleteAction, documentPage } from './pages/document.js';
import { documentsPage } from './pages/documents.js';
import { editPage, saveEdit } from './pages/edit.js';
import { forgetPage } from './pages/forget.js';
import { historyPage, revertAction } from './pages/history.js';
import { lintPage } from './pages/lint.js';
import { signIn, signInPage } from './pages/sign-in.js';
import { syncPage } from './pages/sync.js';
import { type ConsoleEnv, createSessions, type Sessions } from './session.js';

/** What the console adds to the server beside its routes. */
export interface ConsoleDoor {
  /** The console's 404 page, inside its layout (with the navigation when signed in). */
  notFound: (c: Context<ServerEnv>) => Promise<Response>;
}

/** The doors for programs, which answer JSON even to a browser: the API, MCP, the probes, sync webhooks. */
const machinePaths = /^\/(v1|mcp|openapi\.json|healthz|readyz|sync)(\/|$)/;

/** Whether a request no route matched should get the console's HTML 404: a browser asking for a page. */
export function wantsConsolePage(c: Context): boolean {
  return !machinePaths.test(c.req.path) && (c.req.header('accept') ?? '').includes('text/html');
}

/**
 * The web console: server-rendered pages over the same operations as the API, signed in with a token
 * (then an HttpOnly, SameSite=Strict session cookie); every form post must come from this origin.
 */
export function registerConsole(app: Hono<ServerEnv>, services: ServerServices): ConsoleDoor {
  const sessions = createSessions(services.store);
  const web = new Hono<ConsoleEnv>();
  const signedIn = sessions.require();

  web.onError((error, c) => errorPage(c, error));
  web.get('/console.css', (c) => c.body(consoleCss, 200, { 'content-type': 'text/css; charset=utf-8' }));
  web.get('/console.js', (c) => c.body(consoleJs, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  web.get('/', async (c) => c.redirect((await sessions.current(c)) ? '/documents' : '/sign-in'));
  web.get('/sign-in', (c) => signInPage(c));
  web.post('/sign-in', (c) => signIn(c, services.store, sessions));
  web.post('/sign-out', signedIn, async (c) => {
    await sessions.close(c);
    return c.redirect('/sign-in', 303);
  });

  web.get('/documents', signedIn, (c) => documentsPage(c, services));
  web.get('/document', signedIn, (c) => documentPage(c, services));
  web.get('/edit', signedIn, (c) => editPage(c, services));
  web.post('/edit', signedIn, (c) => saveEdit(c, services));
  web.get('/history', signedIn, (c) => historyPage(c, services));
  web.post('/revert', signedIn, (c) => revertAction(c, services));
  web.post('/delete', signedIn, (c) => deleteAction(c, services));
  web.on(['GET', 'POST'], '/ask', signedIn, (c) => askPage(c, services));
  web.on(['GET', 'POST'], '/diagnose', signedIn, (c) => diagnosePage(c, services));
  web.on(['GET', 'POST'], '/lint', signedIn, (c) => lintPage(c, services));
  web.get('/view-as', signedIn, (c) => viewAsPage(c, services));
  web.post('/view-as', signedIn, (c) => setViewAs(c, services, sessions));
  web.get('/answers', signedIn, (c) => answersPage(c, services));
  web.on(['GET', 'POST'], '/forget', signedIn, (c) => forgetPage(c, services));
  web.get('/sync', signedIn, (c) => syncPage(c, services));
  app.route('/', web as unknown as Hono<ServerEnv>);
  return { notFound: (c) => notFoundPage(c, services, sessions) };
}

async function notFoundPage(c: Context<ServerEnv>, services: ServerServices, sessions: Sessions): Promise<Response> {
  const title = 'not found';
  const message = html`<h1>${title}</h1>
    <p class="error" data-testid="error">not found: there is no page at ${c.req.path}</p>`;
  // A store that cannot be read still gets the page, as to a visitor who is not signed in.
  const session = await sessions.current(c).catch(() => undefined);
  if (!session) {
    return c.html(layout({ title, body: html`${message}<p><a href="/sign-in">Sign in</a></p>` }), 404);
  }
  const self = await readerFor(services.store, session.principal);
  const body = html`${message}<p><a href="/documents">Back to the documents</a></p>`;
  const options = { title, principal: session.principal, viewAs: session.viewAs, admin: hasRole(self, 'admin') };
  return c.html(layout({ ...options, body }), 404);
}

/**
 * An error as a page: the same statuses and messages as the API (a hidden document is "not found"), inside
 * the signed-in layout (navigation kept) when the request had a session.
 */
function errorPage(c: Context<ConsoleEnv>, error: unknown): Response | Promise<Response> {
  const { status, body } = errorResponse(error);
  const title = SeamError.isInstance(error) ? body.error.code.replace('_', ' ') : 'error';
  const content = html`<h1>${title}</h1>
    <p class="error" data-testid="error">${body.error.message}</p>
    <p><a href="/documents">Back to the documents</a></p>`;
  const signedIn = (c.get('principal') as string | undefined) !== undefined;
  return c.html(signedIn ? pageFor(c, title, content) : layout({ title, body: content }), status);
}
