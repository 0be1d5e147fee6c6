/**
 * Speed and equivalence harness for the value detector (src/values).
 *
 *   npx tsx bench/values-speed.ts record <out.jsonl> [chat.jsonl]    write every detector output
 *   npx tsx bench/values-speed.ts compare <baseline.jsonl> [chat.jsonl]   compare with a recording, byte for byte
 *   npx tsx bench/values-speed.ts time [chat.jsonl]                   µs per message, per corpus
 *
 * The corpus is read in place from ../shared/data (presidio sentences, the ABCD conversations and manual) plus,
 * when given, the message contents of a chat JSONL such as `bench/lint-dataset.ts` writes. To it are added, from
 * fixed seeds: each text lower-cased, upper-cased, cut at a pseudo-random point and joined to its neighbour;
 * random splices of the corpus's words; and random joins of pieces chosen to sit on the edges of the detector's
 * shortcuts (`edgePieces`). Every text is detected twice: with no options, and asking only for facts.
 *
 * To check a change: record with the previous implementation (a copy of the old src/values, with node_modules
 * reachable, named by VALUES_IMPL=<path to its index.ts>), then compare with the current one. VALUES_CORPUS times
 * one corpus only (presidio, abcd, chat, variants, splices, edges); `time` reports the best of five rounds.
 * Skips with a message when ../shared/data is absent. Shared data is never copied into the repository.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DetectOptions, Value } from '../src/values/index.js';

const repository = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const shared = join(repository, '..', 'shared', 'data');

interface Detector {
  detect(text: string, options?: DetectOptions): Value[];
}

/** Every string leaf of a parsed JSON document. */
function strings(value: unknown, into: string[]): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, into);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) strings(item, into);
  return into;
}

function chatMessages(path: string): string[] {
  const texts: string[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const record = JSON.parse(line) as { messages?: Array<{ content?: unknown }> };
    for (const message of record.messages ?? []) if (typeof message.content === 'string') texts.push(message.content);
  }
  return texts;
}

function unique(texts: readonly string[]): string[] {
  return [...new Set(texts)];
}

/** Lower-cased, upper-cased, cut and joined variants, from a fixed seed. */
function variants(texts: readonly string[]): string[] {
  let state = 12345;
  const random = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const out: string[] = [];
  texts.forEach((text, index) => {
    out.push(text.toLowerCase(), text.toUpperCase());
    const cut = Math.floor(random() * text.length);
    out.push(text.slice(cut), text.slice(0, cut));
    const next = texts[(index + 1) % texts.length] ?? '';
    out.push(`${text}\n${next}`, `${text.slice(0, cut)} ${next.slice(Math.floor(random() * next.length))}`);
  });
  return out;
}

/**
 * Random splices of words and separators taken from the corpus, so that rare combinations (a street word after
 * a number, a state code after a comma, a cue before a name) turn up next to each other.
 */
function splices(texts: readonly string[], count: number): string[] {
  let state = 987654321;
  const random = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const words = unique(texts.flatMap((text) => text.split(/\s+/))).filter((word) => word.length > 0);
  const separators = [' ', ' ', ' ', ' ', ', ', '\n', '. ', '  ', ' - ', ': ', '! ', '? ', ' > ', ' → ', '\t'];
  const out: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const length = 2 + Math.floor(random() * 30);
    let text = '';
    for (let word = 0; word < length; word += 1) {
      const piece = words[Math.floor(random() * words.length)] ?? '';
      const cased = random() < 0.1 ? piece.toLowerCase() : random() < 0.05 ? piece.toUpperCase() : piece;
      text += (word === 0 ? '' : separators[Math.floor(random() * separators.length)]) + cased;
    }
    out.push(text);
  }
  return out;
}

/**
 * Pieces that sit on the edges of the recognizers' shortcuts: case-folding letters (`ſ`, the Kelvin sign),
 * non-ASCII whitespace, astral and combining letters, glued number words, keywords next to digits, the
 * separators of paths and addresses. Joined at random, without and with separators.
 */
