import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import { createApp } from '../../src/server/app.js';
import { type RunningServer, startServer } from '../../src/server/serve.js';
import { createServices } from '../../src/server/services.js';
import { createToken } from '../../src/server/tokens.js';
import type { KnowledgeStore } from '../../src/store/knowledge-store.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { tempDir } from '../helpers/temp.js';
import { buildFixture, dates, type FixtureReader, forbiddenFor, mayRead, readers, versions } from './fixture.js';
import { apiDoor, consoleDoor, type Exchange, mcpDoor } from './server-doors.js';
import { ids, leaksIn, probeConsole, probed, queries, question, readNoDocument, shape } from './server-probe-sweeps.js';

/**
 * The permission probe through `seam serve`'s doors: the same store, readers and versions as the command
 * line probe, read through every HTTP route that reads, the MCP tools and the console pages, each reader
 * with its own token. No marker word or price of a version the reader may not read reaches any status
 * line, header or body; an unreadable document or version answers exactly as a missing one; a token the
 * server does not know gets 401. The server has no operator: every request reads as a token's principal.
 */

const now = () => new Date('2026-11-25T12:00:00Z');
/** The fixture's principals, an admin (the answer log, view as) and an editor (the edit page, writes). */
const serverReaders: FixtureReader[] = [
  ...readers.filter((reader) => reader.as !== undefined),
  { as: 'ada', roles: ['admin'] },
  { as: 'eddie', roles: ['Editor', 'support'] },
];
const name = (reader: FixtureReader) => `${reader.as} (${reader.roles?.join(',') ?? 'removed, token kept'})`;
const cases = serverReaders.map((reader) => [name(reader), reader] as const);

let store: KnowledgeStore;
let server: RunningServer;
const tokens = new Map<string, string>();

beforeAll(async () => {
  store = openSqliteStore({ path: join(tempDir('seam-probe-server-'), 'seam.db'), now });
  await buildFixture(store);
  for (const reader of serverReaders) {
    const id = reader.as as string;
    if (reader.roles === undefined || !readers.includes(reader))
      await store.putPrincipal({ id, roles: [...(reader.roles ?? [])] });
    tokens.set(id, (await createToken({ store, principal: id, name: `${id}-probe`, now: now() })).token);
    // The never-added principal of the CLI probe: here, one removed after its token was made.
    if (reader.roles === undefined) await store.removePrincipal(id);
  }
  // Dozens of bad tokens from one address by design: past the default failure limit they would be 429, not 401.
  server = await startServer({
    services: createServices({ store, env: {}, now }),
    host: '127.0.0.1',
    port: 0,
    policy: { authFailures: { limit: 1000, windowSeconds: 60 } },
  });
});
afterAll(async () => {
  await server?.close();
  await store?.close();
});

