import { createHash, randomBytes } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { type Reader, readerFor } from '../access.js';
import type { KnowledgeStore, StoredSession } from '../store/knowledge-store.js';

/**
 * Console sessions. Signing in with a token creates a random session id, sent as an HttpOnly,
 * SameSite=Strict cookie; the store keeps the id's hash (never the id), the token's prefix and hash, and
 * every request checks that the token still exists (revoking the token ends its sessions). Sessions live
 * in the store, so every server on it serves them, a restart keeps them, and signing out ends one everywhere.
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

/** A session as the store keeps it. */
function toStored(hash: string, session: ConsoleSession): StoredSession {
  return {
    hash,
    principal: session.principal,
    token_prefix: session.tokenPrefix,
    token_hash: session.tokenHash,
    expires_at: new Date(session.expires).toISOString(),
    view_as: session.viewAs ?? null,
  };
}

export function createSessions(store: KnowledgeStore) {
  return {
    async open(context: Context, token: { principal: string; prefix: string; hash: string }): Promise<void> {
      const id = randomBytes(32).toString('base64url');
      const session = {
        principal: token.principal,
        tokenPrefix: token.prefix,
        tokenHash: token.hash,
        expires: Date.now() + lifetimeMs,
      };
      await store.putSession(toStored(hashId(id), session));
      setCookie(context, cookieName, id, { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: lifetimeMs / 1000 });
    },

    async close(context: Context): Promise<void> {
      const id = getCookie(context, cookieName);
      if (id) await store.removeSession(hashId(id));
      deleteCookie(context, cookieName, { path: '/' });
    },

    /** Change what an admin views the console as, for this session on every server. */
    async viewAs(context: Context, principal: string | undefined): Promise<void> {
      const id = getCookie(context, cookieName);
      const session = await this.current(context);
      if (id && session) await store.putSession(toStored(hashId(id), { ...session, viewAs: principal }));
    },

    /** The live session of a request, or `undefined` (none, expired, signed out, or its token was revoked). */
    async current(context: Context): Promise<ConsoleSession | undefined> {
      const id = getCookie(context, cookieName);
      if (id === undefined) return undefined;
      const stored = await store.findSession(hashId(id), { now: new Date().toISOString() });
      if (!stored) return undefined;
      const token = await store.findToken(stored.token_prefix);
      if (!token || token.hash !== stored.token_hash) {
        await store.removeSession(stored.hash);
        return undefined;
      }
      return {
        principal: stored.principal,
        tokenPrefix: stored.token_prefix,
        tokenHash: stored.token_hash,
        expires: Date.parse(stored.expires_at),
        viewAs: stored.view_as ?? undefined,
      };
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
