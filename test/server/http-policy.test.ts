import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createAccessLogger } from '../../src/server/middleware/access-log.js';
import { startFixtureServer } from './fixture.js';

/** Who may call, how often they may fail, and what the server writes down about it (docs/serve.md). */

const lines: string[] = [];
const capture = new Writable({
  write(chunk, _encoding, done) {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    done();
  },
});
const partner = 'https://assistant.example.com';
const fixture = await startFixtureServer({
  policy: {
    trustProxy: true,
    allowedOrigins: [partner],
    authFailures: { limit: 3, windowSeconds: 60 },
    accessLog: createAccessLogger(capture),
  },
});
const list = { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} };
const mcp = (headers: Record<string, string>) =>
  fetch(`${fixture.url}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify(list),
  });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('Origin on /mcp', () => {
  it('allows no Origin (non-browser clients), its own origin and a configured one', async () => {
    for (const origin of [undefined, fixture.url, partner]) {
      const response = await mcp({ ...bearer(fixture.tokens.sam), ...(origin ? { origin } : {}) });
      expect(response.status, origin).toBe(200);
      expect(((await response.json()) as { result: { tools: unknown[] } }).result.tools).toHaveLength(3);
    }
  });

  it('refuses any other origin with 403, token or not, before the token is looked at', async () => {
    for (const origin of [
      'http://evil.example',
      'null',
      `${fixture.url.replace('127.0.0.1', 'localhost')}`,
      'https://assistant.example.com.evil.example',
    ]) {
      for (const headers of [bearer(fixture.tokens.sam), {}]) {
        const response = await mcp({ ...headers, origin });
        expect(response.status, origin).toBe(403);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe('origin');
      }
    }
  });

  it('answers a configured origin’s CORS preflight', async () => {
    const preflight = await fetch(`${fixture.url}/mcp`, {
      method: 'OPTIONS',
      headers: {
        origin: partner,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(partner);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
  });
});

describe('failed credentials', () => {
  const from = (address: string, headers: Record<string, string> = {}) =>
    fetch(`${fixture.url}/v1/documents`, { headers: { 'x-forwarded-for': `10.9.8.7, ${address}`, ...headers } });

  it('after the limit, an address gets 429 with Retry-After, even with a good token; others are not affected', async () => {
    const guess = bearer(`seam_${'Q'.repeat(43)}`);
    for (let attempt = 0; attempt < 3; attempt++) expect((await from('192.0.2.10', guess)).status).toBe(401);
    const blocked = await from('192.0.2.10', guess);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect((await from('192.0.2.10', bearer(fixture.tokens.sam))).status).toBe(429);
    expect((await fetch(`${fixture.url}/healthz`, { headers: { 'x-forwarded-for': '192.0.2.10' } })).status).toBe(200);
    expect((await from('192.0.2.11', bearer(fixture.tokens.sam))).status).toBe(200);
  });

  it('counts console sign-ins too, and not requests that bring no credential', async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await from('192.0.2.20')).status).toBe(401);
      const post = await fetch(`${fixture.url}/v1/ask`, {
        method: 'POST',
        headers: { 'x-forwarded-for': '192.0.2.20', 'content-type': 'application/json' },
        body: JSON.stringify({ question: 'refund?' }),
      });
      expect(post.status).toBe(401);
    }
    expect((await from('192.0.2.20', bearer(fixture.tokens.sam))).status).toBe(200);
    const signIn = () =>
      fetch(`${fixture.url}/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          origin: fixture.url,
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': '192.0.2.30',
        },
        body: new URLSearchParams({ token: 'seam_wrong' }),
      });
    const statuses = [];
    for (let attempt = 0; attempt < 4; attempt++) statuses.push((await signIn()).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});

describe('the access log', () => {
  it('has one JSON line per request: method, route, status, duration, principal; never a token, cookie or query', async () => {
    lines.length = 0;
    const secretWords = 'kestrel%20desk%20chargeback';
    await fetch(`${fixture.url}/v1/search?q=${secretWords}`, { headers: bearer(fixture.tokens.bea) });
    await fetch(`${fixture.url}/v1/documents/refund-policy`, { headers: bearer(fixture.tokens.sam) });
    await fetch(`${fixture.url}/v1/documents`, {
      headers: { ...bearer('seam_notatoken'), 'x-forwarded-for': '192.0.2.40' },
    });
    const signedIn = await fetch(`${fixture.url}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: fixture.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: fixture.tokens.ada }),
    });
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    await fetch(`${fixture.url}/documents`, { headers: { cookie } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.map((entry) => [entry.method, entry.route, entry.status, entry.principal])).toEqual([
      ['GET', '/v1/search', 200, 'bea'],
      ['GET', '/v1/documents/:id', 200, 'sam'],
      ['GET', '/v1/documents', 401, null],
      ['POST', '/sign-in', 303, null],
      ['GET', '/documents', 200, 'ada'],
    ]);
    for (const entry of entries) {
      expect(entry).toMatchObject({ ms: expect.any(Number), time: expect.any(String), ip: expect.any(String) });
    }
    const text = lines.join('\n');
    for (const secret of [
      ...Object.values(fixture.tokens),
      cookie.split('=')[1] ?? 'no cookie',
      'kestrel',
      'seam_notatoken',
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
