import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { operator, readerFor } from './src/access.ts';
import { createAskContext, askSteps } from './src/ask/ask.ts';
import { openSqliteStore } from './src/store/sqlite/sqlite-store.ts';
import { guidelineDocuments } from './test/fixtures/abcd.ts';
const store = openSqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'h19dbg-')), 'a.db') });
await store.putMany(guidelineDocuments(), { reader: operator, author: 'a' });
await store.putPrincipal({ id: 'agent', roles: ['support', 'agent'] });
const q = process.argv[2]!;
const context = createAskContext({ question: q, reader: await readerFor(store, 'agent'), store, env: {} });
for (const [name, step] of askSteps) { await step(context); if (name === 'compose') break; }
console.log(context.hits.map(h => `${h.id}#${h.chunk} ${h.heading_path.join('/')} ${h.score}`).join('\n'));
for (const e of context.evidence?.selection.slice(0, 12) ?? []) console.log(e.score.toFixed(2), e.matched.join(), "|", e.unit.source.type === "passage" ? e.unit.source.hit.id + "#" + e.unit.source.hit.chunk : "", e.unit.text.slice(0, 100));
console.log(JSON.stringify(context.trace.coverage?.reason));
