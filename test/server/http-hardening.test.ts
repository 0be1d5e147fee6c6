import { openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/serve.js';
import { createServices } from '../../src/server/services.js';
import { tempDir } from '../helpers/temp.js';
import { seedFixtureStore, startFixtureServer } from './fixture.js';

/** The small failures a security reviewer found (issue 20): each as a client meets it. */

const fixture = await startFixtureServer({
  limits: { bodyBytes: 16 * 1024, timeoutMs: 10_000 },
  policy: { trustProxy: true },
});
const { request } = fixture;
const errorOf = async (response: Response) =>
  ((await response.json()) as { error: { code: string; message: string } }).error;

describe('dates that name no day', () => {
  it('as_of=2026-13-45 is 400 input on search, document and ask', async () => {
    const answers = [
      await request('/v1/search?q=refund&as_of=2026-13-45', { as: 'sam' }),
      await request('/v1/documents/refund-policy?as_of=2026-13-45', { as: 'sam' }),
      await request('/v1/ask', {
        as: 'sam',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: 'refund window?', as_of: '2026-02-30' }),
      }),
    ];
    for (const answer of answers) {
      expect(answer.status, answer.url).toBe(400);
      expect(await errorOf(answer)).toEqual({ code: 'input', message: expect.stringMatching(/as_of/) });
    }
    expect((await request('/v1/search?q=refund&as_of=2026-12-31', { as: 'sam' })).status).toBe(200);
  });
});

describe('request bodies', () => {
  it("after a 413 the client's next requests succeed (the server says Connection: close)", async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const tooLarge = await request('/v1/documents/big', {
        as: 'eve',
        method: 'PUT',
        headers: { 'content-type': 'text/markdown' },
        body: `# Big\n\n${'x'.repeat(256 * 1024)}`,
      });
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.headers.get('connection')).toBe('close');
      expect((await errorOf(tooLarge)).code).toBe('too_large');
      for (let next = 0; next < 3; next++) expect((await request('/v1/documents', { as: 'sam' })).status).toBe(200);
    }
  });

  it('a PUT that is not UTF-8 is refused with 400, and nothing is stored', async () => {
    const body = Buffer.concat([Buffer.from('# Caf'), Buffer.from([0xe9]), Buffer.from(' menu\n\nOpen \xff daily.\n')]);
    const refused = await request('/v1/documents/cafe-menu', {
      as: 'eve',
      method: 'PUT',
      headers: { 'content-type': 'text/markdown' },
      body,
    });
    expect(refused.status).toBe(400);
    expect(await errorOf(refused)).toMatchObject({ code: 'input', message: expect.stringMatching(/UTF-8/) });
    expect((await request('/v1/documents/cafe-menu', { as: 'eve' })).status).toBe(404);
    const accepted = await request('/v1/documents/cafe-menu', {
      as: 'eve',
      method: 'PUT',
      headers: { 'content-type': 'text/markdown' },
      body: Buffer.from('# Café menu\n\nOpen daily.\n', 'utf8'),
    });
    expect(accepted.status).toBe(200);
    expect(
      ((await (await request('/v1/documents/cafe-menu', { as: 'eve' })).json()) as { body: string }).body,
    ).toContain('Café');
  });
});

describe('the Authorization scheme', () => {
  it('is case-insensitive: bearer and BEARER work like Bearer', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      const response = await fetch(`${fixture.url}/v1/documents`, {
        headers: { authorization: `${scheme} ${fixture.tokens.sam}` },
      });
      expect(response.status, scheme).toBe(200);
    }
    const basic = await fetch(`${fixture.url}/v1/documents`, {
      headers: { authorization: `Basic ${fixture.tokens.sam}` },
    });
    expect(basic.status).toBe(401);
  });
});

describe('caching and cookies', () => {
  const signIn = (headers: Record<string, string>) =>
    fetch(`${fixture.url}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: fixture.url, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({ token: fixture.tokens.sam }),
    });

  it('private answers, API and console alike, say Cache-Control: no-store', async () => {
    const cookie = ((await signIn({})).headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const answers = [
      await request('/v1/search?q=refund', { as: 'sam' }),
      await request('/v1/documents/refund-policy', { as: 'sam' }),
      await request('/openapi.json', { as: 'sam' }),
      await request('/v1/documents', {}),
      await fetch(`${fixture.url}/documents`, { headers: { cookie } }),
      await fetch(`${fixture.url}/document?id=refund-policy`, { headers: { cookie } }),
      await fetch(`${fixture.url}/sign-in`),
    ];
    for (const answer of answers) expect(answer.headers.get('cache-control'), answer.url).toBe('no-store');
    expect(answers[4]?.status).toBe(200);
  });

  it('the session cookie is Secure over HTTPS (X-Forwarded-Proto from a trusted proxy), not over plain HTTP', async () => {
    const plain = (await signIn({})).headers.get('set-cookie') ?? '';
    const https =
      (await signIn({ 'x-forwarded-proto': 'https', 'x-forwarded-host': new URL(fixture.url).host })).headers.get(
        'set-cookie',
      ) ?? '';
    expect(plain).toMatch(/HttpOnly/i);
    expect(plain).not.toMatch(/;\s*Secure/i);
    expect(https).toMatch(/;\s*Secure/i);
  });
});

describe('a store that fails', () => {
  const folder = tempDir('seam-store-down-');
  const db = join(folder, 'seam.db');
  let damaged: { url: string; close(): Promise<void> } | undefined;
  afterAll(() => damaged?.close());

  it('answers 503 with Retry-After, naming no path, even before the token is known', async () => {
    const { store, tokens } = await seedFixtureStore(db);
    damaged = await startServer({ services: createServices({ store, env: {} }), host: '127.0.0.1', port: 0 });
    // Move everything into the main file, then overwrite it: the open store now reads garbage.
    const other = new Database(db);
    other.pragma('wal_checkpoint(TRUNCATE)');
    other.close();
    const handle = openSync(db, 'r+');
    writeSync(handle, Buffer.alloc(8192, 0x5a), 0, 8192, 0);
    const answers = [
      await fetch(`${damaged.url}/v1/documents`, { headers: { authorization: `Bearer ${tokens.sam}` } }),
      await fetch(`${damaged.url}/v1/search?q=refund`, { headers: { authorization: `Bearer seam_${'x'.repeat(43)}` } }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
      const text = await answer.text();
      expect(JSON.parse(text)).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
      expect(text).not.toContain(folder);
      expect(text).not.toMatch(/seam\.db|sqlite/i);
    }
    expect((await fetch(`${damaged.url}/healthz`)).status).toBe(200);
  });
});
