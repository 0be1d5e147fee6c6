import { parentPort, workerData } from 'node:worker_threads';
import { cachedDetector } from '../values/cached.js';
import { createValueDetector } from '../values/index.js';
import { factLookup } from './content-checks.js';
import type { FactIndex } from './fact-index.js';
import { type BatchSettings, compactBatch, lintBatch } from './lint-batch.js';

// A lint worker: builds its detector and lookups once, then lints the batches it is sent.
const { settings, index } = workerData as { settings: BatchSettings; index: FactIndex | undefined };
const detector = cachedDetector(createValueDetector());
const facts = factLookup(index);

parentPort?.on('message', (message: { id: number; lines: { line: number; text: string }[]; keep: number }) => {
  try {
    const result = compactBatch(lintBatch(message.lines, settings, detector, facts), message.keep);
    parentPort?.postMessage({ id: message.id, result });
  } catch (error) {
    parentPort?.postMessage({
      id: message.id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
});