const edgePieces = [
  ...[
    '$',
    '€',
    '£',
    'US$',
    'USD',
    'EUR ',
    '8',
    '30',
    '1,299.99',
    '.00',
    ' dollars',
    ' cents',
    ' bucks',
    'five',
    'twenty-one',
  ],
  ...[
    ' days',
    ' day',
    '-day',
    'days',
    ' business days',
    ' working-days',
    ' a month',
    ' an hour',
    ' yrs',
    'mos',
    'secs',
  ],
  ...['tofive', 'fiveto', 'fivedays', 'three-', '–', ' to ', ' - ', '-', 'hundred', ' and ', 'a ', 'an ', 'this week'],
  ...['%', ' percent', ' per cent', 'v2.3', '.1', 'version ', 'ver.', 'ver. 2', 'release ', 'build 7', 'Node.js 18'],
  ...['iPhone 15', 'Galaxy S23', 'Galaxy A_1', 'MacBook Pro 14', 'model # X-200', 'model no. 5', 'Model'],
  ...['order #', 'order no. ', 'Order ID: ', 'ticket ', 'case number: ', 'user name ', 'username: ', 'refund2024'],
  ...["'s", ' is ', ' = ', 'AB12', 'cminh730', '1Z999AA10123456784', 'tracking number ', 'ref'],
  ...['@', 'mail.com', 'https://', 'www.', '.com/', ' > ', ' → ', '->', '»', '›', '⇒', '[', ']', 'Settings', 'Billing'],
  ...['Go to ', 'Account', 'Cancel plan', 'Mr. ', 'Ms ', 'mr. ', 'Dr', 'my name is ', 'Name: ', 'call me ', 'Dear '],
  ...[
    'Thanks, ',
    'Hi ',
    'hello ',
    'sorry, ',
    'Crystal',
    'Minh',
    'Wijtze',
    'Kelvin is from ',
    ' said',
    'Ltd',
    'O’Brien',
  ],
  ...['Jean-Luc', 'ANNA', 'Agnieszka', 'Łukasz', '𝐀lice', 'e\u0301', '\u00a0', '\u2028', '\u3000', '\t', '\n', ', '],
  ...[' Street', ' st', ' Avenue', ' Apt. 4', 'Suite 616', 'Hauptstraße 5', 'Hauptſtraße 5', 'hochstrasse 63', 'Út 4'],
  ...['Via Roma 74', '47 Via ', 'Ctra. ', 'Kromwater 38', '92 Eusebio Dávila 57', 'PO Box 12', 'PSC 4457, Box 7534'],
  ...['APO AP 95145', 'USS Nimitz', 'Austin, TX 78701', 'austin, tx 78701', 'Porto Velho', 'SW1A 1AA', 'K1A 0B6'],
  ...['corner of ', 'ship it to ', 'address: ', 'zip code ', 'lives at ', '24 ', '12ſ ', '3K ', '6821 1st ave'],
  ...['4111 1111 1111 1111', 'GB82 WEST 1234 5698 7654 32', '192.168.', '1.1', '::', 'fe80::1', '415-555-0100'],
  ...['(96) 627-277', '+44 20 7946 0958', '536-22-8917', 'SSN 123456789', ' plan', ' gold ', 'Pro plan', 'tier'],
  ...['May 1, 2026', '2026-05-01', '5/19/1937', 'the 3rd of June', 'Jan', '11.10.1967', '2.3.1', 'x', 'Z', '0', '😀'],
];

function edgeTexts(count: number): string[] {
  let state = 20260501;
  const random = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const separators = ['', '', ' ', ' ', ' ', ', ', '. ', '\n', '  ', '-', '\u00a0'];
  const out: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const length = 1 + Math.floor(random() * 16);
    let text = '';
    for (let piece = 0; piece < length; piece += 1) {
      const separator = piece === 0 ? '' : (separators[Math.floor(random() * separators.length)] ?? '');
      text += separator + (edgePieces[Math.floor(random() * edgePieces.length)] ?? '');
    }
    out.push(text);
  }
  return out;
}

interface Corpus {
  name: string;
  texts: string[];
}

