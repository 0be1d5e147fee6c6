import { join } from 'node:path';
import { openPooledSqliteStore } from '../../src/store/sqlite/pooled-store.js';
import { tempDir } from '../helpers/temp.js';
import { runKnowledgeStoreSuite } from './knowledge-store.suite.js';

const dir = tempDir('seam-pooled-');
let counter = 0;
runKnowledgeStoreSuite(
  'sqlite pooled (reader threads, one writer thread)',
  () => openPooledSqliteStore({ path: join(dir, `suite-${++counter}.db`), readThreads: 1 }),
  () => openPooledSqliteStore({ path: join(dir, `suite-${counter}.db`), readThreads: 1 }),
);
