import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { InputError, NotFoundError } from '../errors.js';
import type { KnowledgeStore, StoredToken } from '../store/knowledge-store.js';

/**
 * API tokens. A token is `seam_` and 43 characters of base64url (32 random bytes). The store keeps its
 * first characters (`prefix`, to find the row) and the SHA-256 of the whole token; the token itself is
 * shown once, at creation, and never stored or logged. Verification compares hashes in constant time.
 */

const tokenPattern = /^seam_[A-Za-z0-9_-]{43}$/;
const prefixLength = 13; // `seam_` and 8 characters: 48 random bits to find the row, never enough to use it
const namePattern = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/** The roles the server's doors check: `editor` writes documents it may read; `admin` manages principals and tokens. */
export const serverRoles = { editor: 'editor', admin: 'admin' } as const;

export interface CreatedToken {
  token: string;
  name: string;
  principal: string;
  prefix: string;
  created_at: string;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Create a token for a registered principal. The result holds the only copy of the token. */
export async function createToken(options: {
  store: KnowledgeStore;
  principal: string;
  name?: string | undefined;
  now: Date;
}): Promise<CreatedToken> {
  const { store, principal } = options;
  if (!(await store.getPrincipal(principal))) {
    throw new NotFoundError(
      principal,
      `not found: no principal '${principal}' (add it first: seam principal add ${principal} --roles ...)`,
    );
  }
  if (options.name !== undefined && !namePattern.test(options.name)) {
    throw new InputError(`must use letters, digits, . _ @ or - (at most 64), got '${options.name}'`, {
      field: '--name',
    });
  }
  const token = `seam_${randomBytes(32).toString('base64url')}`;
  const prefix = token.slice(0, prefixLength);
  const created_at = options.now.toISOString();
  const name = options.name ?? `${principal}-${prefix.slice(5)}`;
  await store.putToken({ name, principal, prefix, hash: hashToken(token), created_at });
  return { token, name, principal, prefix, created_at };
}

/** The stored token a presented one matches, or `undefined` (malformed, unknown, revoked or wrong). */
export async function verifyToken(store: KnowledgeStore, presented: string): Promise<StoredToken | undefined> {
  if (!tokenPattern.test(presented)) return undefined;
  const stored = await store.findToken(presented.slice(0, prefixLength));
  if (!stored) return undefined;
  const expected = Buffer.from(stored.hash, 'hex');
  const actual = Buffer.from(hashToken(presented), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? stored : undefined;
}

/**
 * Revoke by exact name, else by prefix (of the token as `token list` shows it). A prefix that matches
 * several tokens is refused rather than revoking more than was meant.
 */
export async function revokeToken(store: KnowledgeStore, nameOrPrefix: string): Promise<Omit<StoredToken, 'hash'>> {
  const tokens = await store.listTokens();
  const byName = tokens.find((token) => token.name === nameOrPrefix);
  const matches = byName
    ? [byName]
    : tokens.filter(
        (token) =>
          nameOrPrefix.length >= 5 && (token.prefix.startsWith(nameOrPrefix) || nameOrPrefix.startsWith(token.prefix)),
      );
  const [match] = matches;
  if (!match) throw new NotFoundError(nameOrPrefix, `not found: no token named or starting with '${nameOrPrefix}'`);
  if (matches.length > 1) {
    throw new InputError(`'${nameOrPrefix}' matches ${matches.length} tokens; give a name or a longer prefix`, {
      field: '<name-or-prefix>',
    });
  }
  await store.removeToken(match.name);
  return match;
}
