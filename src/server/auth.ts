import type { Context, MiddlewareHandler } from 'hono';
import { type Reader, readerFor } from '../access.js';
import type { KnowledgeStore } from '../store/knowledge-store.js';
import { errorBody } from './http-errors.js';
import type { ClientVariables } from './middleware/client-info.js';
import { verifyToken } from './tokens.js';

/** What the auth step puts on every authenticated request: the reader decided from the token, in code. */
export interface AuthVariables {
  reader: Reader;
  principal: string;
}

export interface ServerEnv {
  Variables: AuthVariables & ClientVariables;
}

/**
 * The bearer token of a request, if it has exactly one well-formed `Authorization: Bearer` header. The
 * scheme is case-insensitive (RFC 9110 §11.1): `bearer` and `BEARER` are as good as `Bearer`.
 */
export function bearerToken(context: Context): string | undefined {
  const header = context.req.header('authorization');
  const match = header?.match(/^Bearer +([A-Za-z0-9_-]+)$/i);
  return match?.[1];
}

/**
 * Require a valid token: 401 otherwise. The token's principal becomes the reader; its roles are read
 * from the store on every request, so a role change or a revocation applies to the next request.
 */
export function requireToken(store: KnowledgeStore): MiddlewareHandler<ServerEnv> {
  return async (context, next) => {
    const token = bearerToken(context);
    const stored = token === undefined ? undefined : await verifyToken(store, token);
    if (!stored) {
      context.header('WWW-Authenticate', 'Bearer realm="seam"');
      return context.json(errorBody('unauthorized', 'a valid token is required: Authorization: Bearer <token>'), 401);
    }
    context.set('principal', stored.principal);
    context.set('reader', await readerFor(store, stored.principal));
    await next();
  };
}
