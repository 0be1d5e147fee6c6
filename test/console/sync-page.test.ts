import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import { startServer } from '../../src/server/serve.js';
import { createServices } from '../../src/server/services.js';
import { createToken } from '../../src/server/tokens.js';
import { openStore } from '../../src/store/open-store.js';
import { SyncRunner } from '../../src/sync/runner.js';
import { folderSourceSchema } from '../../src/sync/sync-config.js';
import { tempDir } from '../helpers/temp.js';

const root = tempDir('seam-sync-console-');
const folder = join(root, 'kb');
mkdirSync(folder, { recursive: true });
writeFileSync(join(folder, 'policy.md'), '# Policy\n\nThe window is 30 days.\n');
const store = await openStore({ location: join(root, 'seam.db') });
const runner = new SyncRunner({
  store,
  sources: [folderSourceSchema.parse({ name: 'files', kind: 'folder', path: folder })],
  settings: { poll_seconds: 60 },
  env: {},
});
await runner.runOnce();
const head = await store.get('policy', { reader: operator });
await store.put(
  { ...(head as NonNullable<typeof head>), body: '# Policy\n\n45 days.', source: undefined },
  { reader: operator, author: 'ada' },
);
writeFileSync(join(folder, 'policy.md'), '# Policy\n\nThe window is 60 days.\n');
await runner.runOnce();
for (const [id, roles] of [
  ['ada', ['admin']],
  ['sam', ['support']],
] as const)
  await store.putPrincipal({ id, roles: [...roles] });
const server = await startServer({
  services: createServices({ store, env: {}, sync: runner }),
  host: '127.0.0.1',
  port: 0,
});
afterAll(async () => {
  await server.close();
  await store.close();
});

async function signIn(principal: string): Promise<string> {
  const { token } = await createToken({ store, principal, name: `${principal}-console`, now: new Date() });
  const response = await fetch(`${server.url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }).toString(),
  });
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

describe('the console’s Sync page', () => {
  it('shows an admin each source’s last run, lag, documents and conflicts', async () => {
    const cookie = await signIn('ada');
    const response = await fetch(`${server.url}/sync`, { headers: { cookie } });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('data-testid="source-files"');
    expect(page).toMatch(/<td>folder<\/td>/);
    expect(page).toMatch(/data-testid="lag">\d+ s</);
    expect(page).toContain('data-testid="conflict"');
    expect(page).toContain('seam sync resolve policy --keep seam|upstream');
    expect(await (await fetch(`${server.url}/documents`, { headers: { cookie } })).text()).toContain('href="/sync"');
  });

  it('is the admin’s only, in the console and the API', async () => {
    const cookie = await signIn('sam');
    expect((await fetch(`${server.url}/sync`, { headers: { cookie } })).status).toBe(403);
    const { token } = await createToken({ store, principal: 'sam', name: 'sam-api', now: new Date() });
    const api = await fetch(`${server.url}/v1/sync/status`, { headers: { authorization: `Bearer ${token}` } });
    expect(api.status).toBe(403);
    const admin = await createToken({ store, principal: 'ada', name: 'ada-api', now: new Date() });
    const status = await fetch(`${server.url}/v1/sync/status`, { headers: { authorization: `Bearer ${admin.token}` } });
    expect(await status.json()).toMatchObject({ sources: [{ name: 'files', documents: 1, conflicts: 1 }] });
  });
});
