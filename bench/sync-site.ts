/**
 * The 5,000-page site of `sync-bench.ts`, served from its own process (a real site is another machine: its
 * rendering must not share the syncing process's thread). Prints `{"url","pages","source"}` once listening.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HelpArticle } from '../test/helpers/help-site.js';
import { generatedSite, serveSite } from '../test/helpers/site-server.js';

const scifact = join(import.meta.dirname, '..', '..', 'shared', 'data', 'beir-scifact', 'corpus.jsonl');

function realSite(count: number): { pages: Map<string, HelpArticle>; source: string } {
  if (!existsSync(scifact)) {
    console.error(`(${scifact} absent: the site is generated pages instead of SciFact abstracts)`);
    return { pages: generatedSite(count), source: 'generated' };
  }
  const pages = new Map<string, HelpArticle>();
  for (const line of readFileSync(scifact, 'utf8').split('\n')) {
    if (pages.size >= count || !line.trim()) continue;
    const record = JSON.parse(line) as { _id: string; title: string; text: string };
    const path = `/abstracts/${record._id}`;
    const sentences = record.text.split(/(?<=\.)\s+/);
    const half = Math.ceil(sentences.length / 2);
    pages.set(path, {
      path,
      title: record.title.replace(/[<>&]/g, ' '),
      paragraphs: [sentences.slice(0, half).join(' '), sentences.slice(half).join(' ')].map((text) =>
        text.replace(/[<>&]/g, ' '),
      ),
      related: [`/abstracts/${record._id}-related`],
    });
  }
  return { pages, source: 'BEIR SciFact abstracts' };
}

const { pages, source } = realSite(Number(process.env.SYNC_BENCH_PAGES ?? 5000));
const site = await serveSite({ pages });
console.log(JSON.stringify({ url: site.url, pages: pages.size, source }));
process.on('SIGTERM', () => void site.close().then(() => process.exit(0)));
