import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyToken } from '../../src/server/tokens.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { seam } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const root = tempDir('seam-tokens-');

/** Every file of the store (the database, its write-ahead log and shared memory), concatenated. */
function storeBytes(folder: string): Buffer {
  return Buffer.concat(readdirSync(folder).map((name) => readFileSync(join(folder, name))));
}

describe('seam token', () => {
  const folder = join(root, 'store');
  const db = join(folder, 'seam.db');

  it('prints a token once, stores only its hash, lists and revokes it', async () => {
    expect((await seam(['principal', 'add', 'bot', '--roles', 'support'], { db })).code).toBe(0);
    const created = await seam(['token', 'create', 'bot', '--name', 'prod-bot', '--json'], { db });
    expect(created.code, created.stderr).toBe(0);
    const { token, name, principal } = created.json() as { token: string; name: string; principal: string };
    expect(token).toMatch(/^seam_[A-Za-z0-9_-]{43}$/);
    expect([name, principal]).toEqual(['prod-bot', 'bot']);

    // The token's secret part is nowhere in the store's files, nor in what `list` prints.
    const secret = Buffer.from(token.slice(13));
    expect(storeBytes(folder).includes(secret)).toBe(false);
    const listed = await seam(['token', 'list'], { db });
    expect(listed.stdout).toContain('prod-bot');
    expect(listed.stdout).not.toContain(token.slice(13));

    const store = openSqliteStore({ path: db });
    try {
      expect((await verifyToken(store, token))?.principal).toBe('bot');
      // One character changed: same prefix, different hash.
      const wrong = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
      expect(await verifyToken(store, wrong)).toBeUndefined();
      expect(await verifyToken(store, 'not-a-token')).toBeUndefined();
    } finally {
      await store.close();
    }

    expect((await seam(['token', 'create', 'bot', '--name', 'prod-bot'], { db })).code).toBe(2);
    const revoked = await seam(['token', 'revoke', token.slice(0, 10)], { db });
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toContain("revoked token 'prod-bot'");
    const after = openSqliteStore({ path: db });
    try {
      expect(await verifyToken(after, token)).toBeUndefined();
    } finally {
      await after.close();
    }
  });

  it('refuses a token for a principal that was never added', async () => {
    const result = await seam(['token', 'create', 'nobody'], { db });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no principal 'nobody'");
  });

  it('refuses an ambiguous prefix instead of revoking several tokens', async () => {
    await seam(['token', 'create', 'bot', '--name', 'one'], { db });
    await seam(['token', 'create', 'bot', '--name', 'two'], { db });
    const result = await seam(['token', 'revoke', 'seam_'], { db });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/matches \d tokens/);
  });
});
