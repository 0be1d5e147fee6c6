import { createHash, randomBytes } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { type Reader, readerFor } from '../access.js';
import { isHttps } from '../server/middleware/client-info.js';
import type { KnowledgeStore } from '../store/knowledge-store.js';

/**
 * Console sessions. Signing in with a token creates a random session id, sent as an HttpOnly,
 * SameSite=Strict cookie; the server keeps the id's hash, the token's prefix and hash, and checks on every
 * request that the token still exists (revoking the token ends its sessions). Sessions live in memory:
 * restarting the server signs everyone out.
 */

export const cookieName = 'seam_session';
const lifetimeMs = 12 * 60 * 60 * 1000;

export interface ConsoleSession {
  principal: string;
  tokenPrefix: string;
  tokenHash: string;
  expires: number;
  /** An admin looking at the console as another principal (reads only). */
  viewAs?: string | undefined;
}

export interface ConsoleVariables {
  session: ConsoleSession;
  /** Whom reads are made as: the signed-in principal, or the one an admin views as. */
  reader: Reader;
  /** The signed-in principal's own reader (roles for writes and admin pages). */
  self: Reader;
  principal: string;
}

export interface ConsoleEnv {
  Variables: ConsoleVariables;
}

const hashId = (id: string) => createHash('sha256').update(id).digest('hex');

export function createSessions(store: KnowledgeStore) {
  const sessions = new Map<string, ConsoleSession>();

  return {
    open(context: Context, token: { principal: string; prefix: string; hash: string }): void {
      const id = randomBytes(32).toString('base64url');
      sessions.set(hashId(id), {
        principal: token.principal,
        tokenPrefix: token.prefix,
        tokenHash: token.hash,
        expires: Date.now() + lifetimeMs,
      });
      setCookie(context, cookieName, id, {
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
        maxAge: lifetimeMs / 1000,
        // Over HTTPS (directly, or behind a proxy trusted with --trust-proxy) the cookie never travels in clear.
        secure: isHttps(context),
      });
    },

    close(context: Context): void {
      const id = getCookie(context, cookieName);
      if (id) sessions.delete(hashId(id));
      deleteCookie(context, cookieName, { path: '/' });
    },

    /** The live session of a request, or `undefined` (none, expired, or its token was revoked). */
    async current(context: Context): Promise<ConsoleSession | undefined> {
      const id = getCookie(context, cookieName);
      const key = id === undefined ? undefined : hashId(id);
      const session = key === undefined ? undefined : sessions.get(key);
      if (!key || !session) return undefined;
      const token = await store.findToken(session.tokenPrefix);
      if (session.expires < Date.now() || !token || token.hash !== session.tokenHash) {
        sessions.delete(key);
        return undefined;
      }
      return session;
    },

    /** Pages need a session (else: to the sign-in page); writes need a same-origin `Origin` (else 403). */
    require(): MiddlewareHandler<ConsoleEnv> {
      return async (context, next) => {
        const session = await this.current(context);
        if (!session) return context.redirect('/sign-in');
        if (context.req.method !== 'GET' && context.req.method !== 'HEAD' && !sameOrigin(context)) {
          return context.text('refused: this form was not sent from the console (Origin check)', 403);
        }
        const self = await readerFor(store, session.principal);
        context.set('session', session);
        context.set('self', self);
        context.set('principal', session.principal);
        context.set('reader', session.viewAs === undefined ? self : await readerFor(store, session.viewAs));
        await next();
      };
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;

/** Whether a state-changing request comes from a page of this server (its `Origin` is this host). */
export function sameOrigin(context: Context): boolean {
  const origin = context.req.header('origin');
  const host = context.req.header('host');
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
