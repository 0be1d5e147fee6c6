import type { Context } from 'hono';
import { html } from 'hono/html';
import { verifyToken } from '../../server/tokens.js';
import type { KnowledgeStore } from '../../store/knowledge-store.js';
import { layout } from '../layout.js';
import { type Sessions, sameOrigin } from '../session.js';

function signInForm(c: Context, problem?: string, status: 200 | 401 | 403 = 200): Response | Promise<Response> {
  return c.html(
    layout({
      title: 'Sign in',
      body: html`<h1>Sign in</h1>
        <p class="meta">Paste a token from <code>seam token create &lt;principal&gt;</code>. It is checked once; the console then keeps an HttpOnly session cookie.</p>
        ${problem ? html`<p class="error" data-testid="error">${problem}</p>` : ''}
        <form class="toolbar" method="post" action="/sign-in">
          <input id="token" type="password" name="token" size="60" autocomplete="off" placeholder="seam_..." aria-label="token" />
          <button type="submit">Sign in</button>
        </form>`,
    }),
    status,
  );
}

export function signInPage(c: Context): Response | Promise<Response> {
  return signInForm(c);
}

export async function signIn(c: Context, store: KnowledgeStore, sessions: Sessions): Promise<Response> {
  if (!sameOrigin(c)) return signInForm(c, 'This form must be sent from the console itself.', 403);
  const form = await c.req.parseBody();
  const token = typeof form.token === 'string' ? form.token.trim() : '';
  const stored = await verifyToken(store, token);
  if (!stored) return signInForm(c, 'That token is not valid (mistyped, or revoked).', 401);
  await sessions.open(c, stored);
  return c.redirect('/documents', 303);
}
