import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readerOrOperator } from '../../src/access.js';
import { ask } from '../../src/ask/ask.js';
import { runAudit } from '../../src/audit/audit.js';
import { defaultConfig } from '../../src/config/behavior-config.js';
import { loadFactIndex } from '../../src/lint/lint.js';
import { createRetriever } from '../../src/retrieval/retriever.js';
import type { KnowledgeStore } from '../../src/store/knowledge-store.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { seam } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { buildFixture, dates, type FixtureReader, forbiddenFor, mayRead, readers, versions } from './fixture.js';

/**
 * The permission probe: for every reader (operator, principals with each role set, `[HR]` against `hr`,
 * a principal with no role, one never added) × every document version × every read path of the command
 * line and the library, no byte that only a version the reader may not read holds (its marker words in
 * title, heading, body, message and author, and its price) reaches any output, stdout or stderr.
 */

const dir = tempDir('seam-probe-');
const db = join(dir, 'seam.db');
const ids = [...new Set(versions.map((version) => version.id))];
const allMarkers = versions.flatMap((version) => version.markers).join(' ');
const chat = (assistant: string) =>
  JSON.stringify({
    messages: [
      { role: 'user', content: 'What does shipping cost?' },
      { role: 'assistant', content: assistant },
    ],
  });
const prices = versions.flatMap((version) => (version.price ? [version.price] : []));
const dataset = join(dir, 'dataset.jsonl');
const transcripts = join(dir, 'transcripts.jsonl');

/** A leak: which output, and which forbidden word it held. */
interface Leak {
  path: string;
  word: string;
}

function leaksIn(path: string, output: string, forbidden: readonly string[], echoed = ''): Leak[] {
  const text = (echoed ? output.split(echoed).join('') : output).toLowerCase();
  return forbidden.filter((word) => text.includes(word.toLowerCase())).map((word) => ({ path, word }));
}

const name = (reader: FixtureReader) =>
  reader.as === undefined ? 'the operator' : `${reader.as} (${reader.roles?.join(',') ?? 'never added'})`;

