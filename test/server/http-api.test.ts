import { describe, expect, it } from 'vitest';
import { seam } from '../helpers/cli.js';
import { fixtureDocuments, startFixtureServer } from './fixture.js';

const fixture = await startFixtureServer({ limits: { bodyBytes: 64 * 1024, timeoutMs: 10_000 } });
const { request } = fixture;
const json = async (response: Response) => (await response.json()) as Record<string, unknown>;

describe('the HTTP API: tokens', () => {
  it('serves /healthz without a token and refuses everything else without a valid one', async () => {
    expect((await request('/healthz')).status).toBe(200);
    for (const path of ['/v1/search?q=refund', '/v1/documents', '/openapi.json', '/v1/documents/plans']) {
      const missing = await request(path);
      expect(missing.status, path).toBe(401);
      expect(await json(missing)).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
      const bad = await request(path, { headers: { authorization: `Bearer seam_${'x'.repeat(43)}` } });
      expect(bad.status, path).toBe(401);
    }
  });

  it('stops accepting a token as soon as it is revoked', async () => {
    const { createToken, revokeToken } = await import('../../src/server/tokens.js');
    const { token } = await createToken({
      store: fixture.store,
      principal: 'sam',
      name: 'short-lived',
      now: new Date(),
    });
    const headers = { authorization: `Bearer ${token}` };
    expect((await fetch(`${fixture.url}/v1/documents`, { headers })).status).toBe(200);
    await revokeToken(fixture.store, 'short-lived');
    expect((await fetch(`${fixture.url}/v1/documents`, { headers })).status).toBe(401);
  });
});

describe('the HTTP API: reads answer with the CLI --json objects', () => {
  it('search is the kb search --json object, filtered by the token principal', async () => {
    const path = '/v1/search?q=refund%20chargeback&k=5&as_of=2026-11-25';
    const asBea = await json(await request(path, { as: 'bea' }));
    const cli = await seam(['kb', 'search', 'refund chargeback', '--as', 'bea', '--as-of', '2026-11-25', '--json'], {
      db: fixture.db,
    });
    expect(asBea).toEqual(cli.json());
    const ids = (hits: unknown) => (hits as { id: string }[]).map((hit) => hit.id);
    expect(ids(asBea.hits)).toContain('chargeback-playbook');
    expect(ids((await json(await request(path, { as: 'sam' }))).hits)).not.toContain('chargeback-playbook');
  });

  it('show, list and history match the CLI; show sends the version as an ETag', async () => {
    const shown = await request('/v1/documents/refund-policy', { as: 'sam' });
    expect(shown.headers.get('etag')).toBe('"2"');
    const body = await json(shown);
    const cli = (await seam(['kb', 'show', 'refund-policy', '--as', 'sam', '--json'], { db: fixture.db })).json();
    expect(body).toEqual({ ...(cli as object), source: null });
    expect(body).toMatchObject({ id: 'refund-policy', version: 2, title: 'Refunds', collection: 'policy', acl: null });

    const first = await json(await request('/v1/documents/refund-policy?version=1', { as: 'sam' }));
    expect(first.body).toContain('30 days');
    const history = await json(await request('/v1/documents/refund-policy/history', { as: 'sam' }));
    expect(history).toEqual(
      (await seam(['kb', 'history', 'refund-policy', '--as', 'sam', '--json'], { db: fixture.db })).json(),
    );
    const list = await json(await request('/v1/documents', { as: 'sam' }));
    expect((list.documents as { id: string }[]).map((entry) => entry.id)).toEqual(['plans', 'refund-policy']);
  });

  it('diff answers { id, from, to, diff }', async () => {
    const diff = await json(await request('/v1/documents/refund-policy/diff?from=1&to=2', { as: 'sam' }));
    expect(diff).toMatchObject({ id: 'refund-policy', from: 1, to: 2 });
    expect(diff.diff).toMatch(
      /-Customers may return items within 30 days[\s\S]*\+Customers may return items within 14 days/,
    );
  });

  it('a document the caller may not read answers 404 exactly like a missing one, on every route', async () => {
    const routes = ['', '/history', '/diff?from=1&to=1', '?version=1'];
    for (const route of routes) {
      const hidden = await request(`/v1/documents/chargeback-playbook${route}`, { as: 'sam' });
      const missing = await request(`/v1/documents/no-such-doc${route}`, { as: 'sam' });
      expect([hidden.status, missing.status], route).toEqual([404, 404]);
      const text = (await hidden.text()).replaceAll('chargeback-playbook', 'ID');
      expect(text, route).toBe((await missing.text()).replaceAll('no-such-doc', 'ID'));
      expect(text).not.toMatch(/Chargeback playbook|Kestrel|billing/);
    }
    expect((await request('/v1/documents/chargeback-playbook', { as: 'bea' })).status).toBe(200);
  });

  it('describes every route in an OpenAPI 3.1 document', async () => {
    const spec = await json(await request('/openapi.json', { as: 'sam' }));
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths as object).sort()).toEqual([
      '/v1/ask',
      '/v1/diagnose',
      '/v1/documents',
      '/v1/documents/{id}',
      '/v1/documents/{id}/diff',
      '/v1/documents/{id}/history',
      '/v1/documents/{id}/revert',
      '/v1/forget',
      '/v1/forget/receipts',
      '/v1/search',
    ]);
  });
});

