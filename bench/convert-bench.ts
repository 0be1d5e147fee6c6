/**
 * `npm run bench:convert`: the HTML converter on real text. 1,000 BEIR SciFact abstracts (nobody here wrote
 * them), each inside a help-site page (header, navigation, cookie banner, sidebar, footer, scripts), in
 * two layouts: with an `<article>` landmark, and with only `<div>`s (Readability's path). Measured: how much
 * of the abstract survives (sentences found verbatim, whitespace aside), how often boilerplate leaks in,
 * and ms per page. Skips with a message when ../shared/data is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { htmlToMarkdown } from '../src/documents/convert/html.js';
import { helpPage } from '../test/helpers/help-site.js';
import { round, saveResults, summarize } from './stats.js';

const corpus = join(import.meta.dirname, '..', '..', 'shared', 'data', 'beir-scifact', 'corpus.jsonl');
if (!existsSync(corpus)) {
  console.log(`skipped: ${corpus} is absent`);
  process.exit(0);
}
const records = readFileSync(corpus, 'utf8')
  .split('\n')
  .filter(Boolean)
  .slice(0, 1000)
  .map((line) => JSON.parse(line) as { _id: string; title: string; text: string });
const boilerplate = [
  'cookies',
  'Getting started',
  'Search the help center',
  'Related articles',
  'All rights reserved',
  'dataLayer',
];
const flat = (text: string) =>
  text
    .replace(/[*_`\\]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

const results: Record<string, unknown> = {};
for (const layout of ['article landmark', 'divs only (Readability)'] as const) {
  let sentences = 0;
  let kept = 0;
  let leaks = 0;
  const times: number[] = [];
  for (const record of records) {
    const clean = (text: string) => text.replace(/[<>&]/g, ' ');
    let page = helpPage({ path: `/${record._id}`, title: clean(record.title), paragraphs: [clean(record.text)] });
    if (layout !== 'article landmark') {
      page = page.replace(/<(\/?)(main|article)>/g, (_, slash) => `<${slash}div>`);
    }
    const started = performance.now();
    const { markdown } = htmlToMarkdown(page);
    times.push(performance.now() - started);
    const text = flat(markdown);
    for (const sentence of clean(record.text)
      .split(/(?<=\.)\s+/)
      .filter((part) => part.length > 20)) {
      sentences++;
      if (text.includes(flat(sentence))) kept++;
    }
    // A phrase the abstract (or its title) itself uses is not a leak.
    if (boilerplate.some((phrase) => markdown.includes(phrase) && !`${record.title} ${record.text}`.includes(phrase)))
      leaks++;
  }
  results[layout] = {
    pages: records.length,
    sentences_kept: round(kept / sentences, 4),
    pages_with_boilerplate: round(leaks / records.length, 4),
    ms_per_page: summarize(times),
  };
}
console.log(JSON.stringify(results, null, 2));
saveResults('convert', results);
