import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import { openStore } from '../../src/store/open-store.js';
import { SyncRunner } from '../../src/sync/runner.js';
import { folderSourceSchema } from '../../src/sync/sync-config.js';
import { seam } from '../helpers/cli.js';
import { makePdf } from '../helpers/office-files.js';
import { tempDir } from '../helpers/temp.js';

const root = tempDir('seam-sync-folder-');

function folderWith(name: string, files: Record<string, string | Uint8Array>): string {
  const folder = join(root, name);
  mkdirSync(folder, { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(join(folder, file, '..'), { recursive: true });
    writeFileSync(join(folder, file), content);
  }
  return folder;
}

function config(name: string, folder: string): string {
  const file = join(root, `${name}.json`);
  writeFileSync(file, JSON.stringify({ sources: [{ name: 'files', kind: 'folder', path: folder }] }, null, 2));
  return file;
}

const search = async (db: string, query: string) =>
  ((await seam(['kb', 'search', query, '--json'], { db })).json() as { hits: { id: string; text: string }[] }).hits;

describe('seam sync --once from a folder', () => {
  it('creates, updates and removes documents as the files change, and records where each came from', async () => {
    const folder = folderWith('kb', {
      'refunds.md': '# Refunds\n\nRefunds within 30 days.\n',
      'hours.txt': 'Opening hours\n\nChat opens at 8:00.\n',
      'rates.pdf': makePdf({ title: 'Rates', pages: [['Express costs 12 EUR.']] }),
      'logo.png': 'png',
    });
    const db = join(root, 'kb.db');
    const file = config('kb', folder);
    const first = await seam(['sync', '--once', '--config', file, '--json'], { db });
    expect(first.code, first.stdout).toBe(0);
    const [report] = (first.json() as { reports: { counts: Record<string, number>; ok: boolean }[] }).reports;
    expect(report).toMatchObject({ ok: true, counts: { created: 3, skipped: 1 } });

    writeFileSync(join(folder, 'refunds.md'), '# Refunds\n\nRefunds within 14 days.\n');
    rmSync(join(folder, 'hours.txt'));
    const second = await seam(['sync', '--once', '--config', file, '--json'], { db });
    expect((second.json() as { reports: { counts: Record<string, number> }[] }).reports[0]?.counts).toMatchObject({
      updated: 1,
      removed: 1,
      unchanged: 1,
    });
    expect((await search(db, 'refunds within days'))[0]?.text).toContain('14 days');
    expect(await search(db, 'chat opens')).toEqual([]);
    const history = (await seam(['kb', 'history', 'refunds', '--json'], { db })).json() as {
      versions: { version: number; message: string }[];
    };
    expect(history.versions.map((version) => version.version)).toEqual([1, 2]);
    expect(history.versions[1]?.message).toContain('synced from refunds.md');

    const store = await openStore({ location: db });
    try {
      const records = await store.syncRecords({ reader: operator });
      expect(records.map((record) => [record.doc_id, record.source, record.upstream_id])).toEqual([
        ['rates', 'files', 'rates.pdf'],
        ['refunds', 'files', 'refunds.md'],
      ]);
      expect(records[1]).toMatchObject({ synced_version: 2, state: 'synced', synced_at: '2026-11-25T12:00:00.000Z' });
      expect(records[1]?.upstream_updated_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    } finally {
      await store.close();
    }

    const status = await seam(['sync', 'status', '--config', file, '--json'], { db });
    expect(status.json()).toMatchObject({
      sources: [
        { name: 'files', kind: 'folder', documents: 2, conflicts: 0, runs: 2, last_error: null, lag_seconds: 0 },
      ],
      conflicts: [],
    });
    const human = await seam(['sync', 'status', '--config', file], { db });
    expect(human.stdout).toMatch(/files\s+folder\s+2026-11-25 12:00\s+0 s\s+2\s+0\s+ok/);
  });

  it('never overwrites a document edited in Seam: the upstream change is held as a conflict until resolved', async () => {
    const folder = folderWith('conflict', { 'policy.md': '# Policy\n\nThe window is 30 days.\n' });
    const db = join(root, 'conflict.db');
    const file = config('conflict', folder);
    await seam(['sync', '--once', '--config', file], { db });

    const edited = join(root, 'edited-policy.md');
    writeFileSync(edited, '---\nid: policy\n---\n# Policy\n\nThe window is 45 days (edited in Seam).\n');
    expect((await seam(['kb', 'put', edited], { db })).code).toBe(0);
    // Upstream unchanged: the Seam edit simply stands, no conflict.
    const quiet = await seam(['sync', '--once', '--config', file, '--json'], { db });
    expect((quiet.json() as { reports: { conflicts: unknown[] }[] }).reports[0]?.conflicts).toEqual([]);

    writeFileSync(join(folder, 'policy.md'), '# Policy\n\nThe window is 60 days.\n');
    const clash = await seam(['sync', '--once', '--config', file], { db });
    expect(clash.stdout).toContain('conflict: policy (edited in seam)');
    expect((await search(db, 'window days'))[0]?.text).toContain('45 days');
    const status = (await seam(['sync', 'status', '--config', file, '--json'], { db })).json();
    expect(status).toMatchObject({ conflicts: [{ id: 'policy', source: 'files', reason: 'edited_in_seam' }] });

    const resolved = await seam(['sync', 'resolve', 'policy', '--keep', 'upstream', '--json'], { db });
    expect(resolved.json()).toEqual({ id: 'policy', kept: 'upstream', version: 3 });
    expect((await search(db, 'window days'))[0]?.text).toContain('60 days');
    writeFileSync(join(folder, 'policy.md'), '# Policy\n\nThe window is 90 days.\n');
    await seam(['sync', '--once', '--config', file], { db });
    expect((await search(db, 'window days'))[0]?.text).toContain('90 days');
  });

  it('keeps a document removed in Seam removed, and leaves a document it did not create alone', async () => {
    const folder = folderWith('removed', { 'a.md': '# A\n\nalpha text\n', 'b.md': '# B\n\nbravo text\n' });
    const db = join(root, 'removed.db');
    writeFileSync(join(root, 'b-own.md'), '---\nid: b\n---\n# B\n\nSeam own bravo\n');
    expect((await seam(['kb', 'put', join(root, 'b-own.md')], { db })).code).toBe(0);
    const file = config('removed', folder);
    const first = await seam(['sync', '--once', '--config', file, '--json'], { db });
    expect((first.json() as { reports: { counts: Record<string, number> }[] }).reports[0]?.counts).toMatchObject({
      created: 1,
      conflict: 1,
    });
    expect((await search(db, 'bravo'))[0]?.text).toContain('Seam own bravo');

    expect((await seam(['kb', 'rm', 'a'], { db })).code).toBe(0);
    const again = await seam(['sync', '--once', '--config', file, '--json'], { db });
    expect((again.json() as { reports: { counts: Record<string, number> }[] }).reports[0]?.counts).toMatchObject({
      kept_removed: 1,
    });
    expect(await search(db, 'alpha')).toEqual([]);
  });

  it('names the file, line and field of a bad source in the config', async () => {
    const file = join(root, 'bad.json');
    writeFileSync(file, '{\n  "sources": [\n    { "name": "files", "kind": "folder" }\n  ]\n}\n');
    const result = await seam(['sync', '--once', '--config', file], { db: join(root, 'bad.db') });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad\.json:3: sources\[0\]\.path: /);
  });
});

describe('a watched folder', () => {
  it('makes a saved file a new version within a second, and a deleted file gone', async () => {
    const folder = folderWith('watched', { 'start.md': '# Start\n\nfirst words\n' });
    const store = await openStore({ location: join(root, 'watched.db') });
    const runner = new SyncRunner({
      store,
      sources: [folderSourceSchema.parse({ name: 'files', kind: 'folder', path: folder, debounce_ms: 50 })],
      settings: { poll_seconds: 3600 },
      env: {},
    });
    const visible = async (query: string) =>
      (await store.searchText({ text: query, reader: operator, k: 1, at: new Date().toISOString() })).length > 0;
    const within = async (check: () => Promise<boolean>, ms: number) => {
      const started = Date.now();
      while (Date.now() - started < ms) {
        if (await check()) return Date.now() - started;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return undefined;
    };
    try {
      await runner.start();
      expect(await visible('first words')).toBe(true);
      writeFileSync(join(folder, 'new.md'), '# New\n\nzebra crossing guide\n');
      expect(await within(() => visible('zebra crossing'), 1000)).toBeLessThan(1000);
      rmSync(join(folder, 'new.md'));
      expect(await within(async () => !(await visible('zebra crossing')), 1000)).toBeLessThan(1000);
    } finally {
      await runner.stop();
      await store.close();
    }
  });
});

describe('currency probes from upstream edits', () => {
  it('seam eval --generate currency asks about the value an upstream edit changed', async () => {
    const folder = folderWith('currency', {
      'returns.md': '# Returns\n\nCustomers can return unworn items within 30 days of delivery for a full refund.\n',
    });
    const db = join(root, 'currency.db');
    const file = config('currency', folder);
    await seam(['sync', '--once', '--config', file], { db });
    writeFileSync(
      join(folder, 'returns.md'),
      '# Returns\n\nCustomers can return unworn items within 14 days of delivery for a full refund.\n',
    );
    await seam(['sync', '--once', '--config', file], { db });
    const result = await seam(['eval', '--generate', 'currency', '--json'], { db, cwd: root });
    expect(result.code, result.stderr).toBe(0);
    const cases = (result.json() as { cases: { kind: string; question: string; expect: unknown }[] }).cases;
    const currency = cases.filter((entry) => entry.kind === 'currency');
    expect(currency.length).toBeGreaterThan(0);
    expect(JSON.stringify(currency[0]?.expect)).toContain('14 days');
    expect(JSON.stringify(currency[0]?.expect)).toContain('30 days');
  });
});
