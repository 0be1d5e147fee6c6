import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { operator } from '../src/access.js';
import { forget } from '../src/forget/forget.js';
import { parseForgetValue, subjectValue } from '../src/forget/forget-value.js';
import { redactValues } from '../src/forget/matcher.js';
import { scanFiles } from '../src/forget/residual-scan.js';
import type { DocumentInput } from '../src/store/knowledge-store.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { seededRandom } from '../test/helpers/random.js';
import { round, timed } from './stats.js';

/**
 * `npm run bench:forget`: one `seam forget` on a store of `SEAM_BENCH_DOCS` documents (default 3,000, two
 * versions each, ~1.5 KB a version), 10 about the subject and 1% mentioning the values. Compared with the
 * physical limits of its two passes: the residual scan against reading the same files (readFileSync), and
 * the store pass against reading every version once (`timelines`) plus the matcher over every text alone.
 */
const documents = Number(process.env.SEAM_BENCH_DOCS ?? 3000);
const random = seededRandom(7);
const words = 'refund order parcel window plan invoice courier return policy account delivery support'.split(' ');
const sentence = () => Array.from({ length: 12 }, () => words[Math.floor(random() * words.length)]).join(' ');
const body = (index: number, version: number) => {
  const parts = Array.from({ length: 6 }, (_, part) => `## Part ${part}\n\n${sentence()}. ${sentence()}.`);
  if (index % 100 === 5) parts.push(`Escalate to Dana Whitfield at dana.whitfield@example.com or (415) 555-0142.`);
  return `Version ${version} of document ${index}.\n\n${parts.join('\n\n')}`;
};
const doc = (index: number, version: number): DocumentInput => ({
  id: `doc-${index}`,
  title: `Document ${index}`,
  collection: 'policy',
  acl: null,
  effective_from: null,
  effective_until: null,
  subjects: index < 10 ? ['cust-1042'] : [],
  tags: [],
  extra: {},
  body: body(index, version),
});

const dir = mkdtempSync(join(tmpdir(), 'seam-forget-bench-'));
const path = join(dir, 'seam.db');
try {
  const store = openSqliteStore({ path });
  for (const version of [1, 2]) {
    const batch = Array.from({ length: documents }, (_, index) => doc(index, version));
    await store.putMany(batch, { reader: operator, author: 'bench' });
  }
  const values = ['dana.whitfield@example.com', '+1 415 555 0142', 'Dana Whitfield'];
  const matchers = [...values.map((value, index) => parseForgetValue(value, index + 1)), subjectValue('cust-1042')];

  // Physical limits, measured on the same store before forgetting.
  const read = await timed(async () =>
    (await store.timelines({ reader: operator })).flatMap((timeline) =>
      timeline.versions.map((version) => version.body),
    ),
  );
  const textBytes = read.value.reduce((sum, text) => sum + text.length, 0);
  redactValues('Dana Whitfield', matchers); // the detector's word lists load once, outside the timing
  const matchAlone = await timed(() => read.value.filter((text) => redactValues(text, matchers) !== undefined).length);
  const files = [path, `${path}-wal`, `${path}-shm`];
  const run = await timed(() =>
    forget({ store, reader: operator, subject: 'cust-1042', values, dryRun: false, now: new Date() }),
  );
  const rawRead = await timed(() => files.reduce((bytes, file) => bytes + readFileSync(file).length, 0));
  const scan = await timed(() => scanFiles(files, matchers));
  await store.close();

  const receipt = run.value;
  console.log(`forget on ${documents} documents x 2 versions (${round(textBytes / 2 ** 20, 1)} MB of text)`);
  console.log(
    `  deleted ${receipt.documents_deleted.length}, redacted ${receipt.documents_redacted.length} (${matchAlone.value} versions matched), residual ${receipt.residual}`,
  );
  console.log(`  seam forget, whole:                 ${round(run.ms, 0)} ms`);
  console.log(`  reading every version (timelines):   ${round(read.ms, 0)} ms`);
  console.log(`  + the matcher over every body alone: ${round(matchAlone.ms, 0)} ms`);
  console.log(`  forget / (read + match):             ${round(run.ms / (read.ms + matchAlone.ms), 2)}x`);
  console.log(
    `  residual scan of ${round(rawRead.value / 2 ** 20, 1)} MB: ${round(scan.ms, 0)} ms; readFileSync alone ${round(rawRead.ms, 1)} ms; ratio ${round(scan.ms / Math.max(rawRead.ms, 0.001), 1)}x`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