describe('permission probe: no byte of an unreadable version reaches any output', () => {
  let store: KnowledgeStore;
  beforeAll(async () => {
    store = openSqliteStore({ path: db, now: () => new Date('2026-11-25T12:00:00Z') });
    await buildFixture(store);
    writeFileSync(dataset, `${prices.map((price) => chat(`Shipping costs ${price} per parcel.`)).join('\n')}\n`);
    writeFileSync(
      transcripts,
      `${prices.map((price) => JSON.stringify({ question: 'Shipping?', answer: `1. Shipping costs ${price}.` })).join('\n')}\n`,
    );
  });
  afterAll(() => store.close());

  it.each(readers.map((reader) => [name(reader), reader] as const))(
    'command line, as %s',
    async (_, reader) => {
      const forbidden = forbiddenFor(reader);
      const as = reader.as === undefined ? [] : ['--as', reader.as];
      const leaks: Leak[] = [];
      const run = async (args: string[], echoed = '', words = forbidden) => {
        const result = await seam([...args, ...as], { db, cwd: dir });
        leaks.push(...leaksIn(args.join(' '), result.stdout + result.stderr, words, echoed));
        return result;
      };
      const markersOnly = forbiddenFor(reader, { prices: false });
      for (const json of [[], ['--json']]) {
        for (const date of [[], ...dates.map((day) => ['--as-of', day])]) {
          for (const query of ['parcel policy', 'shipping costs per parcel', allMarkers]) {
            await run(['kb', 'search', query, '--k', '50', ...date, ...json], query);
          }
          for (const id of ids) await run(['kb', 'show', id, ...date, ...json]);
        }
        await run(['kb', 'list', ...json]);
        await run(['ask', 'What is the parcel policy and what does shipping cost?', ...json]);
        await run(['lint', dataset, ...json], '', markersOnly);
        await run(['audit', transcripts, ...json], '', markersOnly);
        for (const id of ids) {
          await run(['kb', 'history', id, ...json]);
          await run(['kb', 'diff', id, '1', '2', ...json]);
          for (const version of [1, 2, 3]) await run(['kb', 'show', id, '--version', String(version), ...json]);
        }
      }
      expect(leaks).toEqual([]);

      // Lint links a value only to a version the reader may read (and does link it when it may).
      const lint = await seam(['lint', dataset, '--json', ...as], { db, cwd: dir });
      const cited = (lint.json() as { findings: { source?: { id: string; version: number } }[] }).findings.flatMap(
        (finding) => (finding.source ? [`${finding.source.id}@${finding.source.version}`] : []),
      );
      const citable = versions.filter((version) => version.price && mayRead(reader, version));
      expect(cited.every((key) => citable.some((version) => `${version.id}@${version.version}` === key))).toBe(true);
      expect(cited.length > 0).toBe(citable.length > 0);

      for (const version of versions) {
        const shown = await seam(['kb', 'show', version.id, '--version', String(version.version), ...as], { db });
        if (mayRead(reader, version)) {
          // The probe can fail: what the reader may read is really there.
          expect(shown.stdout, `${version.id} v${version.version}`).toContain(version.markers[2]);
        } else {
          // Unreadable answers exactly as missing: same exit code, same message but for the number.
          const missing = await seam(['kb', 'show', version.id, '--version', '99', ...as], { db });
          expect([shown.code, shown.stderr.replace(` ${version.version}`, ' N')]).toEqual([
            missing.code,
            missing.stderr.replace(' 99', ' N'),
          ]);
        }
      }
      for (const id of ids) {
        const readable = versions.filter((version) => version.id === id && mayRead(reader, version));
        const history = await seam(['kb', 'history', id, '--json', ...as], { db });
        if (readable.length === 0) expect(history.code).toBe(2);
        else {
          const listed = (history.json() as { versions: { version: number }[] }).versions.map((entry) => entry.version);
          expect(listed).toEqual(readable.map((version) => version.version));
        }
      }
    },
    60_000,
  );

  it.each(readers.map((reader) => [name(reader), reader] as const))(
    'library, as %s',
    async (_, reader) => {
      const forbidden = forbiddenFor(reader);
      const who = await readerOrOperator(store, reader.as);
      const outputs: [string, unknown][] = [];
      for (const id of ids) {
        outputs.push([`get ${id}`, await store.get(id, { reader: who })]);
        for (const version of [1, 2, 3])
          outputs.push([`get ${id} v${version}`, await store.get(id, { reader: who, version })]);
        for (const at of dates) outputs.push([`getServed ${id} ${at}`, await store.getServed(id, { reader: who, at })]);
        outputs.push([`history ${id}`, await store.history(id, { reader: who })]);
      }
      outputs.push(['list', await store.list({ reader: who })]);
      outputs.push(['timelines', await store.timelines({ reader: who })]);
      const retriever = createRetriever({ store });
      for (const at of dates) {
        for (const text of ['parcel policy shipping', allMarkers]) {
          outputs.push([`searchText ${at}`, await store.searchText({ text, reader: who, k: 50, at })]);
          outputs.push([`retrieve ${at}`, await retriever.retrieve({ query: text, reader: who, k: 50, asOf: at })]);
        }
        outputs.push([`fact index ${at}`, await loadFactIndex(store, { at, reader: who })]);
      }
      const now = () => new Date('2026-11-25T12:00:00Z');
      outputs.push(['ask', await ask({ question: 'What does parcel shipping cost?', reader: who, store, now })]);
      const audit = await runAudit({ path: transcripts, config: defaultConfig(), store, reader: who, at: dates[0] });
      outputs.push(['audit', audit]);
      const leaks = outputs.flatMap(([path, value]) =>
        leaksIn(
          path,
          JSON.stringify(value) ?? '',
          path === 'audit' ? forbiddenFor(reader, { prices: false }) : forbidden,
        ),
      );
      expect(leaks).toEqual([]);
      // And the probe can fail: the reader's own newest readable versions are there.
      const listed = JSON.stringify(outputs.find(([path]) => path === 'timelines')?.[1]);
      for (const version of versions.filter((entry) => mayRead(reader, entry))) {
        expect(listed).toContain(version.markers[2]);
      }
    },
    60_000,
  );

  it.each(readers.map((reader) => [name(reader), reader] as const))(
    "ask's coverage decision, as %s: a word only an unreadable version holds weighs like a word no document holds",
    async (_, reader) => {
      const who = await readerOrOperator(store, reader.as);
      const now = () => new Date('2026-11-25T12:00:00Z');
      const asking = (word: string) => ask({ question: `What is the ${word} policy?`, reader: who, store, now });
      // Everything but timings, with the asked word replaced: the two answers must not differ.
      const comparable = (result: Awaited<ReturnType<typeof asking>>, word: string) =>
        JSON.stringify({ ...result, trace: { ...result.trace, timings: undefined } })
          .split(word)
          .join('WORD');
      const absent = 'zqnowherebody';
      const baseline = comparable(await asking(absent), absent);
      // Only versions served at some instant are indexed (a superseded one is not): those the operator counts.
      const indexed = async (word: string) => {
        const counts = await store.termFrequencies({ reader: { kind: 'operator' }, words: [word] });
        return (counts.frequencies[word] ?? 0) > 0;
      };
      for (const version of versions) {
        const word = version.markers[2] ?? '';
        const result = await asking(word);
        const weighed = result.trace.coverage?.words.find((entry) => entry.word === word);
        const readable = versions.some((other) => other.markers.includes(word) && mayRead(reader, other));
        if (readable && (await indexed(word))) {
          // The probe can fail: a word the reader may read is counted, and the question is answered.
          expect(weighed?.documents, `${version.id} v${version.version}`).toBeGreaterThan(0);
        } else if (!readable) {
          expect(weighed?.documents, `${version.id} v${version.version}`).toBe(0);
          expect(result.trace.coverage?.missing).toEqual([word]);
          expect(comparable(result, word), `${version.id} v${version.version}`).toBe(baseline);
        }
      }
    },
    60_000,
  );
});
