import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAccessLogger } from '../../src/server/middleware/access-log.js';
import { startFixtureServer } from './fixture.js';

/**
 * `/healthz` and `/readyz` are answered by the server's plain `node:http` listener, ahead of the app and
 * its middleware (src/server/routes/health.ts): a real server on loopback, its access log captured.
 */

const lines: string[] = [];
const capture = new Writable({
  write(chunk, _encoding, done) {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    done();
  },
});
const fixture = await startFixtureServer({
  policy: { trustProxy: true, authFailures: { limit: 2, windowSeconds: 60 }, accessLog: createAccessLogger(capture) },
});
const root = fileURLToPath(new URL('../..', import.meta.url));

/** A HEAD request (fetch reads no body for it either; this shows the headers and that none came). */
function head(path: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${fixture.url}${path}`, { method: 'HEAD' }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('the probes, ahead of the app', () => {
  it('answer as the app routes do, uncached, to GET and HEAD, with a query string too', async () => {
    const health = await fetch(`${fixture.url}/healthz?from=lb`);
    expect(health.status).toBe(200);
    expect(health.headers.get('content-type')).toMatch(/^application\/json/);
    expect(health.headers.get('cache-control')).toBe('no-store');
    expect(await health.json()).toEqual({ ok: true });
    const ready = await fetch(`${fixture.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get('cache-control')).toBe('no-store');
    expect(await ready.json()).toEqual({ ready: true });
    const bare = await head('/healthz');
    expect(bare.status).toBe(200);
    expect(bare.body).toBe('');
    expect(bare.headers['content-length']).toBe(String(JSON.stringify({ ok: true }).length));
    // Other methods and neighbouring paths go to the app as before.
    expect((await fetch(`${fixture.url}/healthz`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${fixture.url}/healthz/more`)).status).not.toBe(200);
  });

  it('never reach the middleware: not in the access log, not refused to an address the limiter blocks', async () => {
    lines.length = 0;
    const blocked = { 'x-forwarded-for': '192.0.2.77', authorization: 'Bearer seam_notatoken' };
    for (let attempt = 0; attempt < 3; attempt++) await fetch(`${fixture.url}/v1/documents`, { headers: blocked });
    expect((await fetch(`${fixture.url}/v1/documents`, { headers: blocked })).status).toBe(429);
    expect((await fetch(`${fixture.url}/healthz`, { headers: blocked })).status).toBe(200);
    expect((await fetch(`${fixture.url}/readyz`, { headers: blocked })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const routes = lines.map((line) => (JSON.parse(line) as { route: string }).route);
    expect(routes.length).toBeGreaterThanOrEqual(4);
    expect(routes.filter((route) => route === '/healthz' || route === '/readyz')).toEqual([]);
  });

  it('answer while the store is busy: searches on both read threads and a write waiting for another process lock', async () => {
    // Another process holds the write lock (BEGIN IMMEDIATE) for up to 3 s, less than the store's 5 s wait.
    const script = `
      const db = new (require('better-sqlite3'))(process.argv[1]);
      db.exec('BEGIN IMMEDIATE');
      process.stdout.write('locked\\n');
      setTimeout(() => { db.exec('COMMIT'); db.close(); process.stdout.write('released\\n'); process.exit(0); }, 3000);`;
    const holder = spawn(process.execPath, ['-e', script, fixture.db], { cwd: root });
    const order: string[] = [];
    const released = new Promise<void>((resolve, reject) => {
      let output = '';
      holder.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('released')) {
          order.push('released');
          resolve();
        }
      });
      holder.on('exit', (code) => (code === 0 ? undefined : reject(new Error(`lock holder exited with ${code}`))));
    });
    await new Promise<void>((resolve) => {
      holder.stdout.once('data', () => resolve());
    });
    const write = fixture
      .request('/v1/documents/probe-lock', {
        as: 'ada',
        method: 'PUT',
        headers: { 'content-type': 'text/markdown' },
        body: '---\nid: probe-lock\ntitle: Probe lock\n---\n# Probe lock\n\nWritten after the lock.\n',
      })
      .then((response) => {
        order.push('put');
        return response.status;
      });
    const searches = Array.from({ length: 24 }, (_, index) =>
      fixture.request(`/v1/search?q=refund+window+plan+${index}`, { as: 'sam' }).then((response) => response.status),
    );
    const probe = (path: string) =>
      fetch(`${fixture.url}${path}`).then((response) => {
        order.push(path);
        return response.status;
      });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await Promise.all([probe('/healthz'), probe('/readyz')])).toEqual([200, 200]);
    await released;
    expect(await write).toBe(200);
    expect((await Promise.all(searches)).every((status) => status === 200)).toBe(true);
    expect(order.indexOf('/healthz'), order.join(' ')).toBeLessThan(order.indexOf('released'));
    expect(order.indexOf('/readyz'), order.join(' ')).toBeLessThan(order.indexOf('released'));
    expect(order.indexOf('put'), order.join(' ')).toBeGreaterThan(order.indexOf('released'));
  });
});