describe('the HTTP API: writes', () => {
  const edited = fixtureDocuments.plans.replace('$16', '$18');
  const put = (id: string, body: string, as: 'ada' | 'eve' | 'sam' | 'bea', headers: Record<string, string> = {}) =>
    request(`/v1/documents/${id}`, {
      method: 'PUT',
      as,
      body,
      headers: { 'content-type': 'text/markdown', ...headers },
    });

  it('needs the role editor (403), and read access to what it overwrites (404)', async () => {
    const refused = await put('plans', edited, 'sam');
    expect(refused.status).toBe(403);
    expect(await json(refused)).toEqual({ error: { code: 'permission', message: expect.stringContaining('editor') } });
    const hidden = await put('chargeback-playbook', fixtureDocuments.chargebacks.replace('Kestrel', 'Osprey'), 'eve');
    expect(hidden.status).toBe(404);
    const playbook = await json(await request('/v1/documents/chargeback-playbook', { as: 'bea' }));
    expect(playbook.body).toContain('Kestrel');
  });

  it('If-Match: the current version writes; a stale one is 412 conflict and loses nothing', async () => {
    const ok = await put('plans', edited, 'eve', { 'if-match': '"1"' });
    expect(ok.status).toBe(200);
    expect(await json(ok)).toEqual({ id: 'plans', version: 2, status: 'updated' });
    expect(ok.headers.get('etag')).toBe('"2"');
    const stale = await put('plans', fixtureDocuments.plans.replace('$16', '$20'), 'eve', { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect((await json(stale)).error).toMatchObject({ code: 'conflict' });
    const now = await json(await request('/v1/documents/plans', { as: 'sam' }));
    expect([now.version, now.author]).toEqual([2, 'eve']);
    expect(now.body).toContain('$18');
  });

  it('revert makes a new version, and delete removes the document', async () => {
    const reverted = await request('/v1/documents/plans/revert', {
      method: 'POST',
      as: 'eve',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: 1, message: 'price change withdrawn' }),
    });
    expect(await json(reverted)).toEqual({ id: 'plans', version: 3 });
    const created = await put('scratch', '# Scratch\n\nA note.\n', 'eve');
    expect(await json(created)).toEqual({ id: 'scratch', version: 1, status: 'created' });
    const removed = await request('/v1/documents/scratch', { method: 'DELETE', as: 'eve' });
    expect(await json(removed)).toEqual({ id: 'scratch', deleted: true });
    expect((await request('/v1/documents/scratch', { as: 'eve' })).status).toBe(404);
  });

  it('validates input: errors are { error: { code, message } } with no stack', async () => {
    const cases: [Promise<Response>, number, string][] = [
      [request('/v1/search?q=refund&k=0', { as: 'sam' }), 400, 'input'],
      [request('/v1/search?q=refund&as_of=tomorrow', { as: 'sam' }), 400, 'input'],
      [put('plans', edited, 'eve', { 'if-match': 'yesterday' }), 400, 'input'],
      [put('plans', 'x', 'eve', { 'content-type': 'application/json' }), 415, 'unsupported_media_type'],
      [put('plans', '---\nid: other\n---\n# Other\n', 'eve'), 400, 'input'],
      [put('plans', '---\nacl: billing\n---\n# x\n', 'eve'), 400, 'input'],
      [put('big', `# Big\n\n${'word '.repeat(20_000)}`, 'eve'), 413, 'too_large'],
      [
        request('/v1/ask', {
          method: 'POST',
          as: 'sam',
          body: '{"question":',
          headers: { 'content-type': 'application/json' },
        }),
        400,
        'input',
      ],
      [request('/v1/nothing', { as: 'sam' }), 404, 'not_found'],
    ];
    for (const [pending, status, code] of cases) {
      const response = await pending;
      const body = await response.text();
      expect([response.status, body], body).toEqual([status, expect.stringContaining(`"code":"${code}"`)]);
      expect(body).not.toMatch(/ at .*\.(js|ts):\d+/);
    }
  });
});

describe('the HTTP API: ask and diagnose', () => {
  it('answers as the token principal, cites versions, and logs the answer', async () => {
    const response = await request('/v1/ask', {
      method: 'POST',
      as: 'sam',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: 'How long is the refund window?' }),
    });
    const result = await json(response);
    expect(result.answer).toContain('14 days');
    expect(result.citations).toEqual([expect.objectContaining({ id: 'refund-policy', version: 2 })]);
    expect((result.trace as { principal: { id: string } }).principal.id).toBe('sam');
    const [logged] = await fixture.store.recentAnswers({ limit: 1, citing: { id: 'refund-policy', version: 2 } });
    expect(logged).toMatchObject({ principal: 'sam', question: 'How long is the refund window?' });
  });

  it('never lets a support token learn the restricted playbook through ask', async () => {
    const result = await json(
      await request('/v1/ask', {
        method: 'POST',
        as: 'sam',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: 'How do we handle an open chargeback?' }),
      }),
    );
    expect(JSON.stringify(result)).not.toMatch(/Kestrel|chargeback-playbook/);
  });

  it('diagnoses a complaint', async () => {
    const result = await json(
      await request('/v1/diagnose', {
        method: 'POST',
        as: 'sam',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: "it still quotes last year's prices" }),
      }),
    );
    expect(result.categories).toContain('current_facts');
  });
});