function corpora(chatPath: string | undefined): Corpus[] {
  const presidio = ['generated_small.json', 'generated_large.json', 'synth_dataset_v2.json'].flatMap((name) =>
    (JSON.parse(readFileSync(join(shared, 'presidio', name), 'utf8')) as Array<{ full_text: string }>).map(
      (sample) => sample.full_text,
    ),
  );
  const abcd = ['abcd_sample.json', 'guidelines.json', 'kb.json', 'ontology.json'].flatMap((name) =>
    strings(JSON.parse(readFileSync(join(shared, 'abcd', name), 'utf8')), []),
  );
  const list: Corpus[] = [
    { name: 'presidio', texts: unique(presidio) },
    { name: 'abcd', texts: unique(abcd) },
  ];
  if (chatPath !== undefined) list.push({ name: 'chat', texts: unique(chatMessages(chatPath)) });
  const sample = list.flatMap((corpus) => corpus.texts.slice(0, 4000));
  list.push({ name: 'variants', texts: unique(variants(sample)) });
  list.push({ name: 'splices', texts: unique(splices(sample, 30_000)) });
  list.push({ name: 'edges', texts: unique(edgeTexts(40_000)) });
  return list;
}

async function loadDetector(): Promise<Detector> {
  const implementation = process.env.VALUES_IMPL;
  const url = implementation
    ? pathToFileURL(resolve(implementation)).href
    : new URL('../src/values/index.ts', import.meta.url).href;
  const module = (await import(url)) as { createValueDetector(): Detector };
  return module.createValueDetector();
}

const factsOnly: DetectOptions = { classes: ['fact'] };

function outputs(detector: Detector, text: string): string {
  return `${JSON.stringify(detector.detect(text))}\t${JSON.stringify(detector.detect(text, factsOnly))}`;
}

function time(detector: Detector, texts: readonly string[], rounds: number): number {
  for (const text of texts.slice(0, 2000)) detector.detect(text);
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round += 1) {
    const started = process.hrtime.bigint();
    for (const text of texts) detector.detect(text);
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1000 / texts.length);
  }
  return best;
}

async function main(): Promise<void> {
  if (!existsSync(shared)) {
    console.log(`skipped: ${shared} is absent (see ../shared/data/README.md)`);
    return;
  }
  const [mode, first, second] = process.argv.slice(2);
  const chatPath = mode === 'time' ? first : second;
  const detector = await loadDetector();
  const list = corpora(chatPath);
  if (mode === 'record' || mode === 'compare') {
    if (first === undefined) throw new Error(`usage: values-speed.ts ${mode} <file> [chat.jsonl]`);
    const lines = list.flatMap((corpus) => corpus.texts.map((text) => `${corpus.name}\t${outputs(detector, text)}`));
    const total = list.reduce((sum, corpus) => sum + corpus.texts.length, 0);
    if (mode === 'record') {
      writeFileSync(first, `${lines.join('\n')}\n`);
      const digest = createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
      console.log(`recorded ${total} texts (${lines.length} lines, sha256 ${digest}) to ${first}`);
      return;
    }
    const baseline = readFileSync(first, 'utf8').split('\n');
    let differences = 0;
    let index = 0;
    for (const corpus of list) {
      for (const text of corpus.texts) {
        const line = lines[index];
        if (line !== baseline[index]) {
          differences += 1;
          if (differences <= 5) {
            console.log(`DIFF in ${corpus.name}: ${JSON.stringify(text).slice(0, 300)}`);
            console.log(`  baseline: ${baseline[index]?.slice(0, 600)}`);
            console.log(`  now:      ${line?.slice(0, 600)}`);
          }
        }
        index += 1;
      }
    }
    if (baseline.length - 1 !== lines.length)
      console.log(`baseline has ${baseline.length - 1} lines, now ${lines.length}`);
    console.log(differences === 0 ? `identical on ${total} texts (x2 option sets)` : `${differences} texts differ`);
    if (differences > 0 || baseline.length - 1 !== lines.length) process.exitCode = 1;
    return;
  }
  if (mode === 'time') {
    const only = process.env.VALUES_CORPUS;
    for (const corpus of list) {
      if (only !== undefined && corpus.name !== only) continue;
      const chars = corpus.texts.reduce((sum, text) => sum + text.length, 0) / corpus.texts.length;
      const micros = time(detector, corpus.texts, 5);
      console.log(
        `${corpus.name.padEnd(9)} ${String(corpus.texts.length).padStart(6)} texts, ${chars.toFixed(0).padStart(4)} chars avg: ${micros.toFixed(1)} µs/text`,
      );
    }
    return;
  }
  console.log('usage: values-speed.ts record|compare|time … (see the comment at the top)');
}

await main();
