import { parentPort, workerData } from 'node:worker_threads';
import { cachedDetector } from '../values/cached.js';
import { createValueDetector } from '../values/index.js';
import { factLookup } from './content-checks.js';
import type { FactIndex } from './fact-index.js';
import { type BatchSettings, lintChunk } from './lint-batch.js';

// A lint worker: builds its detector and lookups once, then lints the chunks it is sent.
const { settings, index } = workerData as { settings: BatchSettings; index: FactIndex | undefined };
const detector = cachedDetector(createValueDetector());
const facts = factLookup(index);

parentPort?.on('message', (message: { id: number; bytes: Uint8Array; firstLine: number; keep: number }) => {
  try {
    const result = lintChunk(message, settings, detector, facts, message.keep);
    parentPort?.postMessage({ id: message.id, result }, [result.tokens.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort?.postMessage({
      id: message.id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
});
