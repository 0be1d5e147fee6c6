import { dirname, join, relative } from 'node:path';
import { operator } from '../access.js';
import { parseDocumentText } from '../documents/parse-document.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { writeFileAtomic } from '../util/write-file-atomic.js';
import { demoAskConfig } from './ask-config.js';
import { demoDates, demoFiles } from './corpus.js';
import { claimDemoHome, type DemoPaths } from './demo-home.js';
import { writeDemoState } from './state.js';
import { demoTranscriptsJsonl } from './transcripts.js';

export const demoPrincipals = [
  { id: 'sam', roles: ['support', 'agent'] },
  { id: 'bea', roles: ['billing', 'support', 'agent'] },
  { id: 'cust-ana', roles: ['customer'] },
  { id: 'cust-ben', roles: ['customer'] },
];

/**
 * Create (or reset) the demo in its own folder: the store with every document's history and the
 * principals, the newest markdown for the user to edit, the orders database, the `seam ask` config and
 * past answers for `seam audit`. Refuses, before writing anything, a folder whose store or files the demo
 * did not create (see `claimDemoHome`). Returns how many documents were seeded.
 */
export async function seedDemo(options: { paths: DemoPaths; now: () => Date }): Promise<number> {
  const { paths, now } = options;
  await claimDemoHome(paths);
  const files = demoFiles(demoDates(now()));
  const store = openSqliteStore({ path: paths.store, now });
  try {
    for (const file of files) {
      const fallbackId = file.path.replace(/\.md$/, '');
      const versions = file.versions.map((version) => ({
        ...version,
        document: {
          ...parseDocumentText(version.markdown, { file: file.path, fallbackId }),
          source: join(paths.kb, file.path),
        },
      }));
      const id = versions[0]?.document.id;
      if (id !== undefined) await store.remove(id, { reader: operator });
      for (const version of versions)
        await store.put(version.document, { reader: operator, author: version.author, message: version.message });
      const newest = file.versions.at(-1);
      if (newest) await writeFileAtomic(join(paths.kb, file.path), newest.markdown);
    }
    for (const principal of demoPrincipals) await store.putPrincipal(principal);
  } finally {
    await store.close();
  }
  await writeDemoState(paths.state, now());
  const stateDatabase = relative(dirname(paths.config), paths.state);
  await writeFileAtomic(paths.config, `${JSON.stringify(demoAskConfig({ stateDatabase }), null, 2)}\n`);
  await writeFileAtomic(paths.transcripts, demoTranscriptsJsonl());
  return files.length;
}