describe('permission probe through seam serve: HTTP API, MCP and console', () => {
  it.each(cases)('HTTP API, as %s', async (_, reader) => {
    const api = apiDoor(server.url, tokens.get(reader.as as string));
    const seen: Exchange[] = [];
    const get = async (path: string) => {
      const response = await api.get(path);
      seen.push(response);
      return response;
    };
    for (const at of ['', ...dates.map((day) => `&as_of=${day}`)]) {
      for (const q of queries) await get(`/v1/search?k=100&q=${encodeURIComponent(q)}${at}`);
      seen.push(await api.post('/v1/ask', { question, ...(at ? { as_of: at.slice(7) } : {}) }));
    }
    await get('/v1/documents');
    await get('/v1/documents?collection=policy');
    await get('/openapi.json');
    await get('/healthz');
    await get('/readyz');
    const receipts = await get('/v1/forget/receipts');
    expect(receipts.status).toBe(reader.roles?.some((role) => role.toLowerCase() === 'admin') ? 200 : 403);
    for (const id of [...ids, 'nope']) {
      await get(`/v1/documents/${id}`);
      for (const version of [1, 2, 3]) await get(`/v1/documents/${id}?version=${version}`);
      for (const day of dates) await get(`/v1/documents/${id}?as_of=${day}`);
      await get(`/v1/documents/${id}/history`);
      await get(`/v1/documents/${id}/diff?from=1&to=2`);
      await get(`/v1/documents/${id}/diff?from=2&to=1`);
    }
    expect(leaksIn(seen, forbiddenFor(reader))).toEqual([]);
    expect(seen.filter((exchange) => exchange.status >= 500).map((exchange) => exchange.path)).toEqual([]);

    for (const version of versions) {
      const shown = await api.get(`/v1/documents/${version.id}?version=${version.version}`);
      if (mayRead(reader, version)) {
        // The probe can fail: what the reader may read is really there.
        expect(shown.body, `${version.id} v${version.version}`).toContain(version.markers[2]);
      } else {
        const missing = await api.get(`/v1/documents/${version.id}?version=99`);
        expect(shape(shown, version.id, version.version)).toEqual(shape(missing, version.id, 99));
      }
    }
    for (const id of ids) {
      const readable = versions.filter((version) => version.id === id && mayRead(reader, version));
      const history = await api.get(`/v1/documents/${id}/history`);
      if (readable.length > 0) {
        const listed = (JSON.parse(history.body) as { versions: { version: number }[] }).versions;
        expect(listed.map((entry) => entry.version)).toEqual(readable.map((version) => version.version));
        continue;
      }
      for (const path of ['', '/history', '/diff?from=1&to=2', '?as_of=2026-12-11']) {
        const hidden = await api.get(`/v1/documents/${id}${path}`);
        const missing = await api.get(`/v1/documents/nope${path}`);
        expect(shape(hidden, id), `${id}${path}`).toEqual(shape(missing, 'nope'));
      }
    }
  });

  it.each(cases)('MCP tools over Streamable HTTP, as %s', async (_, reader) => {
    const mcp = await mcpDoor(server.url, tokens.get(reader.as as string) as string);
    const seen: Exchange[] = [];
    try {
      for (const as_of of [undefined, ...dates]) {
        const date = as_of === undefined ? {} : { as_of };
        for (const query of queries) seen.push(await mcp.call('search', { query, k: 50, ...date }));
        seen.push(await mcp.call('ask', { question, ...date }));
        for (const id of [...ids, 'nope']) seen.push(await mcp.call('get_document', { id, ...date }));
      }
      for (const id of [...ids, 'nope']) {
        for (const version of [1, 2, 3]) seen.push(await mcp.call('get_document', { id, version }));
      }
      expect(leaksIn(seen, forbiddenFor(reader))).toEqual([]);
      for (const version of versions) {
        const shown = await mcp.call('get_document', { id: version.id, version: version.version });
        if (mayRead(reader, version)) expect(shown.body).toContain(version.markers[2]);
        else {
          const missing = await mcp.call('get_document', { id: version.id, version: 99 });
          expect(shape(shown, version.id, version.version)).toEqual(shape(missing, version.id, 99));
        }
      }
      for (const id of ids.filter((id) => !versions.some((version) => version.id === id && mayRead(reader, version)))) {
        const hidden = await mcp.call('get_document', { id });
        expect(shape(hidden, id)).toEqual(shape(await mcp.call('get_document', { id: 'nope' }), 'nope'));
      }
    } finally {
      await mcp.close();
    }
  });

  it.each(cases)('console pages, as %s', async (_, reader) => {
    const web = await consoleDoor(server.url, tokens.get(reader.as as string) as string);
    expect(web.refused).toBeUndefined();
    await probeConsole(web, reader);
    if (reader.as === 'ada') {
      // The answer log (admin only) lists every asker's questions, and of the cited versions only those the
      // admin may read: an unreadable version is left out like a missing one, not even its number shown.
      const log = (await web.get('/answers')).body;
      expect(log).toContain(question.slice(0, 20));
      for (const version of versions.filter((version) => !mayRead(reader, version))) {
        expect(log).not.toContain(`>${version.id} v${version.version}</a>`);
      }
    }
  });

  it.each(cases.filter(([, reader]) => reader.roles !== undefined && readers.includes(reader)))(
    'console viewed as %s by an admin reads exactly as they would',
    async (_, reader) => {
      const web = await consoleDoor(server.url, tokens.get('ada') as string);
      const set = await web.post('/view-as', { principal: reader.as as string });
      expect(set.status).toBe(303);
      await probeConsole(web, reader);
    },
  );

  it('an editor writing over a version it may not read is answered as for a missing document, and nothing changes', async () => {
    const editor = serverReaders.find((reader) => reader.as === 'eddie') as FixtureReader;
    const api = apiDoor(server.url, tokens.get('eddie'));
    const web = await consoleDoor(server.url, tokens.get('eddie') as string);
    const before = JSON.stringify(await store.timelines({ reader: operator }));
    const hidden = ids.filter((id) => {
      const newest = versions.filter((version) => version.id === id).at(-1);
      return newest !== undefined && !mayRead(editor, newest);
    });
    expect(hidden.length).toBeGreaterThan(0);
    const seen: Exchange[] = [];
    for (const id of hidden) {
      for (const [method, path, body] of [
        ['POST', '/revert', { to: 1 }],
        ['DELETE', '', undefined],
      ] as const) {
        const refused = await api.send(method, `/v1/documents/${id}${path}`, body);
        const missing = await api.send(method, `/v1/documents/nope${path}`, body);
        expect(shape(refused, id), `${method} ${id}${path}`).toEqual(shape(missing, 'nope'));
        seen.push(refused);
      }
      const reverted = await web.post('/revert', { id, to: '1', base_version: '2' });
      expect(shape(reverted, id)).toEqual(
        shape(await web.post('/revert', { id: 'nope', to: '1', base_version: '2' }), 'nope'),
      );
      const put = await fetch(`${server.url}/v1/documents/${id}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${tokens.get('eddie')}`, 'content-type': 'text/markdown' },
        body: `---\nid: ${id}\ntitle: Overwritten\ncollection: policy\n---\n# Overwritten\n`,
      });
      expect([put.status, await put.text()]).toEqual([
        404,
        JSON.stringify({ error: { code: 'not_found', message: `not found: no document '${id}'` } }),
      ]);
      // Saving over it from the editor (based on the newest version the editor may read) is refused too.
      const base = versions.filter((version) => version.id === id && mayRead(editor, version)).at(-1);
      const saved = await web.post('/edit', {
        id,
        is_new: '0',
        base_version: String(base?.version ?? 0),
        title: 'Overwritten',
        collection: 'policy',
        body: '# Overwritten\n',
        action: 'save',
      });
      expect(saved.status, `save over ${id}`).toBe(404);
      // Deleting it from the console is answered as for a missing document.
      const deleted = await web.post('/delete', { id, base_version: String(base?.version ?? 0) });
      expect(shape(deleted, id)).toEqual(shape(await web.post('/delete', { id: 'nope', base_version: '1' }), 'nope'));
      seen.push(deleted);
      const edit = await web.get(`/edit?id=${id}`);
      if (base === undefined) expect(shape(edit, id)).toEqual(shape(await web.get('/edit?id=nope'), 'nope'));
      seen.push(saved);
      seen.push(reverted, edit);
    }
    expect(leaksIn(seen, forbiddenFor(editor))).toEqual([]);
    expect(JSON.stringify(await store.timelines({ reader: operator }))).toBe(before);
  });

  it('probes every route the server has and every MCP tool (a new one fails here until it is probed)', async () => {
    const app = createApp({ services: createServices({ store, env: {}, now }) });
    const routes = new Set(
      app.routes.filter((route) => !route.path.endsWith('*')).map((route) => `${route.method} ${route.path}`),
    );
    expect([...routes].filter((route) => !probed.has(route) && !readNoDocument.has(route))).toEqual([]);
    const mcp = await mcpDoor(server.url, tokens.get('sam') as string);
    try {
      expect((await mcp.tools()).sort()).toEqual(['ask', 'get_document', 'search']);
    } finally {
      await mcp.close();
    }
  });

  it('answers 401 to a token it does not know, on every door', async () => {
    const known = tokens.get('sam') as string;
    const unknown = [undefined, 'not-a-token', `${known.slice(0, -4)}AAAA`, `seam_${'A'.repeat(40)}`];
    const revoked = (await createToken({ store, principal: 'sam', name: 'sam-revoked', now: now() })).token;
    await store.removeToken('sam-revoked');
    for (const token of [...unknown, revoked]) {
      const api = apiDoor(server.url, token);
      const answers = [
        await api.get('/v1/search?q=parcel'),
        await api.get('/v1/documents'),
        await api.get('/v1/documents/open-faq'),
        await api.get('/v1/documents/open-faq/history'),
        await api.get('/v1/documents/open-faq/diff?from=1&to=1'),
        await api.get('/openapi.json'),
        await api.get('/v1/forget/receipts'),
        await api.post('/v1/ask', { question }),
        await api.post('/mcp', { jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      ];
      expect(answers.map((answer) => [answer.path, answer.status])).toEqual(
        answers.map((answer) => [answer.path, 401]),
      );
      expect(leaksIn(answers, forbiddenFor({ as: 'nobody', roles: [] }))).toEqual([]);
      if (token === undefined) continue;
      await expect(mcpDoor(server.url, token)).rejects.toThrow(/401|unauthorized/i);
      const web = await consoleDoor(server.url, token);
      expect(web.refused?.status).toBe(401);
      const page = await web.get('/documents');
      expect([page.status, page.received.includes('zq')]).toEqual([302, false]);
    }
  });
});
