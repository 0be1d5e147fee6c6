import { Lexer } from 'marked';
import { chunkMarkdown } from '../src/documents/chunk-markdown.js';
import { parseDocumentText } from '../src/documents/parse-document.js';
import { round, saveResults } from './stats.js';

/**
 * `npm run bench:markdown`: is reading one markdown document linear in its length? Each shape is parsed
 * and chunked at 1 MB and at 5 MB (SEAM_BENCH_MARKDOWN_MB sets the larger size); linear time means the
 * larger takes about 5 times as long. In the same run, the peer is marked's full lexer (block and inline
 * tokens, what Seam used before), and the floor is splitting the text into lines.
 */

const largeMb = Number(process.env.SEAM_BENCH_MARKDOWN_MB ?? 5);
const sizes = [1, largeMb];

const shapes: Record<string, (bytes: number) => string> = {
  prose: (bytes) =>
    repeatTo(bytes, 'Customers can return unopened bags within 30 days of delivery. '.repeat(8), '\n\n'),
  headings: (bytes) => repeatTo(bytes, '## Refund window\n\nWithin 30 days of delivery, to the original card.', '\n\n'),
  list: (bytes) => repeatTo(bytes, '- a refund takes 3 to 5 business days', '\n'),
  'nested list (16 levels)': (bytes) => repeatTo(bytes, `${'- '.repeat(16)}item`, '\n'),
  table: (bytes) => `| plan | price |\n|---|---|\n${repeatTo(bytes, '| Daily Grind | $14 |', '\n')}`,
  code: (bytes) => `\`\`\`json\n${repeatTo(bytes, '{ "order_id": "TW-1042", "status": "shipped" }', '\n')}\n\`\`\``,
  'quotes 3,000 deep': (bytes) => repeatTo(bytes, `${'>'.repeat(3000)} nested`, '\n\n'),
  'one 5 MB line': (bytes) => 'word '.repeat(Math.floor(bytes / 5)),
};

function repeatTo(bytes: number, unit: string, separator: string): string {
  return Array.from({ length: Math.max(1, Math.floor(bytes / (unit.length + separator.length))) }, () => unit).join(
    separator,
  );
}

function time(action: () => unknown): number | 'stack overflow' {
  const started = performance.now();
  try {
    action();
  } catch (error) {
    if (error instanceof RangeError) return 'stack overflow';
    throw error;
  }
  return round(performance.now() - started, 1);
}

const results: Record<string, unknown>[] = [];
console.log(`Markdown: parse and chunk one document, ${sizes.join(' and ')} MB (ms)\n`);
console.log(
  [
    'shape'.padEnd(26),
    ...sizes.map((size) => `seam ${size} MB`.padStart(12)),
    'growth'.padStart(8),
    `marked lex ${largeMb} MB`.padStart(18),
    'lines'.padStart(8),
  ].join(''),
);
for (const [shape, generate] of Object.entries(shapes)) {
  const seam: number[] = [];
  let peer: number | 'stack overflow' = 0;
  let floor: number | 'stack overflow' = 0;
  for (const size of sizes) {
    const body = generate(size * 1024 * 1024);
    const text = `---\nid: bench\ntitle: Bench\n---\n${body}`;
    const elapsed = time(() => chunkMarkdown(parseDocumentText(text, { file: 'bench.md', fallbackId: 'bench' }).body));
    if (elapsed === 'stack overflow') throw new Error(`${shape}: Seam's chunker overflowed the stack`);
    seam.push(elapsed);
    if (size === largeMb) {
      peer = time(() => new Lexer().lex(body));
      floor = time(() => body.split('\n').length);
    }
  }
  const growth = round((seam[1] ?? 0) / Math.max(seam[0] ?? 1, 0.1), 1);
  results.push({ shape, sizes_mb: sizes, seam_ms: seam, growth, marked_lex_ms: peer, split_lines_ms: floor });
  console.log(
    [
      shape.padEnd(26),
      ...seam.map((ms) => String(ms).padStart(12)),
      `×${growth}`.padStart(8),
      String(peer).padStart(18),
      String(floor).padStart(8),
    ].join(''),
  );
}
console.log(`\ngrowth: time at ${largeMb} MB over time at 1 MB (linear ≈ ×${largeMb}).`);
saveResults('markdown-bench', { large_mb: largeMb, results });
