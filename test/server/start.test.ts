import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';

const bin = fileURLToPath(new URL('../../bin/seam.js', import.meta.url));

describe('npm start (seam serve --demo)', () => {
  it('seeds the demo store, serves the console and prints a sign-in link that works', async () => {
    const cwd = tempDir('seam-start-');
    const child = spawn(process.execPath, [bin, 'serve', '--demo', '--port', '0'], { cwd, env: { ...process.env } });
    let output = '';
    const link = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = output.match(/(http:\/\/127\.0\.0\.1:\d+)\/sign-in#token=(seam_[A-Za-z0-9_-]+)/);
        if (match?.[0]) resolve(match[0]);
      });
      child.on('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
    });
    try {
      expect(existsSync(join(cwd, '.seam', 'demo', 'seam.db'))).toBe(true);
      expect(existsSync(join(cwd, '.seam', 'seam.db'))).toBe(false);
      const [origin, token] = link.split('/sign-in#token=') as [string, string];
      const signIn = await fetch(`${origin}/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }),
      });
      expect(signIn.status).toBe(303);
      const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const documents = await (await fetch(`${origin}/documents`, { headers: { cookie } })).text();
      expect(documents).toContain('refund-policy');
      expect(documents).toContain('demo-admin');
      const api = await fetch(`${origin}/v1/documents`, { headers: { authorization: `Bearer ${token}` } });
      expect(api.status).toBe(200);
    } finally {
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
