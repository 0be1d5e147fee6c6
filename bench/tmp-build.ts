import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { generateCorpus } from './corpus.js';
import { importCorpus } from './store-bench.js';
const path = process.argv[2] as string;
const store = openSqliteStore({ path });
const figures = await importCorpus({ store, path, corpus: generateCorpus({ targetChunks: Number(process.argv[3]), seed: 42 }), batchSize: 500 });
await store.putPrincipal({ id: 'bea', roles: ['billing'] });
await store.close();
console.log(figures);
